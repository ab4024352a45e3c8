"""Formulations followed through time, on invented dated speeches: first and last use, speakers, uses per
year per 10,000 characters, the years' new and last formulations, the timeline's links to the concordance,
concordance lines (inline or on a page of their own), undated speeches counted but off the timeline, and the
sort keys the page's script reads."""

from __future__ import annotations

import dataclasses
import re

from test_glossary import make_outline

from generator.concordance import INLINE, concordance_page
from generator.glossary import collect_glossary
from generator.glossary_page import glossary_pages
from generator.records import Outline
from generator.render import glossary_links_by_page, make_env, paragraph_markdown, templates_dir_default
from generator.timeline import speech_infos, usage, year_changes, year_chars


def dated(source: str, text: str, date: str | None, speaker: str | None = None) -> Outline:
    o = make_outline(source, text)
    meta = dataclasses.replace(o.speech.meta, date=date, speaker=speaker, title=f"讲话{source[:2]}")
    return dataclasses.replace(o, speech=dataclasses.replace(o.speech, meta=meta))


FILLER = "会议强调，要认真抓好各项工作落实。" * 20  # a long speech: its year's rate is lower per use


def corpus() -> list[Outline]:
    return [
        dated("s1.txt", "今年全面推行“三清三拆”行动。\n" + FILLER, "2019-04-02", "王立"),
        dated("s2.txt", "继续深化“三清三拆”，落实“河湖双长”。\n“三清三拆”要见实效。", "2019-11-20", "李岩"),
        dated("s3.txt", "巩固“三清三拆”成果，推行“河湖双长”。", "2021-05-06", "王立"),
        dated("s4.txt", "全面推行“河湖双长”。", "2022-03-01", "王立"),
        dated("s5.txt", "要把“三清三拆”抓实。", None),
    ]


def test_usage_first_last_speakers_and_rate_per_year() -> None:
    outlines = corpus()
    glossary = collect_glossary(outlines)
    infos = speech_infos(outlines)
    chars = year_chars(infos)
    u = usage(next(e for e in glossary.entries if e.term == "三清三拆"), infos, chars)
    assert (u.first.date, u.first.speaker) == ("2019-04-02", "王立")  # type: ignore[union-attr]
    assert (u.last.date, u.last.speaker) == ("2021-05-06", "王立")  # type: ignore[union-attr]
    assert [(p.year, p.uses, p.speeches) for p in u.years] == [(2019, 3, 2), (2021, 1, 1)]
    assert u.years[0].rate == 3 * 10_000 / chars[2019] and u.years[1].rate == 10_000 / chars[2021]
    assert u.years[0].rate < u.years[1].rate  # the long 2019 speech does not make 2019 the peak
    assert u.undated == 1  # counted, not on the timeline
    assert dict(u.speakers) == {"王立": 2, "李岩": 2, "": 1}


def test_years_introduce_and_drop_formulations() -> None:
    outlines = corpus()
    glossary = collect_glossary(outlines)
    infos = speech_infos(outlines)
    chars = year_chars(infos)
    usages = {e.term: usage(e, infos, chars) for e in glossary.entries}
    changes = {c.year: c for c in year_changes(usages, infos)}
    assert sorted(changes) == [2019, 2021, 2022]
    assert changes[2019].introduced == ("三清三拆", "河湖双长") and changes[2019].speeches == 2
    assert changes[2021].dropped == ("三清三拆",)
    assert changes[2022].dropped == ()  # the collection's last year: nothing is said to stop there


def test_timeline_links_each_year_to_its_concordance_lines() -> None:
    outlines = corpus()
    glossary = collect_glossary(outlines)
    pages = {p.path: p.markdown for p in glossary_pages(glossary, outlines, make_env(str(templates_dir_default())))}
    md = pages["glossary.md"]
    entry = md[md.index("### 三清三拆"):]  # the last entry (河 before 三 in pinyin)
    assert "2019 年提出" not in entry  # a local formulation: no year put forward
    assert "**首次**：2019-04-02（王立） · **最近**：2021-05-06（王立）" in entry
    bars = re.findall(r'\[\]\((#三清三拆-(\d{4}))', entry)
    assert [year for _, year in bars] == ["2019", "2021"]
    for anchor, _ in bars:  # each bar opens that year's lines, on this page (few uses)
        assert f"{{: {anchor} .gloss-kwic-head }}" in entry
    assert "{: #三清三拆-undated .gloss-kwic-head }" in entry and "不入时间线" in entry
    lines = re.findall(r"^- (\S+)\u3000+.*?\[三清三拆\]\((speeches/s\d\.md#p\d)\)", entry, re.M)
    assert lines == [("2019-04-02", "speeches/s1.md#p1"), ("2019-11-20", "speeches/s2.md#p1"),
                     ("2019-11-20", "speeches/s2.md#p2"), ("2021-05-06", "speeches/s3.md#p1"), ("—", "speeches/s5.md#p1")]
    # No source explains it: the entry says so once, and marks the use that explains it best among its lines.
    assert "原文未作解释" in entry and entry.count("（最能说明它的一处）") == 1
    assert re.search(r"^- 2019-04-02.*（最能说明它的一处）$", entry, re.M)
    assert "2020" not in re.sub(r"\]\([^)]*\)", "", entry.split("\n{: .gloss-timeline }")[0])  # no bar for 2020


def test_a_much_used_term_gets_a_concordance_page_by_year() -> None:
    many = [dated(f"m{i:02d}.txt", "推进“双招双引”工作。", f"20{18 + i % 3}-0{1 + i % 9}-10", "赵明")
            for i in range(INLINE + 2)]
    glossary = collect_glossary(many)
    pages = {p.path: p.markdown for p in glossary_pages(glossary, many, make_env(str(templates_dir_default())))}
    path = concordance_page("双招双引")
    assert path == "concordance/双招双引.md" and path in pages
    page = pages[path]
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")  # not in the search index
    assert [y for y in re.findall(r"^## (\d{4}) 年 \{: #y(\d{4}) \}", page, re.M)] == [
        ("2018", "2018"), ("2019", "2019"), ("2020", "2020")]
    lines = re.findall(r"^- (\S+)\u3000+(\S*?)\[双招双引\]\(\.\./speeches/m\d\d\.md#p1\)(\S*) — 赵明 · 讲话m\d$", page, re.M)
    assert len(lines) == INLINE + 2
    assert {(left, right) for _, left, right in lines} == {("推进“", "”工作。")}
    keyword_at = {line.index("[双招双引]") for line in page.splitlines() if "[双招双引](" in line}
    assert len(keyword_at) == 1  # the keywords stand in one column
    entry = pages["glossary.md"]
    assert "(concordance/双招双引.md#y2019" in entry and f"[全部 {INLINE + 2} 处用例，逐年排列](concordance/双招双引.md)" in entry
    assert "{: #双招双引-2019" not in entry  # the lines are on their own page


def test_undated_collection_says_it_has_no_timeline() -> None:
    outlines = [dated("u1.txt", "推行“河湖双长”。", None), dated("u2.txt", "落实“河湖双长”。", None)]
    glossary = collect_glossary(outlines)
    md = glossary_pages(glossary, outlines, make_env(str(templates_dir_default())))[0].markdown
    assert "文库中的讲话都没有日期，无法画出时间线" in md and ".gloss-timeline" not in md
    assert "用例都在无日期的讲话中，没有时间线。" in md


def test_printed_pages_show_expansions_only() -> None:
    outlines = [make_outline("p.txt", "坚持产业化、规模化、标准化的“三化”方向。抓好“双招双引”工作。")]
    glossary = collect_glossary(outlines)
    links = glossary_links_by_page(glossary)["speeches/p.md"]["p1"]
    block = outlines[0].blocks[0]
    md = paragraph_markdown(block.paragraph, (), links)  # type: ignore[arg-type]
    assert '[三化](../glossary.md#三化 "三化：产业化、规模化、标准化"){: data-print="产业化、规模化、标准化" }' in md
    assert '[双招双引](../glossary.md#双招双引 "双招双引：原文未作解释")' in md
    assert md.count("data-print") == 1  # a term without an expansion prints as itself


def test_entries_carry_the_keys_the_page_sorts_by() -> None:
    outlines = corpus()
    glossary = collect_glossary(outlines)
    md = glossary_pages(glossary, outlines, make_env(str(templates_dir_default())))[0].markdown
    keys = re.findall(r'^### (\S+) \{: #\S+ \.gloss-term data-order="(\d+)" data-count="(\d+)" data-first="([\d-]*)" \}',
                      md, re.M)
    assert keys == [("河湖双长", "0", "3", "2019-11-20"), ("三清三拆", "1", "5", "2019-04-02")]
