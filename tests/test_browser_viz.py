"""The map in a real browser (Debian's Chromium through playwright), as readers meet it.

Every page is served from a loopback HTTP server; every request is routed, and any request other
than the page itself (and, for the embedding test, its host page) fails the test.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import sync_playwright
from rdflib.namespace import RDF

from _viz_support import HOSTILE, hostile_debate
from graph.store import load_graph
from graph.vocab import AM
from viz.html import draw, embed_snippet

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory, shipped_graph):
    """A folder of maps served on 127.0.0.1: the shipped debate and a hostile one."""
    folder = tmp_path_factory.mktemp("site")
    draw(shipped_graph, folder / "map.html")
    draw(load_graph(hostile_debate().encode(), format="turtle"), folder / "hostile.html")
    (folder / "host.html").write_text(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>News</title>"
        "<script>window.__messages=[];window.addEventListener('message',"
        "function(e){window.__messages.push(e.data);});</script></head><body>"
        "<article style='max-width:720px;margin:auto'><h1>Who wants a ban?</h1><p>Story.</p>"
        + embed_snippet(folder / "map.html", url="map.html?childId=argmap-1")
        + "<p>More story.</p></article></body></html>", encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page in a fresh browser context, with its requests, console errors and dialogs."""

    def __init__(self, browser, url: str, allowed: set[str] | None = None, ready: bool = True,
                 **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        allowed = allowed or {url}

        def route(request_route):
            if request_route.request.url in allowed:
                request_route.continue_()
            else:
                self.refused.append(request_route.request.url)
                request_route.abort()

        self.context.route("**/*", route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        if ready and context_options.get("java_script_enabled", True):
            self.page.wait_for_selector("html[data-ready=true]", state="attached")

    def close(self):
        self.context.close()


@pytest.fixture()
def shipped(browser, site):
    visit = Visit(browser, f"{site}/map.html", viewport={"width": 1280, "height": 800})
    yield visit
    visit.close()


def _ink(page) -> int:
    """Pixels of the map canvas that are not background: 0 means a blank map."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#map canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
        }
        return ink;
    }""")


def test_shipped_map_loads_offline_without_errors_and_draws(shipped):
    assert shipped.refused == [] and shipped.errors == []
    assert _ink(shipped.page) > 5000
    assert shipped.page.locator("#status-line").inner_text().startswith("Showing ")


def test_search_then_click_a_result_opens_its_card(shipped):
    page = shipped.page
    page.locator("#search").fill("Südkreuz")
    results = page.locator("#results button")
    results.first.wait_for()
    first = results.first.inner_text()
    assert "Südkreuz" in first
    results.first.click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    assert first.split("\n")[0].split(" claim")[0][:30] in card.locator("h2").inner_text()
    assert "who said it" in card.inner_text().lower()
    for link in card.locator("a").all():
        assert link.get_attribute("href").startswith(("https://", "http://"))
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"
    assert shipped.errors == [] and shipped.refused == []


def test_topic_filter_hides_claims_off_topic(shipped):
    page = shipped.page
    before = page.locator("#status-line").inner_text()
    page.locator("details.filters summary").click()
    page.locator("#filter-topic").select_option(index=1)
    after = page.locator("#status-line").inner_text()
    shown, total = [int(w) for w in after.split() if w.isdigit()][:2]
    assert before != after and 0 < shown < total
    page.locator("#filter-topic").select_option(index=0)
    assert page.locator("#status-line").inner_text() == before


def test_focus_on_a_claim_and_back(shipped):
    page = shipped.page
    page.locator("#search").fill("Südkreuz")
    page.locator("#results button").first.click()
    page.get_by_role("button", name="Show only its neighbourhood").click()
    focused = page.locator("#status-line").inner_text()
    assert " around " in focused
    page.locator("#back").click()
    assert " around " not in page.locator("#status-line").inner_text()


def test_outline_lists_every_claim(shipped, shipped_graph):
    claims = {c for t in (AM.Claim, AM.Proposal) for c in shipped_graph.subjects(RDF.type, t)}
    listed = shipped.page.eval_on_selector_all(
        "#outline li[data-claim]", "items => [...new Set(items.map(i => i.dataset.claim))]")
    assert len(listed) == len(claims)
    toggle = shipped.page.locator("#outline-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert shipped.page.locator("#outline").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"


def test_first_tab_offers_the_text_version(shipped):
    page = shipped.page
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator("#outline").is_visible()
    assert page.evaluate("document.activeElement.id") == "outline"


def test_tab_reaches_the_controls_and_the_keyboard_walks_the_map(shipped):
    page = shipped.page
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert reached[0] == "skip-to-text"
    assert {"search", "zoom-in", "fit", "outline-toggle", "map"} <= set(reached)
    page.locator("#map").focus()
    page.keyboard.press("ArrowRight")
    card = page.locator("#card")
    card.wait_for(state="visible")
    first = card.locator("h2").inner_text()
    page.keyboard.press("ArrowRight")
    assert card.locator("h2").inner_text() != first
    page.keyboard.press("Escape")
    assert card.is_hidden()


def test_hostile_data_renders_as_text(browser, site):
    visit = Visit(browser, f"{site}/hostile.html", viewport={"width": 1280, "height": 800})
    page = visit.page
    try:
        assert visit.refused == [] and visit.errors == [] and visit.dialogs == []
        page.locator("#outline-toggle").click()
        outline = page.locator("#outline").inner_text()
        for text in HOSTILE[:4]:
            assert text.split("|")[0].strip() in outline
        # open a claim card and an actor card (its URL is javascript:)
        page.locator("#search").fill("onerror")
        page.locator("#results button").first.click()
        card = page.locator("#card")
        assert "<img src=x onerror" in card.inner_text()
        page.locator("#search").fill("svg onload")
        page.locator("#results button", has_text="actor").first.click()
        assert "javascript:alert" in card.inner_text()  # shown, as text
        hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("https://", "http://")) for h in hrefs)
        assert page.locator("#card span", has_text="javascript:alert").count() == 1
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, svg[onload], iframe').length") == 0
        assert visit.dialogs == [] and visit.errors == [] and visit.refused == []
    finally:
        visit.close()


def test_content_security_policy_stops_requests_even_from_injected_markup(shipped):
    # Were anything ever to slip markup into the page, the browser itself refuses the request.
    outcome = shipped.page.evaluate("""() => new Promise(resolve => {
        const img = document.createElement('img');
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('refused');
        img.src = 'https://tracker.example/pixel.gif';
        document.body.appendChild(img);
    })""")
    assert outcome == "refused"
    assert shipped.refused == []  # it never reached the network
    assert any("Content Security Policy" in e for e in shipped.errors)


def test_embedded_map_posts_its_height_and_the_host_resizes_it(browser, site):
    host = f"{site}/host.html"
    visit = Visit(browser, host, allowed={host, f"{site}/map.html?childId=argmap-1"}, ready=False,
                  viewport={"width": 800, "height": 900})
    page = visit.page
    try:
        page.wait_for_function("window.__messages.length >= 2")
        messages = page.evaluate("window.__messages")
        amp = [m for m in messages if isinstance(m, dict) and m.get("type") == "embed-size"]
        pym = [m for m in messages if isinstance(m, str) and
               m.startswith("pymxPYMxargmap-1xPYMxheightxPYMx")]
        assert amp and pym and amp[0]["sentinel"] == "amp"
        height = int(pym[-1].rsplit("xPYMx", 1)[1])
        page.wait_for_function(f"document.querySelector('iframe').style.height === '{height}px'")
        assert visit.refused == [] and visit.errors == []
    finally:
        visit.close()


def test_without_javascript_the_outline_is_the_map(browser, site):
    visit = Visit(browser, f"{site}/map.html", java_script_enabled=False)
    try:
        assert visit.page.locator("#outline").is_visible()
        assert visit.page.locator("#app").is_hidden()
        assert visit.page.locator(".nojs-note").is_visible()
    finally:
        visit.close()


def test_print_shows_the_outline_instead_of_the_canvas(shipped):
    shipped.page.emulate_media(media="print")
    assert shipped.page.locator("#outline").is_visible()
    assert shipped.page.locator("#map").is_hidden()


def test_phone_width_fits_and_cards_open(browser, site):
    visit = Visit(browser, f"{site}/map.html", viewport={"width": 320, "height": 640},
                  is_mobile=True, has_touch=True, reduced_motion="reduce")
    page = visit.page
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert _ink(page) > 1000
        page.locator("#search").fill("ban")
        page.locator("#results button").first.click()
        box = page.locator("#card").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert visit.errors == [] and visit.refused == []
    finally:
        visit.close()
