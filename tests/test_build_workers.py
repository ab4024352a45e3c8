"""Seeds cleaned and outlined in worker processes give the same pages, problems and order as in one process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.build as gb
from conftest import SEEDS
from generator.render import templates_dir_default


def _build(seeds: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> gb.BuildResult:
    monkeypatch.setenv("SPEECHES_WORKERS", workers)
    gb._CACHE.clear()
    return gb.build_pages(seeds, templates_dir_default())


def test_workers_give_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # a bad seed comes back as its problem
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    one = _build(seeds, "1", monkeypatch)
    two = _build(seeds, "2", monkeypatch)
    assert gb.workers_for(len(list(seeds.glob("*.txt")))) == 2  # the variable forces workers below PARALLEL_MIN
    assert [(p.path, p.markdown) for p in two.pages] == [(p.path, p.markdown) for p in one.pages]
    assert two.problems == one.problems
    assert {p.source for p in two.errors} == {"binary.txt", "empty.txt"}


def _pids(indices: list[int]) -> list[tuple[int, int]]:
    import os
    import time

    time.sleep(0.005 * len(indices))  # work to share: with none, this process is done before a worker starts
    return [(i, os.getpid()) for i in indices]


def test_parallel_map_keeps_the_order_and_this_process_takes_a_share() -> None:
    import os

    for n in (1, 7, 64, 500):
        got = gb.parallel_map(_pids, n, workers=2)
        assert [i for i, _ in got] == list(range(n))
        pids = {pid for _, pid in got}
        if n >= 64:
            assert len(pids) == 2 and os.getpid() in pids  # one forked worker, and this process
    assert gb.parallel_map(_pids, 0, workers=2) == []
    assert [pid for _, pid in gb.parallel_map(_pids, 10, workers=1)] == [os.getpid()] * 10


def _collecting(indices: list[int]) -> list[tuple[int, bool]]:
    import gc
    import os
    import time

    time.sleep(0.005 * len(indices))
    return [(os.getpid(), gc.isenabled()) for _ in indices]


def test_parallel_map_collects_garbage_only_for_work_that_leaves_cycles() -> None:
    import gc
    import os

    was = gc.isenabled()
    gc.enable()
    try:
        for cycles in (True, False):
            got = gb.parallel_map(_collecting, 200, workers=2, cycles=cycles)
            assert len({pid for pid, _ in got}) == 2 and os.getpid() in {pid for pid, _ in got}
            assert {on for _, on in got} == {cycles}, cycles  # in this process and the worker alike
            assert gc.isenabled()  # as it was before
    finally:
        if not was:
            gc.disable()


def _fails_at_7(indices: list[int]) -> list[int]:
    if 7 in indices:
        raise ValueError("chunk with 7")
    return indices


def test_parallel_map_raises_what_a_chunk_raises_wherever_it_ran() -> None:
    for n in (8, 64, 300):  # 7 in the worker's first chunks, or in this process's share
        with pytest.raises(ValueError, match="chunk with 7"):
            gb.parallel_map(_fails_at_7, n, workers=2)
    assert gb.parallel_map(_fails_at_7, 7, workers=2) == list(range(7))


def _dies_in_a_worker(indices: list[int]) -> list[int]:
    import os
    import time

    if os.getpid() != _PARENT[0]:
        os._exit(3)  # as a worker killed by the system would end: no result, no exception
    time.sleep(0.01)
    return indices


class _Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise TypeError("cannot pickle this")


def _raises_unpicklable_in_a_worker(indices: list[int]) -> list[int]:
    import os
    import time

    if os.getpid() != _PARENT[0]:
        raise _Unpicklable("lost on the way")
    time.sleep(0.01)
    return indices


_PARENT = [0]


def test_parallel_map_reports_a_worker_that_dies_or_fails_with_what_cannot_be_sent() -> None:
    import os

    _PARENT[0] = os.getpid()
    with pytest.raises(RuntimeError, match=r"exit code 3\b"):
        gb.parallel_map(_dies_in_a_worker, 200, workers=2)
    with pytest.raises(RuntimeError, match="could not be sent") as info:
        gb.parallel_map(_raises_unpicklable_in_a_worker, 200, workers=2)
    assert "lost on the way" in str(info.value.__cause__)  # the worker's traceback comes along
    assert gb.parallel_map(_pids, 64, workers=2)  # and the next call works as before


def test_outlines_alone_prepare_nothing_for_the_glossary(monkeypatch: pytest.MonkeyPatch) -> None:
    # `check` wants the problems, not a glossary: its seeds are not read for one (0.5 s of 2.6 s at 1,000).
    def no(*_: object) -> None:
        raise AssertionError("prepared for a glossary that no one makes")

    monkeypatch.setattr(gb, "prepare_speech", no)
    for workers in ("1", "2"):
        monkeypatch.setenv("SPEECHES_WORKERS", workers)
        gb._CACHE.clear()
        outlines, problems = gb.build_outlines(SEEDS)
        assert len(outlines) == 5 and not [p for p in problems if p.severity == "error"]


def test_the_cache_keeps_only_the_last_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    _build(seeds, "1", monkeypatch)
    assert len(gb._CACHE) == 5
    seed = seeds / "004_de64fb12bc0e1851.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n信心比黄金更重要。\n", encoding="utf-8")
    gb.build_pages(seeds, templates_dir_default())
    assert len(gb._CACHE) == 5  # the edited seed's old outline is gone


# --- MkDocs's Markdown and Material's search indexing, done ahead on every core (the plugin's on_nav) -------


def _site(tmp_path: Path, name: str, workers: str, docs: Path | None = None, strict: bool = True,
          plugin_options: str = "", tmp: Path | None = None) -> tuple[Path, str, int]:
    """``mkdocs build`` of the seeds with SPEECHES_WORKERS=workers: (site, its log, exit code). ``docs``: another
    docs_dir (a user page beside the speeches); ``plugin_options``: lines added to the speeches plugin's."""
    from conftest import ROOT, mkdocs_build

    config = None
    if docs is not None or plugin_options:
        text = (ROOT.joinpath("mkdocs.yml").read_text(encoding="utf-8")
                .replace("docs_dir: docs", f"docs_dir: {docs or ROOT / 'docs'}")
                .replace("templates: docs_templates", f"templates: {ROOT / 'docs_templates'}")
                .replace("      strict: false", "      strict: false" + plugin_options))
        config = tmp_path / f"{name}.yml"
        config.write_text(text, encoding="utf-8")
    site = tmp_path / name
    proc = mkdocs_build(site, *(["--strict"] if strict else []), config=config, check=False,
                        env={"SPEECHES_WORKERS": workers, "SPEECHES_SEEDS": str(ROOT / "seeds"),
                             **({"TMPDIR": str(tmp)} if tmp else {})})
    return site, proc.stdout + proc.stderr, proc.returncode


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_rendering_ahead_gives_the_same_site_byte_for_byte(tmp_path: Path) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    one, _, rc1 = _site(tmp_path, "one", "1")
    two, log, rc2 = _site(tmp_path, "two", "2", tmp=spool)
    assert rc1 == rc2 == 0, log
    assert "pages rendered ahead on 2 cores, this process and forked workers (Markdown, search entries, theme template)" in log, log
    a, b = _tree(one), _tree(two)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert list(spool.iterdir()) == []  # the pages and entries spooled there are gone with the build
    docs = b["search/search_index.json"].split(b'"docs":', 1)[1]
    assert b"\\u" not in docs and "\u200b".encode() in docs  # the segmented index, as UTF-8


_SERVE_BUILDS = """
import gc, logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.site_url = "http://127.0.0.1:8000/"  # as `mkdocs serve --dirty` does, then builds
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
seed = sys.argv[3] + "/004_de64fb12bc0e1851.txt"
text = open(seed, encoding="utf-8").read()
open(seed, "w", encoding="utf-8").write(text.replace("信心比黄金更重要", "信心比钻石更重要"))
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)  # an edit: the pages that changed
open(sys.argv[3] + "/005_new.txt", "w", encoding="utf-8").write(
    "在全县秋季农业生产工作会议上的讲话\\n同志们：\\n今天召开会议，部署秋收秋种工作。\\n")
frozen = gc.get_freeze_count()
build(config, serve_url="http://127.0.0.1:8000/", dirty=True)  # a new seed: every page (the nav changed)
print(frozen, gc.get_freeze_count())
"""


def _serve_builds(tmp_path: Path, name: str, workers: str, config: Path) -> tuple[dict[str, bytes], str]:
    """Three `serve --dirty` builds (_SERVE_BUILDS) of a copy of the seeds: (the site, the log)."""
    from conftest import ROOT

    seeds = tmp_path / f"seeds-{name}{workers}"
    shutil.copytree(SEEDS, seeds)
    site = tmp_path / f"site-{name}{workers}"
    proc = subprocess.run([sys.executable, "-c", _SERVE_BUILDS, str(config), str(site), str(seeds)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "SPEECHES_WORKERS": workers, "SPEECHES_SEEDS": str(seeds)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "pages unchanged, not rebuilt" in proc.stderr
    before, after = map(int, proc.stdout.split())
    assert before > 0 and after > before // 2, proc.stdout  # the fork for the workers did not unfreeze it
    return _tree(site), proc.stderr


_AHEAD_LOG = r"(\d+) pages rendered ahead on 2 cores, this process and forked workers \(Markdown, search entries(, theme template)?\)"


@pytest.mark.slow
def test_serve_builds_render_ahead_and_give_the_same_site(tmp_path: Path) -> None:
    # `serve --dirty` renders ahead on every core the pages each build makes, theme templates too: all of them
    # in the first build and when the nav changes, the changed ones after an edit (SPEECHES_WORKERS=2 forces
    # workers for a few). The corpus stays frozen from build to build.
    from conftest import ROOT

    one, log = _serve_builds(tmp_path, "site", "1", ROOT / "mkdocs.yml")
    assert re.findall(_AHEAD_LOG, log) == [], log[-3000:]
    two, log = _serve_builds(tmp_path, "site", "2", ROOT / "mkdocs.yml")
    # The seeds' pages: home, speech index, five speeches, the glossary and one concordance page (双联's).
    assert re.findall(_AHEAD_LOG, log) == [("9", ", theme template"), ("1", ", theme template"),
                                           ("10", ", theme template")], log[-3000:]
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    assert "信心比钻石更重要" in two["speeches/004_de64fb12bc0e1851/index.html"].decode("utf-8")
    assert "秋收秋种" in two["speeches/005_new/index.html"].decode("utf-8")


@pytest.mark.slow
def test_serve_with_a_draft_renders_templates_itself(tmp_path: Path) -> None:
    # `serve` shows drafts (draft_docs), each with a banner, and lists them among the pages: then the theme
    # templates are left to its own loop, and only Markdown and search entries are made ahead.
    from conftest import ROOT

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "drafts").mkdir()
    (docs / "drafts" / "note.md").write_text("# 草稿\n\n尚未定稿。\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(ROOT.joinpath("mkdocs.yml").read_text(encoding="utf-8")
                      .replace("docs_dir: docs", f"docs_dir: {docs}\ndraft_docs: |\n  drafts/")
                      .replace("templates: docs_templates", f"templates: {ROOT / 'docs_templates'}"), encoding="utf-8")
    one, _ = _serve_builds(tmp_path, "draft", "1", config)
    two, log = _serve_builds(tmp_path, "draft", "2", config)
    assert [n for n, _ in re.findall(_AHEAD_LOG, log)] == ["9", "1", "10"] and ", theme template" not in log, log[-3000:]
    assert [k for k in one if one[k] != two.get(k)] == [] and one.keys() == two.keys()
    assert "草稿" in two["drafts/note/index.html"].decode("utf-8")


@pytest.mark.slow
def test_a_warning_made_in_a_worker_still_fails_a_strict_build(tmp_path: Path) -> None:
    """A user's page with a broken link: MkDocs warns while rendering it, in a worker; the warning is
    logged once, by the main process, and --strict counts it."""
    from conftest import ROOT

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "notes.md").write_text("# 笔记\n\n见[不存在的页](missing.md)。\n", encoding="utf-8")
    for workers in ("1", "2"):
        _, log, rc = _site(tmp_path, f"strict{workers}", workers, docs=docs)
        assert rc != 0, (workers, log)
        assert log.count("missing.md") == 1, (workers, log)
        assert "in strict mode" in log, (workers, log)  # also: notes.md is not in the nav
    _, log, rc = _site(tmp_path, "lenient", "2", docs=docs, strict=False)
    assert rc == 0 and log.count("missing.md") == 1, log


@pytest.mark.slow
def test_search_worker_option_puts_materials_worker_back(tmp_path: Path) -> None:
    """By default the site serves generator/data/search-worker.js at the URL of Material's worker (so every
    page loads it); `search_worker: material` keeps Material's own."""
    from conftest import ROOT

    from bench.search_workers import material_worker

    ours, log, rc = _site(tmp_path, "ours", "1")
    assert rc == 0, log
    site, log, rc = _site(tmp_path, "material", "1", plugin_options="\n      search_worker: material")
    assert rc == 0, log
    name = material_worker().name
    served = (ours / "assets/javascripts/workers" / name).read_bytes()
    assert served == (ROOT / "generator/data/search-worker.js").read_bytes()
    assert not (ours / "assets/javascripts/workers" / f"{name}.map").exists()
    assert (site / "assets/javascripts/workers" / name).read_bytes() == material_worker().read_bytes()
    page = (ours / "speeches/002_d785b1ea62eb0eee/index.html").read_text(encoding="utf-8")
    assert f"assets/javascripts/workers/{name}" in page


def test_cleaning_leaves_no_garbage_in_cycles(monkeypatch: pytest.MonkeyPatch) -> None:
    # process_seeds runs its workers with the garbage collector off (parallel_map's cycles=False): that is
    # only free while cleaning, outlining and the glossary's preparation leave no reference cycles behind.
    import gc

    monkeypatch.setenv("SPEECHES_WORKERS", "1")
    seeds, _ = gb.find_seeds(SEEDS)
    gb._CACHE.clear()
    gb.process_seeds(seeds, "simplified", {})  # tables built on first use are not garbage
    gb._CACHE.clear()
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        results = gb.process_seeds(seeds, "simplified", {})
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
    assert len(results) == len(seeds)


def test_only_the_converter_cleaning_uses_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # s2t, s2tw and s2hk (~44 MB) only make the table of Traditional forms the cleaner's patterns are built from
    # (kept in the cache folder); a build keeps tw2s alone, and a one-off build's forget() lets that go too. A
    # converter used again is loaded again.
    from generator import script

    script._forms_table.cache_clear()
    script.traditional_forms.cache_clear()
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path))
    assert script.traditional_forms("县") == "縣"  # no cache: makes the table with s2t, s2tw and s2hk
    assert {"s2t", "s2tw", "s2hk"} <= set(script._CONVERTERS)
    for workers in ("1", "2"):
        monkeypatch.setenv("SPEECHES_WORKERS", workers)
        gb._CACHE.clear()
        seeds, _ = gb.find_seeds(SEEDS)
        gb.process_seeds(seeds, "simplified", {})
        assert set(script._CONVERTERS) == {"tw2s"}, workers
    gb.forget()
    assert script._CONVERTERS == {}
    assert script.to_simplified("會議") == "会议" and set(script._CONVERTERS) == {"tw2s"}
