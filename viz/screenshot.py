"""Take a screenshot of a map page in headless Chromium (how docs/map-screenshot.png is made).

Needs playwright (a test dependency) and a Chromium; by default Debian's ``/usr/bin/chromium``.
Every request other than the page itself is refused, as in the tests.

Usage::

    argmap draw -o map.html
    python -m viz.screenshot map.html docs/map-screenshot.png --width 1280 --height 800
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["screenshot"]


def screenshot(page_path, png_path, width: int = 1280, height: int = 800,
               executable: str = "/usr/bin/chromium", full_page: bool = False) -> Path:
    """Open *page_path* at *width* × *height* CSS pixels and save a PNG to *png_path*."""
    from playwright.sync_api import sync_playwright

    url = Path(page_path).resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            page.goto(url)
            page.wait_for_selector("html[data-ready=true]", state="attached")
            page.screenshot(path=str(png_path), full_page=full_page)
        finally:
            browser.close()
    return Path(png_path)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args(argv)
    screenshot(args.page, args.png, args.width, args.height, args.chromium, args.full_page)


if __name__ == "__main__":
    main()
