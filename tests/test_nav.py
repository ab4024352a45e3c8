"""generator.nav: a nav whose every section stays small at any corpus size, and the same for the same input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.nav import CAP, UNDATED, nav_items, speech_sections
from generator.records import Meta, Outline, Speech


def outline(i: int, date: str | None, kind: str = "speech") -> Outline:
    meta = Meta(source=f"{i:05d}.txt", title=f"讲话{i}", date=date, kind=kind)  # type: ignore[arg-type]
    return Outline(speech=Speech(meta=meta, paragraphs=()), blocks=())


def leaves(items: list[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        else:
            for value in item.values():  # type: ignore[union-attr]
                if isinstance(value, str):
                    yield value
                else:
                    yield from leaves(value)


def section_sizes(items: list[object]) -> Iterator[int]:
    """The number of items directly in each section: what Material renders when that section is open."""
    yield len(items)
    for item in items:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    yield from section_sizes(value)


def leaf_counts(items: list[object]) -> Iterator[int]:
    """Speech links directly in each list: never more than the cap, however many sections there are."""
    yield sum(1 for i in items if isinstance(i, dict) and isinstance(next(iter(i.values())), str))
    for item in items:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    yield from leaf_counts(value)


def corpus(n: int) -> list[Outline]:
    out = []
    for i in range(n):
        date = None if i % 23 == 0 else f"{2008 + i % 17}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.append(outline(i, date, "report" if i % 5 == 2 else "speech"))
    return out


def test_small_collection_is_a_flat_list() -> None:
    items = speech_sections(corpus(5))
    assert items == [{f"讲话{i}": f"speeches/{i:05d}.md"} for i in range(5)]


@pytest.mark.parametrize("n", [41, 1000, 2000, 5000])
def test_every_section_stays_small(n: int) -> None:
    items = speech_sections(corpus(n))
    assert max(section_sizes(items)) <= CAP
    assert sorted(leaves(items)) == sorted(f"speeches/{i:05d}.md" for i in range(n))


def test_sections_are_years_then_kinds_then_months_oldest_first() -> None:
    items = speech_sections(corpus(2000))
    labels = [next(iter(i)) for i in items]
    assert labels[0] == "2008年" and labels[-1] == UNDATED
    assert labels[:-1] == sorted(labels[:-1])
    year = items[0]["2008年"]  # type: ignore[index]
    assert [next(iter(i)) for i in year] == ["讲话", "会议报道"]


def test_one_day_of_many_speeches_is_cut_into_runs() -> None:
    items = speech_sections([outline(i, "2020-05-01") for i in range(100)])
    assert [next(iter(i)) for i in items] == ["第1–40篇", "第41–80篇", "第81–100篇"]


def test_site_nav_keeps_home_index_and_glossary() -> None:
    nav = nav_items(corpus(3))
    assert nav[0] == {"首页": "index.md"}
    assert nav[1]["讲话"][0] == {"讲话": "speeches/index.md"}  # titled: no title waits on rendering  # type: ignore[index]
    assert nav[2] == {"提法词表": "glossary.md"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.dates().map(str)), st.sampled_from(["speech", "report"])),
                max_size=300), st.integers(min_value=1, max_value=60))
def test_nav_is_complete_small_and_deterministic(specs: list[tuple[str | None, str]], cap: int) -> None:
    outlines = [outline(i, d, k) for i, (d, k) in enumerate(specs)]
    items = speech_sections(outlines, cap)
    assert items == speech_sections(list(outlines), cap)
    assert max(leaf_counts(items), default=0) <= cap
    assert sorted(leaves(items)) == sorted(f"speeches/{i:05d}.md" for i in range(len(specs)))


def test_titles_with_newlines_stay_one_line() -> None:
    o = outline(1, None)
    o = replace(o, speech=replace(o.speech, meta=replace(o.speech.meta, title="上篇\n下篇")))
    assert speech_sections([o]) == [{"上篇 下篇": "speeches/00001.md"}]
