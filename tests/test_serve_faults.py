"""`serve` meeting what breaks a build: a seed whose name is as long as a file name may be, and a rebuild that
fails. The server keeps answering with the last build's pages, says what failed in one line, and recovers by
itself once the cause is gone (no restart)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, free_port
from generator.render import speech_path

pytestmark = pytest.mark.slow

LONG_NAME = "a " + "b" * 249 + ".txt"  # 255 bytes: the most a file name may have
OTHER = "speeches/004_de64fb12bc0e1851/"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # a server that holds requests fails here
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _until(check, what: str, log: Path, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what}, not within {timeout} s:\n{log.read_text()[-4000:]}"
        time.sleep(0.2)


def _page(source: str) -> str:
    return urllib.parse.quote(speech_path(source).removesuffix(".md") + "/")


def test_serve_survives_a_long_name_and_a_failed_rebuild(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "docs_templates", templates)
    config = tmp_path / "mkdocs.yml"
    config.write_text(ROOT.joinpath("mkdocs.yml").read_text(encoding="utf-8")
                      .replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
                      .replace("templates: docs_templates", f"templates: {templates}"), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(config), "--seeds", str(seeds),
                                 "-a", f"127.0.0.1:{port}"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        def serving() -> bool:
            try:
                return _get(base + OTHER)[0] == 200
            except OSError:
                assert proc.poll() is None, log.read_text()
                return False

        _until(serving, "the first build is not served", log, 120)

        # A 255-byte name: its page is made under a shortened path, and the name is reported.
        long_seed = seeds / LONG_NAME
        shutil.copy(seeds / "004_de64fb12bc0e1851.txt", long_seed)
        _until(lambda: _get(base + _page(LONG_NAME))[0] == 200, "the long-named seed's page is not served", log)
        assert "has a name too long for a page address (255 bytes)" in log.read_text()
        assert _get(base + OTHER)[0] == 200
        long_seed.unlink()
        _until(lambda: _get(base + _page(LONG_NAME))[0] == 404, "the removed seed's page is still served", log)
        assert _get(base + OTHER)[0] == 200

        # A rebuild that fails (a template broken while editing it): one line, and the old pages still answer.
        template = templates / "speech.md.j2"
        good = template.read_text(encoding="utf-8")
        template.write_text(good + "{% if %}\n", encoding="utf-8")
        _until(lambda: "rebuild failed, still serving the last build's pages" in log.read_text(),
               "the failed rebuild is not reported", log)
        status, page = _get(base + OTHER)  # answered at once: MkDocs alone held every request until a good build
        assert status == 200 and "强产兴城" in page
        seed = seeds / "004_de64fb12bc0e1851.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace("信心比黄金更重要", "信心比钻石更重要"), encoding="utf-8")
        time.sleep(1)
        assert "信心比钻石更重要" not in _get(base + OTHER)[1]  # still the last good build

        # The template mended: the next build succeeds, with the edit made meanwhile, and no restart.
        template.write_text(good, encoding="utf-8")
        _until(lambda: "信心比钻石更重要" in _get(base + OTHER)[1], "the site is not built again", log)
        assert proc.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
