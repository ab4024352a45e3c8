"""Shared fixtures: the project's paths, a built site, a static server, and Debian's Chromium via Playwright."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the bench package, also under a bare `pytest`

from bench.browser import CHROMIUM, CHROMIUM_ARGS, free_port, static_server  # noqa: E402,F401 - the tests' too

SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
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


def in_own_process(module: str, func: str, *args: object, timeout: float = 600, **kwargs: object) -> Any:
    """``module.func(*args, **kwargs)`` in a Python process of its own, its result back through JSON. For
    Playwright from a browser test: the session's Playwright (the ``browser`` fixture) holds this process's
    event loop, so a second one must run elsewhere."""
    code = ("import importlib, json, sys; call = json.loads(sys.argv[1]); "
            "fn = getattr(importlib.import_module(call['module']), call['func']); "
            "print(json.dumps(fn(*call['args'], **call['kwargs']), ensure_ascii=False))")
    call = json.dumps({"module": module, "func": func, "args": args, "kwargs": kwargs}, ensure_ascii=False)
    proc = subprocess.run([sys.executable, "-c", code, call], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
