"""A real Oxigraph SPARQL server on 127.0.0.1 for tests (PyPI package ``oxigraph``).

    with oxigraph_server() as server:
        server.load_turtle(path)            # over the SPARQL 1.1 Graph Store protocol
        run_argmap("--store", server.query_url, "claims")
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OxigraphServer:
    base_url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """Graph Store protocol endpoint (default graph)."""
        return f"{self.base_url}/store?default"

    def load_turtle(self, path: str | Path) -> None:
        """Replace the default graph with the Turtle file, over HTTP (Graph Store protocol)."""
        data = Path(path).read_bytes()
        request = urllib.request.Request(self.store_url, data=data, method="PUT",
                                         headers={"Content-Type": "text/turtle"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204), response.status

    def clear(self) -> None:
        self.update("CLEAR ALL")

    def update(self, sparql_update: str) -> None:
        request = urllib.request.Request(self.update_url, data=sparql_update.encode("utf-8"),
                                         method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 204), response.status

    def dump_ntriples(self) -> str:
        request = urllib.request.Request(self.store_url, headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read().decode("utf-8")


@contextlib.contextmanager
def oxigraph_server(timeout_s: int = 30) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` (in-memory) on a free loopback port; stop it afterwards."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="argmap-oxigraph-") as location:
        process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", location, "--bind", f"127.0.0.1:{port}",
             "--timeout-s", str(timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError("oxigraph server exited: "
                                       + process.stderr.read().decode(errors="replace"))
                try:
                    with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        raise RuntimeError("oxigraph server did not start in 30 s")
                    time.sleep(0.1)
            yield OxigraphServer(base_url=base, process=process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
