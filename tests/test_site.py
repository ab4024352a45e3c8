"""End to end: the bundled seeds through MkDocs, the CLI, export, and `mkdocs serve`."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, free_port, mkdocs_build

SEED_STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_strict_build_has_every_page(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "glossary" / "index.html").is_file()
    assert (built_site / "speeches" / "index.html").is_file()
    for stem in SEED_STEMS:
        assert (built_site / "speeches" / stem / "index.html").is_file(), stem
    log = (built_site / ".build-log").read_text(encoding="utf-8")
    assert not re.search(r"^(WARNING|ERROR)\s+-", log, re.M), log


def test_search_index_is_segmented(built_site: Path) -> None:
    raw = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(raw)
    text = "".join(d["text"] for d in index["docs"])
    assert "\u200b" in text, "Chinese was not segmented: is jieba importable?"
    assert any("双联" in d["text"] for d in index["docs"])


def test_speech_page_has_outline_and_anchors(built_site: Path) -> None:
    html = (built_site / "speeches" / "002_d785b1ea62eb0eee" / "index.html").read_text(encoding="utf-8")
    assert "在全县上半年经济工作会议上的讲话" in html
    # The page TOC is the outline: the level-1 headings are in the sidebar TOC with stable ids.
    for label in ("一、客观审视上半年经济工作", "二、聚力抓好下半年重点工作", "三、以强有力的措施保证落实"):
        assert re.search(rf'<h2 id="[^"]+"[^>]*>{re.escape(label)}', html), label
        assert label in html.split('data-md-component="toc"')[1]
    assert re.search(r'<p id="[^"]+">', html), "paragraphs carry anchors"


def test_build_writes_nothing_under_docs_dir(tmp_path: Path) -> None:
    docs = ROOT / "docs"
    before = tree_digest(docs)
    mkdocs_build(tmp_path / "site")
    assert tree_digest(docs) == before


def test_export_is_deterministic(tmp_path: Path) -> None:
    trees = []
    for i, seed in enumerate(("1", "4242")):
        out = tmp_path / f"export{i}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "generator", "export", "--out", str(out)], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        trees.append(tree_digest(out))
    assert trees[0] == trees[1]
    assert "SUMMARY.md" in trees[0] and "glossary.md" in trees[0]
    assert sum(1 for k in trees[0] if k.startswith("speeches/")) == len(SEED_STEMS) + 1


@pytest.mark.parametrize("command", ["build", "serve", "export", "clean", "outline", "glossary", "check"])
def test_every_command_has_help(command: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", command, "--help"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert "usage: python -m generator " + command in proc.stdout


def test_cli_build_swaps_site_in(tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site), "--strict"], cwd=ROOT,
                   check=True, capture_output=True)
    assert (site / "index.html").is_file()
    assert not list(tmp_path.glob(".site.*")), "no temporary folder left behind"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode("utf-8")


SERVE_COMMANDS = {
    # mkdocs serve rebuilds every page on a change; ours rebuilds only the pages that changed (--dirty).
    "mkdocs": ["-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml")],
    "generator": ["-m", "generator", "serve"],
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(SERVE_COMMANDS))
def test_serve_rebuilds_on_seed_edit_without_loop(tmp_path: Path, command: str) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    port = free_port()
    env = {**os.environ, "SPEECHES_SEEDS": str(seeds), "PYTHONUNBUFFERED": "1"}
    args = [*SERVE_COMMANDS[command], "-a", f"127.0.0.1:{port}"]
    if command == "generator":
        args += ["--seeds", str(seeds)]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/speeches/004_de64fb12bc0e1851/"
        deadline = time.monotonic() + 120
        while True:
            try:
                before = _get(url)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(log_path.read_text())
                time.sleep(0.5)
        assert "强产兴城" in before
        seed = seeds / "004_de64fb12bc0e1851.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace("信心比黄金更重要", "信心比钻石更重要"), encoding="utf-8")
        edited = time.monotonic()
        while "信心比钻石更重要" not in _get(url):
            assert time.monotonic() - edited < 15, "the served page did not change within 15 s"
            time.sleep(0.2)
        # Removing a seed drops its page; adding one adds it.
        (seeds / "001_be04a5044fa86afc.txt").unlink()
        removed = time.monotonic()
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/speeches/001_be04a5044fa86afc/")
            except urllib.error.HTTPError as exc:
                assert exc.code == 404
                break
            assert time.monotonic() - removed < 15, "the removed seed's page is still served"
            time.sleep(0.2)
        # A new seed gets its page, and every other page's nav lists it (also when only changed pages rebuild).
        added = seeds / "005_new.txt"
        added.write_text("在全县秋季农业生产工作会议上的讲话\n同志们：\n今天召开会议，部署秋收秋种工作。\n", encoding="utf-8")
        start = time.monotonic()
        while "秋季农业生产" not in _get(url):
            assert time.monotonic() - start < 15, "the new seed is not in the other pages' nav"
            time.sleep(0.2)
        assert "秋收秋种" in _get(f"http://127.0.0.1:{port}/speeches/005_new/")
        # No rebuild loop: once settled, no further builds happen.
        time.sleep(3)
        builds = log_path.read_text().count("Building documentation")
        time.sleep(4)
        assert log_path.read_text().count("Building documentation") == builds, log_path.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_restored_run_in_numeral_shows_in_the_text(built_site: Path) -> None:
    """003's scrubbed 三是 is restored as [三]是 in the outline; the paragraph shows the same restored numeral,
    highlighted, before the bare 是 the source kept."""
    html = (built_site / "speeches" / "003_e9693bc89b1ce7ce" / "index.html").read_text(encoding="utf-8")
    restored = r'<mark class="damage damage-restored" title="推断补全[^"]+">&#91;三&#93;</mark>'
    assert re.search(restored + r'<mark class="damage damage-scrubbed" title="[^"]+">是</mark>', html)
