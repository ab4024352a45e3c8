"""The first search in headless Chromium: open a speech page, open the search box at once, type a query,
and time until the first result shows. Material fetches search_index.json and builds its index in a web
worker when the page loads, so this is what a reader who searches straight away waits for."""

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
def static_server(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve a built site on loopback under ``prefix`` (e.g. "/sub/path/"); yields its base URL.
    (The tests use it too, through tests/conftest.py.)"""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_Quiet):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(root / "__outside_prefix__")
            return super().translate_path("/" + path[len(prefix):])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def first_search(site: Path | str, query: str = "双联", timeout_s: float = 120) -> dict[str, Any]:
    """Seconds from opening the search box (right after page load) to the first result, and from the start
    of page load to it."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    speech = sorted(p.parent.name for p in (site / "speeches").glob("*/index.html"))[0]
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            t_nav = time.perf_counter()
            page.goto(f"{base}speeches/{speech}/", wait_until="load")
            t_load = time.perf_counter()
            t_open = time.perf_counter()
            box = page.locator("input.md-search__input")
            box.click()  # the header's search field: clicking it opens the search box
            box.fill(query)
            page.wait_for_selector(".md-search-result__item", timeout=timeout_s * 1000)
            t_result = time.perf_counter()
            meta = page.locator(".md-search-result__meta").inner_text()
            count = page.locator(".md-search-result__item").count()
        finally:
            browser.close()
    return {"site": str(site), "query": query, "page_load_s": t_load - t_nav, "open_to_result_s": t_result - t_open,
            "load_to_result_s": t_result - t_nav, "results": meta.strip() or count}
