"""The outline stage on its own: golden files (tests/outline/*.yml), splitting, anchors, invariants."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import clean_speech
from generator.markers import cn_number, match_marker, read_numeral
from generator.outline import detect_outline
from generator.read import read_data
from generator.records import Mark, Meta, Outline, Paragraph, Speech

GOLDENS = sorted((Path(__file__).parent / "outline").glob("*.yml"))


def speech_from(text: str, marks: dict[int, tuple[Mark, ...]] | None = None) -> Speech:
    """One paragraph per non-blank input line, numbered as in the input, as the cleaner would hand them over."""
    paras = tuple(
        Paragraph(line=no, text=line.strip(), marks=(marks or {}).get(no, ()))
        for no, line in enumerate(text.splitlines(), 1)
        if line.strip()
    )
    return Speech(meta=Meta(source="input.txt", title="测试"), paragraphs=paras)


def heading_rows(outline: Outline) -> list[dict[str, object]]:
    rows = []
    for b in outline.blocks:
        hs = ([b.heading] if b.heading else []) + [r.heading for r in b.runins]
        for h in hs:
            row: dict[str, object] = {"level": h.level, "marker": h.marker, "text": h.text, "line": h.line}
            if h.inline:
                row["inline"] = True
            else:
                row["anchor"] = h.anchor
            if h.flags:
                row["flags"] = list(h.flags)
            rows.append(row)
    return rows


def log_lines(outline: Outline) -> list[str]:
    """Each problem as check prints it, then where the page links it (#anchor) and what the reader is told."""
    return [f"{p.severity.upper()}: {p.source}:{p.line}: {p.message} → #{p.anchor} {p.reader}" for p in outline.problems]


class _Flow(yaml.SafeDumper):
    pass


def _row(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=all(
        not isinstance(v, dict) for v in data.values()) and "level" in data)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Flow.add_representer(dict, _row)
_Flow.add_representer(str, _text)


def raw_speech(text: str) -> Speech:
    """The text as a seed file holds it, cleaned as a build cleans it (for the layouts real scrapes arrive in: one
    line, separators, captions, markers alone on a line)."""
    return clean_speech(read_data(text.encode("utf-8"), "input.txt"))


@pytest.mark.parametrize("path", GOLDENS, ids=[p.stem for p in GOLDENS])
def test_golden(path: Path, update_goldens: bool) -> None:
    """tests/outline/*.yml: ``input`` one paragraph per line, or with ``raw: true`` a seed's text, cleaning first."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    outline = detect_outline(raw_speech(case["input"]) if case.get("raw") else speech_from(case["input"]))
    got = {"output": heading_rows(outline), "logs": log_lines(outline)}
    if update_goldens:
        # Keep the leading comment (what the case shows); rewrite output and logs for review in the diff.
        head = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
        kept = {k: case[k] for k in ("raw", "input") if k in case}
        body = yaml.dump({**kept, **got}, Dumper=_Flow, allow_unicode=True, sort_keys=False, width=200)
        path.write_text(head + body, encoding="utf-8")
        return
    assert got["output"] == case.get("output", [])
    assert got["logs"] == case.get("logs", [])


def test_goldens_cover_every_family() -> None:
    """Each marker family has a golden file that shows it (the folder is the family catalogue)."""
    text = "".join(p.read_text(encoding="utf-8") for p in GOLDENS)
    for marker in ("一、", "（一）", "第一，", "第一、", "1.", "1、", "１．", "（1）", "①", "一是", "一要", "其一，",
                   "第一句话：", "”方面：", "第一部分", "第一点，", "1）", "㈠"):
        assert marker in text, marker


def test_marker_numerals() -> None:
    assert [cn_number(s) for s in ("一", "十", "十一", "二十", "二十三", "二三", "")] == [1, 10, 11, 20, 23, None, None]
    assert [read_numeral(s) for s in ("１２", "③", "[三]", "⑵")] == [12, 3, 3, 2]
    assert match_marker("1.8亿元") is None and match_marker("一、二期工程") is None and match_marker("3、5月份") is None
    assert match_marker("十一、加强").number == 11  # type: ignore[union-attr]


def test_heading_splits_from_body_with_marks_rebased() -> None:
    text = "（一）围绕增收，确保实效。今年以来，全县?;?、规模化。"
    mark = Mark(start=19, end=23, kind="garbled", why="乱码")
    outline = detect_outline(speech_from(f"一、总体要求\n{text}", {2: (mark,)}))
    head, body = outline.blocks[1], outline.blocks[2]
    assert head.heading and head.heading.text == "围绕增收，确保实效" and head.heading.line == 2
    assert body.paragraph and body.paragraph.text == "今年以来，全县?;?、规模化。" and body.paragraph.line == 2
    (m,) = body.paragraph.marks
    assert body.paragraph.text[m.start : m.end] == text[19:23]
    assert body.anchor == "一-一-p1" and body.path == ("一、总体要求", "（一）围绕增收，确保实效")


def test_damage_inside_the_heading_is_flagged() -> None:
    # The ? and ; of GBK debris are not sentence ends: the heading runs to the real 。 and is flagged.
    text = "（一）变?nèi招商为专业招商。正文。"
    outline = detect_outline(speech_from(text, {1: (Mark(start=4, end=8, kind="garbled", why="乱码"),)}))
    h = outline.blocks[0].heading
    assert h and h.text == "变?nèi招商为专业招商" and "damaged" in h.flags


def test_anchors_are_unique_and_accepted_by_attr_list() -> None:
    src = "\n".join(["前言。", "一、总体要求", "正文。", "（一）甲。正文。", "一是乙。", "二是丙。", "“南工 北农}”方面：正文。",
                     "二、具体任务", "（一）甲。", "（一）重复。"])
    outline = detect_outline(speech_from(src))
    anchors = [b.anchor for b in outline.blocks] + [r.heading.anchor for b in outline.blocks for r in b.runins]
    assert len(anchors) == len(set(anchors))
    md = markdown.Markdown(extensions=["attr_list"])
    for a in anchors:
        assert a and not any(c.isspace() or c in "{}#\"'<>&" for c in a), a
        html = md.reset().convert(f"## 标题 {{: #{a} }}")
        assert f'id="{a}"' in html, (a, html)
    assert anchors[:3] == ["p1", "一", "一-p1"]


def test_paragraph_anchors_count_within_their_section() -> None:
    outline = detect_outline(speech_from("开场。\n再开场。\n一、甲\n一段。\n二段。\n（一）乙。三段。\n四段。"))
    assert [b.anchor for b in outline.blocks] == ["p1", "p2", "一", "一-p1", "一-p2", "一-一", "一-一-p1", "一-一-p2"]


_CHUNKS = ["一、", "（一）", "（）", "第一，", "1.", "１．", "（1）", "①", "一是", "二是", "是", "一要", "“甲”方面：", "其一，",
           "加强领导", "确保实效", "1.8亿元", "一、二期工程", "。", "，", "；", "：", "？", "今年以来", "全县上下"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CHUNKS), min_size=1, max_size=12).map("".join), min_size=1, max_size=8))
def test_outline_drops_no_character(lines: list[str]) -> None:
    """Every source paragraph comes back as heading marker + text and a body that ends the line."""
    speech = speech_from("\n".join(lines))
    outline = detect_outline(speech)
    by_line: dict[int, list] = {}
    for b in outline.blocks:
        line = b.heading.line if b.heading else b.paragraph.line  # type: ignore[union-attr]
        by_line.setdefault(line, []).append(b)
    anchors = [b.anchor for b in outline.blocks]
    assert len(anchors) == len(set(anchors))
    for p in speech.paragraphs:
        blocks = by_line.get(p.line, [])
        body = "".join(b.paragraph.text for b in blocks if b.paragraph)
        head = next((b.heading for b in blocks if b.heading), None)
        if not blocks:  # a title line taken into the heading before it ("第一部分" ⏎ "工作回顾")
            assert any(h.text == p.text for h in outline.headings)
            continue
        assert p.text.endswith(body)
        if head is None:
            assert body == p.text
        else:
            taken = {q.text for q in speech.paragraphs if not by_line.get(q.line)}
            assert head.text in p.text or head.text in taken or head.flags
        for b in blocks:
            for r in b.runins:
                assert 0 <= r.start < r.marker_end <= r.end <= len(b.paragraph.text)  # type: ignore[union-attr]
