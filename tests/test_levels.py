"""levels.nest on its own: the nesting rules on small cases, and invariants on any sequence of markers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.levels import MAX_DEPTH, Item, levels, nest

SECTIONS = {"cn-dun", "paren-cn", "di-part", "plain", "plain-sub", "named"}


def items(*spec: tuple[str, int | None, int], run_on: bool = False) -> list[Item]:
    """(family, number, paragraph index) triples as items."""
    return [Item(f, n, i, run_on, f in SECTIONS) for f, n, i in spec]


def test_numbering_goes_on_and_closes_inner_lists() -> None:
    # 一、 ⏎ 第一， ⏎ 第二， ⏎ 二、: 二、 closes the 第一， list and returns to the top.
    got = levels(nest(items(("cn-dun", 1, 0), ("di", 1, 2), ("di", 2, 4), ("cn-dun", 2, 6))))
    assert got == [1, 2, 2, 1]


def test_a_list_restarting_inside_a_section_nests_when_the_section_list_comes_back() -> None:
    # 一、 二、 ⏎ 一、二、三、 ⏎ 三、: the inner 一、 is under 二、 because 三、 follows it.
    seq = items(("cn-dun", 1, 0), ("cn-dun", 2, 2), ("cn-dun", 1, 4), ("cn-dun", 2, 5), ("cn-dun", 3, 6),
                ("cn-dun", 3, 9))
    assert levels(nest(seq)) == [1, 1, 2, 2, 2, 1]


def test_a_list_after_an_item_and_a_lead_sits_beside_it() -> None:
    # （一） ⏎ （二） ⏎ body ⏎ lead ⏎ 第一， 第二， ⏎ (end): beside （二）, under 一、.
    seq = items(("cn-dun", 1, 0), ("paren-cn", 1, 1), ("paren-cn", 2, 2), ("di", 1, 5), ("di", 2, 6))
    assert levels(nest(seq)) == [1, 2, 2, 2, 2]


def test_never_beside_a_top_level_section() -> None:
    # 四、 (the last section) ⏎ body ⏎ lead ⏎ 一要 二要: the list is inside 四、.
    seq = items(("cn-dun", 1, 0), ("cn-dun", 2, 3), ("yao", 1, 7), ("yao", 2, 8))
    assert levels(nest(seq)) == [1, 1, 2, 2]


def test_same_family_starting_again_after_a_lead_is_a_sibling_list() -> None:
    seq = items(("shi", 1, 0), ("shi", 2, 1), ("shi", 1, 5), ("shi", 2, 6), ("di", 1, 9), ("di", 2, 10))
    assert levels(nest(seq)) == [1, 1, 1, 1, 1, 1]


def test_top_items_stay_on_top() -> None:
    seq = items(("cn-dun", 1, 0), ("paren-cn", 1, 1), ("di", 1, 2)) + [Item("named", None, 5, False, True, True)]
    assert levels(nest(seq)) == [1, 2, 3, 1]


_FAMILIES = ["cn-dun", "paren-cn", "arabic-dot", "di", "shi", "yao", "plain"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FAMILIES), st.one_of(st.none(), st.integers(1, 6)), st.booleans(),
                          st.integers(0, 3)), max_size=60))
def test_nesting_invariants(spec: list[tuple[str, int | None, bool, int]]) -> None:
    """Any sequence: parents come before their children, nothing nests deeper than MAX_DEPTH, and an item that
    numbers on from the item right before it (same family, n after n-1) is that item's sibling."""
    seq, at = [], 0
    for family, number, run_on, gap in spec:
        seq.append(Item(family, number, at, run_on, family in SECTIONS))
        at += gap + 1
    parents = nest(seq)
    depth = levels(parents)
    for i, p in enumerate(parents):
        assert p is None or p < i
        assert 1 <= depth[i] <= MAX_DEPTH
        prev = seq[i - 1] if i else None
        if prev and prev.family == seq[i].family and prev.number is not None and seq[i].number == prev.number + 1:
            assert parents[i] == parents[i - 1]


def test_a_standalone_section_line_holds_the_list_after_its_body() -> None:
    # A standalone one-sentence head (unnumbered, level 2) ⏎ body ⏎ lead ⏎ 第一，第二，: inside it, not beside.
    seq = items(("plain", None, 0), ("plain-sub", None, 1), ("di", 1, 5), ("di", 2, 6), ("plain-sub", None, 8))
    assert levels(nest(seq)) == [1, 2, 3, 3, 2]
