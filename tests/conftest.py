"""Shared fixtures: the project's paths, a built site, a static server, and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the network flags keep it off this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = ROOT / "tests" / "screenshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def mkdocs_build(site_dir: Path, *extra: str, env: dict[str, str] | None = None, config: Path | None = None,
                 check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config or ROOT / "mkdocs.yml"), "-d", str(site_dir), *extra]
    proc = subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled seeds built with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site") / "site"
    proc = mkdocs_build(site, "--strict")
    site.joinpath(".build-log").write_text(proc.stderr, encoding="utf-8")
    return site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def static_server(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` on loopback under `prefix` (e.g. "/sub/path/"); yields the base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_QuietHandler):
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


def _have_chromium() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. Skipped without Chromium, except in CI, where it must be there."""
    if not _have_chromium():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install the chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium) — browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def screenshot(page: object, name: str) -> Path:
    """Save a screenshot under tests/screenshots/ (git-ignored) for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path
