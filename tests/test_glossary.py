"""The glossary stage on made-up speech fragments (tests/glossary/*.yml), invariants, and the glossary page.

Each YAML file holds ``speeches`` (text, one paragraph a line; or ``{headings: [...], text: ...}``) and the
expected ``output``: the exact set of ``terms``, and for some terms their ``expansions``, ``kinds``, ``counts``,
``speeches``, ``variants``, ``parts``/``part_of``, ``same_as`` and a word their meaning must contain. The fragments are
written in the genre's manner but are not taken from the seeds: they show that the rules generalise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import glossary as gl
from generator.glossary import collect_glossary, glossary_json, prepare_speech, search_terms
from generator.glossary_page import initial, render_glossary, sort_key
from generator.records import Block, Heading, Mark, Meta, Outline, Paragraph, Speech
from generator.render import make_env, templates_dir_default

GOLDENS = sorted((Path(__file__).parent / "glossary").glob("*.yml"))


def make_outline(source: str, text: str, headings: tuple[str, ...] = (), marks: dict[int, tuple[Mark, ...]] | None = None
                 ) -> Outline:
    """An outline without the outline stage: heading blocks first, then one paragraph block per line."""
    blocks: list[Block] = []
    for i, h in enumerate(headings, start=1):
        blocks.append(Block(anchor=f"h{i}", heading=Heading(level=1, marker=h, text=h.rstrip("：:"), line=i)))
    path = tuple(headings[-1:])
    paras = []
    for i, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
        para = Paragraph(line=len(headings) + i, text=line.strip(), marks=(marks or {}).get(i, ()))
        paras.append(para)
        blocks.append(Block(anchor=f"p{i}", path=path, paragraph=para))
    speech = Speech(meta=Meta(source=source, title=source), paragraphs=tuple(paras))
    return Outline(speech=speech, blocks=tuple(blocks))


def golden_outlines(spec: list[object]) -> list[Outline]:
    out = []
    for i, s in enumerate(spec):
        if isinstance(s, dict):
            out.append(make_outline(f"s{i}.txt", s["text"], tuple(s.get("headings", ()))))
        else:
            out.append(make_outline(f"s{i}.txt", str(s)))
    return out


def test_speeches_prepared_apart_give_the_same_glossary() -> None:
    """A full build prepares each speech where it was cleaned (build.py's workers): the glossary is the same
    as when this process reads every speech itself, whichever speeches come prepared."""
    import dataclasses

    from conftest import SEEDS
    from generator.build import build_outlines

    outlines, _ = build_outlines(SEEDS)
    for path in GOLDENS:
        outlines += golden_outlines(yaml.safe_load(path.read_text(encoding="utf-8"))["speeches"])
    gl.forget()
    here = collect_glossary(outlines)
    for every in (1, 2, 3):
        gl.forget()
        prepared = [prepare_speech(o) if i % every == 0 else None for i, o in enumerate(outlines)]
        assert collect_glossary(outlines, prepared) == here, every
    assert here.entries
    stale = prepare_speech(outlines[1])  # prepared for other text: not used
    gl.forget()
    assert collect_glossary(outlines, [dataclasses.replace(stale, simplified=())] + [None] * (len(outlines) - 1)) == here
    with pytest.raises(ValueError):
        collect_glossary(outlines, [None])


@pytest.mark.parametrize("path", GOLDENS, ids=[p.stem for p in GOLDENS])
def test_golden(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlines = golden_outlines(data["speeches"])
    glossary = collect_glossary(outlines)
    want = data["output"]
    by_term = {e.term: e for e in glossary.entries}
    assert sorted(by_term) == sorted(want["terms"])
    for term, parts in want.get("expansions", {}).items():
        e = by_term[term]
        assert list(e.expansion) == parts
        assert e.expansion_at is not None, f"{term}: expansion without the place it is spelled out"
    for key in ("kind",):
        for term, value in want.get(key + "s", {}).items():
            assert by_term[term].kind == value, term
    for term, n in want.get("counts", {}).items():
        assert by_term[term].count == n, term
    for term, n in want.get("speeches", {}).items():
        assert len(by_term[term].speeches) == n, term
    for term, variants in want.get("variants", {}).items():
        assert list(by_term[term].variants) == variants, term
    for term, parts in want.get("parts", {}).items():
        assert list(by_term[term].parts) == parts, term
    for term, parents in want.get("part_of", {}).items():
        assert list(by_term[term].part_of) == parents, term
    for term, word in want.get("meanings_contain", {}).items():
        assert word in by_term[term].meaning, term
    for term, others in want.get("same_as", {}).items():
        assert list(by_term[term].same_as) == others, term
    check_invariants(outlines, glossary)


def check_invariants(outlines: list[Outline], glossary) -> None:  # type: ignore[no-untyped-def]
    """Occurrences index their paragraph exactly, sit in paragraph blocks only, never overlap one another or
    a damaged span; slugs are unique ids."""
    blocks = {(o.speech.meta.source, b.anchor): b for o in outlines for b in o.blocks}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for e in glossary.entries:
        assert re.fullmatch(r"[\w-]+", e.slug), e.slug
        for occ in e.occurrences:
            block = blocks[(occ.source, occ.anchor)]
            assert block.paragraph is not None, "an occurrence inside a heading"
            assert block.paragraph.text[occ.start:occ.end] == occ.text
            assert not any(m.start < occ.end and occ.start < m.end for m in block.paragraph.marks)
            spans.setdefault((occ.source, occ.anchor), []).append((occ.start, occ.end))
    for found in spans.values():
        found.sort()
        assert all(a[1] <= b[0] for a, b in zip(found, found[1:])), "overlapping occurrences"
    slugs = [e.slug for e in glossary.entries]
    assert len(slugs) == len(set(slugs))


def test_damaged_text_is_never_a_term_nor_linked() -> None:
    text = "要推进“两区同建”工作，落实“个代表”要求。要把“两区同建”抓实。"
    broken = text.index("个代表")
    second = text.rindex("两区同建")
    marks = {1: (Mark(broken, broken + 1, "scrubbed", "数字被删"), Mark(second, second + 2, "garbled", "乱码"))}
    outline = make_outline("d.txt", text, marks=marks)
    glossary = collect_glossary([outline])
    assert [e.term for e in glossary.entries] == ["两区同建"]
    assert glossary.entries[0].count == 1  # the second one crosses a damaged span
    check_invariants([outline], glossary)


def test_json_shape_and_search_terms() -> None:
    outlines = golden_outlines(["深入开展“访民情、解民忧”活动。要把“双访”活动抓实，“双访”要常态化。"])
    glossary = collect_glossary(outlines)
    data = glossary_json(glossary)
    entry = next(e for e in data["entries"] if e["term"] == "双访")
    assert {"term", "variants", "kind", "count", "speeches", "expansion", "occurrences"} <= set(entry)
    assert entry["count"] == 2 and entry["speeches"] == ["s0.txt"]
    assert set(entry["occurrences"][0]) >= {"source", "line", "anchor", "context"}
    terms = search_terms(glossary)
    assert "双访" in terms and "访民情" in terms and all("、" not in t for t in terms)


def test_every_term_is_one_search_token() -> None:
    """Typing a term must find it: Material matches a query as the prefix of one jieba token, and jieba alone
    splits three-character terms (四大家 -> 四/大家, 中商贸 -> 中/商贸), so those are taught too."""
    outlines = golden_outlines(["县四大家主要领导要带头。坚持“南工北农中商贸”差异化发展战略。", "“中商贸”方面，要做大商贸物流。"])
    glossary = collect_glossary(outlines)
    terms = search_terms(glossary)
    assert {e.term for e in glossary.entries} <= set(terms)
    assert {"四大家", "中商贸", "南工北农中商贸"} <= set(terms)


def test_pinyin_order_and_heteronyms() -> None:
    assert sort_key("长三角")[:2] == (("chang", "san", "jiao"), ("2", "1", "3"))
    assert initial("长三角") == "C" and initial("双联") == "S" and initial("重点工程") == "Z"
    assert sorted(["双联", "案结事了", "长三角"], key=sort_key) == ["案结事了", "长三角", "双联"]


def test_pinyin_order_follows_the_words_reading() -> None:
    """一 is yī in a dictionary's order whatever tone it takes before the next syllable (pypinyin's phrase
    list reads 一月 as yí yuè); syllables decide before tones."""
    terms = ["一战略两战役", "一月一交账", "一季一观摩", "一级抓一级", "一区两点", "一号工程"]
    assert sorted(terms, key=sort_key) == ["一号工程", "一季一观摩", "一级抓一级", "一区两点", "一月一交账", "一战略两战役"]
    assert sort_key("一月一交账")[0] == ("yi", "yue", "yi", "jiao", "zhang")
    assert sorted(["不忘初心、牢记使命", "八项规定", "不敢腐、不能腐、不想腐"], key=sort_key)[0] == "八项规定"


def test_page_has_sections_anchors_chart_and_escapes_markup() -> None:
    outlines = golden_outlines([
        "深入开展“访民情、解民忧”活动。要把“双访”活动抓实。",
        "大力实施“科教兴市”战略，推进“<b>*兴*</b>工程”建设。",
    ])
    glossary = collect_glossary(outlines)
    page = render_glossary(glossary, outlines, make_env(str(templates_dir_default())))
    md = page.markdown
    assert page.path == "glossary.md"
    assert "## S {: #letter-s .gloss-letter }" in md
    assert re.search(r'^### 双访 \{: #双访 \.gloss-term data-order="\d+" data-count="1" data-first="" \}$', md, re.M)
    assert "<svg" in md and "</svg>" in md and "<circle" in md
    assert "<b>" not in md.replace("<svg", "")  # seed markup shows literally
    assert "[访民情、解民忧](#访民情解民忧)" not in md  # a list is no part of its abbreviation
    assert "speeches/s0.md#p1" in md


_HANS = st.sampled_from(list("两区同建双联五化三大工程一二三四是的要推进实施战略行动活动建设、，。“”X？"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_HANS, min_size=0, max_size=60), min_size=1, max_size=4))
def test_any_text_keeps_the_invariants(lines: list[str]) -> None:
    text = "\n".join(line for line in lines if line.strip()) or "空"
    n = len(text.splitlines()[0])
    marks = {1: (Mark(0, min(2, n), "garbled", "乱码"),)}
    outline = make_outline("h.txt", text, marks=marks)
    glossary = collect_glossary([outline])
    check_invariants([outline], glossary)


def test_lexicon_word_set_answers_like_a_set_of_the_words() -> None:
    """The lexicon is held as 64-bit digests, not strings: membership must be that of the words themselves."""
    from generator.slogans.lexicon import WordSet, _jieba_dict

    path = _jieba_dict()
    if path is None:
        pytest.skip("jieba is not installed")
    words = [line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()[::97] if line]
    ws = WordSet(words)
    assert len(ws) == len(set(words))
    assert all(w in ws for w in words)
    others = [w + "龘" for w in words] + ["两区同建", "", "x"]
    assert not any(w in ws for w in others)
    assert 3 not in ws  # type: ignore[operator]
