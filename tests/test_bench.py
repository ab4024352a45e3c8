"""The benchmark: a deterministic corpus, and a smoke run at N=10 that prints every figure (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import make_corpus, write_corpus  # noqa: E402
from bench.real_corpus import REAL_DOCS, make_real_corpus, real_documents  # noqa: E402


def test_corpus_is_deterministic_and_varied(tmp_path: Path) -> None:
    a, b = make_corpus(15), make_corpus(15)
    assert [s.text for s in a] == [s.text for s in b]
    assert len({s.name for s in a}) == 15
    assert len({s.text for s in a}) == 15, "no two seeds alike"
    assert {s.base for s in a} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    # Varied the way the brief asks: dates, places, scripts.
    dates = {re.search(r"\d{4}-\d{2}-\d{2}", s.text).group() for s in a}  # type: ignore[union-attr]
    assert len(dates) == 15
    assert any("会" in s.text for s in a) and any("會" in s.text for s in a)
    assert make_corpus(15, rng_seed=8)[7].text != a[7].text
    _, total, digest = write_corpus(tmp_path / "c", 15)
    assert total == sum(len(s.text.encode()) for s in a)
    assert write_corpus(tmp_path / "d", 15)[2] == digest


def test_corpus_seeds_are_speech_sized() -> None:
    sizes = [len(s.text.encode()) for s in make_corpus(40)]
    assert 3_000 < min(sizes) and max(sizes) < 60_000
    assert 10_000 < sum(sizes) / len(sizes) < 25_000


@pytest.mark.slow
def test_benchmark_smoke_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--speeches", "10", "--repeat", "2", "--work", str(tmp_path), "--json",
         str(tmp_path / "b.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert re.search(r"^== 10 speeches: [\d.]+ MB of source text", out, re.M), out
    for stage in ("import", "read", "clean", "outline", "glossary", "render", "nav", "search index", "whole build"):
        assert re.search(rf"^  {stage}\s+[\d.]+\s+[\d.]+%\s+[\d.]+\s+\d+", out, re.M), (stage, out)
    assert re.search(r"^  generator\s+[\d.]+\s+[\d.]+%.*MB/s of source text", out, re.M), out
    assert re.search(r"^  MkDocs build\s+[\d.]+\s+[\d.]+%.*Markdown [\d.]+ s, pages [\d.]+ s", out, re.M), out
    assert re.search(r"^  search index [\d.]+ MB = [\d.]+ x the speeches' Markdown", out, re.M), out
    assert re.search(r"^  plain set-up\s+[\d.]+\s+[\d.]+\s+\d+", out, re.M), out
    assert re.search(r"^  plain / ours: [\d.]+ x wall, [\d.]+ x CPU", out, re.M), out
    # Each set-up built twice, in turn; the median (here the slower) build is shown.
    assert re.search(r"^  whole build .*; median of 2 builds \([\d.]+, [\d.]+ s\)$", out, re.M), out
    assert re.search(r"^  plain set-up .*; median of 2 builds \([\d.]+, [\d.]+ s\)$", out, re.M), out
    assert (tmp_path / "10" / "site" / "search" / "search_index.json").is_file()
    assert (tmp_path / "b.json").is_file()


def test_scaling_builds_both_sizes_in_turn_and_divides_the_sums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.run as run

    calls: list[str] = []
    # Twice the work at 2,000, on a machine 10 % slower with each build: 10 x 1.0, 20 x 1.1, 20 x 1.2, 10 x 1.3.
    times = iter([10.0, 22.0, 24.0, 13.0])

    def fake_child(args: list[str], log: Path) -> tuple[dict[str, float], float, int]:
        calls.append(Path(args[args.index("--seeds") + 1]).parent.name)
        return {"build_s": next(times)}, 0.0, 0

    monkeypatch.setattr(run, "run_child", fake_child)
    s = run.scaling(tmp_path, 1)
    assert calls == ["1000", "2000", "2000", "1000"]
    assert s["builds"] == [(1000, 10.0), (2000, 22.0), (2000, 24.0), (1000, 13.0)]
    assert s["ratio"] == pytest.approx(2.0)  # the drift cancels (the first two builds alone: 2.2)


# --- The real-length corpus (bench.real_corpus): made at run time from ../shared/corpus/docs, never copied here.

_needs_docs = pytest.mark.skipif(not real_documents(), reason=f"the development corpus is not at {REAL_DOCS} "
                                 "(it is never copied into the project)")
_PARAGRAPH = re.compile(r"\n+|　　+|\u2003+")
_MARKER = re.compile(r"^[\s　]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[．、]|第[一二三四五六七八九十]+[，、])")


def _markers(text: str) -> list[str]:
    """The outline markers that open a paragraph, in order, in Simplified script."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    return [m.group().strip() for p in _PARAGRAPH.split(t2s.convert(text)) if (m := _MARKER.match(p))]


@_needs_docs
def test_real_corpus_is_deterministic_varied_and_real_length() -> None:
    docs = real_documents()
    n = len(docs) + 20
    a, b = make_real_corpus(n), make_real_corpus(n)
    assert [s.text for s in a] == [s.text for s in b]
    assert len({s.name for s in a}) == n and len({s.text for s in a}) == n, "no two copies alike"
    assert {s.base for s in a} == {name for name, _ in docs}, "every document used"
    assert make_real_corpus(n, rng_seed=8)[3].text != a[3].text
    # Real length: the copies are as long as the documents they come from (plus a date line and a place name).
    src = dict(docs)
    for s in a:
        assert 0 <= len(s.text) - len(src[s.base]) <= 40, s.name
    mean = sum(len(s.text.encode()) for s in a) / n
    seeds_mean = sum(len(s.text.encode()) for s in make_corpus(40)) / 40
    assert mean > 2 * seeds_mean, (mean, seeds_mean)
    assert any("会" in s.text for s in a) and any("會" in s.text for s in a)
    assert len({re.search(r"\d{4}-\d{2}-\d{2}", s.text).group() for s in a}) > n // 2  # type: ignore[union-attr]


@_needs_docs
def test_real_corpus_keeps_every_paragraph_and_the_outline_order() -> None:
    """Shuffling moves paragraphs between headings only: the markers that open paragraphs keep their order, and
    the copy holds the document's paragraphs (digits aside) with nothing lost or added."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    src = dict(real_documents())
    digits = re.compile(r"\d")
    shuffled = 0
    for s in make_real_corpus(len(src)):
        original = src[s.base]
        assert _markers(s.text) == _markers(original), s.name

        def paragraphs(text: str) -> Counter[str]:
            return Counter(p for p in (digits.sub("0", t2s.convert(q)).strip() for q in _PARAGRAPH.split(text)) if p)

        copy = paragraphs(s.text.split("\n", 2)[2])  # without the date line
        orig = paragraphs(original)
        assert copy.total() == orig.total(), s.name
        # Only the title line may differ (the place that opens it); a round trip through the other script may
        # change a character or two elsewhere.
        assert (copy - orig).total() <= 2, (s.name, list((copy - orig).elements())[:3])
        shuffled += _PARAGRAPH.split(s.text.split("\n", 2)[2]) != _PARAGRAPH.split(original)
    assert shuffled > len(src) // 2


def test_real_corpus_without_documents_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        make_real_corpus(5, bases=[])
    with pytest.raises(ValueError):
        write_corpus(tmp_path / "x", 5, kind="other")


@_needs_docs
@pytest.mark.slow
@pytest.mark.browser
def test_benchmark_real_corpus_smoke_with_throttled_search(tmp_path: Path) -> None:
    """The real-length corpus end to end: built, sized, and searched over an emulated reader's connection."""
    from bench.browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--corpus", "real", "--speeches", "12", "--no-plain", "--repeat", "1",
         "--browser", "12", "--throttle", "--work", str(tmp_path), "--json", str(tmp_path / "b.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert re.search(r"^== 12 real-length speeches: [\d.]+ MB of source text", out, re.M), out
    assert re.search(r"^  site [\d.]+ MB in [\d,]+ files$", out, re.M), out
    m = re.search(r"^== headless Chromium \(10 Mbit/s, 40 ms\), 12 speeches .* results for 改革开放\); ([\d.]+) MB over "
                  r"the wire", out, re.M)
    assert m, out
    index_mb = (tmp_path / "real-12" / "site" / "search" / "search_index.json").stat().st_size / 1e6
    assert float(m.group(1)) >= round(index_mb, 1), "the index is fetched before the first result"
    assert len(list((tmp_path / "real-12" / "seeds").glob("*.txt"))) == 12
