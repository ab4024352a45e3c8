"""The first search in headless Chromium: open a speech page, open the search box at once, type a query,
and time until the first result shows. Material fetches search_index.json and builds its index in a web
worker when the page loads, so this is what a reader who searches straight away waits for; with ``throttle``
the browser's network is a reader's (Chrome DevTools Protocol emulation), and the bytes it fetched are
counted."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the network flags keep it off this machine's closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def static_server(root: Path, prefix: str = "/", served: list[tuple[float, str, int]] | None = None) -> Iterator[str]:
    """Serve a built site on loopback under ``prefix`` (e.g. "/sub/path/"); yields its base URL.
    ``served``: a list that gets (arrival time, path, bytes of the file sent) for every request answered, from
    pages and web workers alike (the DevTools protocol's page session sees only the page's own requests).
    (The tests use it too, through tests/conftest.py.)"""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_Quiet):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(root / "__outside_prefix__")
            return super().translate_path("/" + path[len(prefix):])

        def do_GET(self) -> None:
            arrived = time.perf_counter()
            f = self.send_head()
            if f is None:
                return
            try:
                if served is not None:
                    served.append((arrived, self.path, os.fstat(f.fileno()).st_size))
                self.copyfile(f, self.wfile)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went away mid-file (it was closed after the result showed)
            finally:
                f.close()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# A reader's connection for the first-search figure: 10 Mbit/s both ways and 40 ms latency, as Chrome DevTools
# emulates it (Network.emulateNetworkConditions; throughput in bytes per second).
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}


class _Traffic:
    """Bytes over the wire per request, from the DevTools protocol's Network events (encodedDataLength)."""

    def __init__(self, cdp: Any) -> None:
        self.requests: dict[str, dict[str, Any]] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._done)

    def _sent(self, ev: dict[str, Any]) -> None:
        self.requests[ev["requestId"]] = {"url": ev["request"]["url"], "t": time.perf_counter(), "bytes": 0, "done": None}

    def _done(self, ev: dict[str, Any]) -> None:
        r = self.requests.get(ev["requestId"])
        if r is not None:
            r["bytes"], r["done"] = ev["encodedDataLength"], time.perf_counter()

    def between(self, start: float, end: float) -> list[dict[str, Any]]:
        """The requests sent at or after start and finished by end."""
        return [r for r in self.requests.values() if r["t"] >= start and r["done"] is not None and r["done"] <= end]


def first_search(site: Path | str, query: str = "双联", timeout_s: float = 120, throttle: bool = False,
                 prefix: str = "/") -> dict[str, Any]:
    """Seconds from opening the search box (right after page load) to the first result, and from the start
    of page load to it; with ``throttle``, over an emulated 10 Mbit/s, 40 ms connection. Also the bytes that
    came over the wire from the start of page load to the first result (the search index is fetched when the
    page loads) and the largest downloads. ``prefix``: the sub-path the site is served under."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    speech = sorted(p.parent.name for p in (site / "speeches").glob("*/index.html"))[0]
    served: list[tuple[float, str, int]] = []
    with static_server(site, prefix, served) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            if throttle:
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
            traffic = _Traffic(cdp)
            t_nav = time.perf_counter()
            page.goto(f"{base}speeches/{speech}/", wait_until="load", timeout=timeout_s * 1000)
            t_load = time.perf_counter()
            t_open = time.perf_counter()
            box = page.locator("input.md-search__input")
            box.click()  # the header's search field: clicking it opens the search box
            box.fill(query)
            # Material reads the box on keyup (and when its worker is ready); fill() types no key, as an IME's
            # composed text does not either: a key press after it is what a reader's last keystroke is.
            box.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=timeout_s * 1000)
            t_result = time.perf_counter()
            meta = page.locator(".md-search-result__meta").inner_text()
            count = page.locator(".md-search-result__item").count()
            page.wait_for_timeout(300)  # let the requests that finished before the result report it
            got = traffic.between(t_nav, t_result + 0.05)
        finally:
            browser.close()
    asked = [(path, size) for t, path, size in served if t_nav <= t < t_result]
    largest = sorted(asked, key=lambda r: r[1], reverse=True)[:3]
    return {"site": str(site), "query": query, "throttle": throttle, "page_load_s": t_load - t_nav,
            "open_to_result_s": t_result - t_open, "load_to_result_s": t_result - t_nav,
            "results": meta.strip() or count,
            # What the server sent for the requests made from page load to the result, and what the page's
            # DevTools session saw come over the wire (without what web workers fetched themselves).
            "bytes_to_result": sum(size for _, size in asked), "page_wire_bytes": sum(r["bytes"] for r in got),
            "largest": largest}
