"""Seeds cleaned and outlined in worker processes give the same pages, problems and order as in one process."""

from __future__ import annotations

import shutil
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
    assert gb._workers(len(list(seeds.glob("*.txt")))) == 2  # the variable forces workers below PARALLEL_MIN
    assert [(p.path, p.markdown) for p in two.pages] == [(p.path, p.markdown) for p in one.pages]
    assert two.problems == one.problems
    assert {p.source for p in two.errors} == {"binary.txt", "empty.txt"}


def test_the_cache_keeps_only_the_last_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    _build(seeds, "1", monkeypatch)
    assert len(gb._CACHE) == 5
    seed = seeds / "004_de64fb12bc0e1851.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n信心比黄金更重要。\n", encoding="utf-8")
    gb.build_pages(seeds, templates_dir_default())
    assert len(gb._CACHE) == 5  # the edited seed's old outline is gone
