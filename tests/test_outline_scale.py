"""A speech with fifty thousand headings: the outline comes out whole and right (the stage must stay linear in the
number of headings; the figures belong in the issue notes, not here)."""

from __future__ import annotations

from collections import Counter

from generator.markers import cn_numeral
from generator.outline import detect_outline
from generator.records import Meta, Paragraph, Speech

PARTS, SECTIONS, SUBS, ITEMS = 50, 10, 10, 9  # 50 + 500 + 5,000 + 45,000 headings


def big_speech() -> Speech:
    lines = []
    for a in range(1, PARTS + 1):
        lines.append(f"第{cn_numeral(a)}部分　第{a}部分的任务")
        lines.append(f"这一部分讲{cn_numeral(SECTIONS)}个方面的问题。")
        for b in range(1, SECTIONS + 1):
            lines.append(f"{cn_numeral(b)}、做好第{b}个方面的工作")
            for c in range(1, SUBS + 1):
                # Every fifth sub-heading lost its numeral to the source site: its neighbours prove it.
                num = "" if c % 5 == 3 else cn_numeral(c)
                lines.append(f"（{num}）抓好第{c}项重点任务。今年以来进展顺利，成效明显。")
                lines.extend(f"{d}.落实第{d}条措施。具体做法是这样的。" for d in range(1, ITEMS + 1))
    paras = tuple(Paragraph(line=i, text=t) for i, t in enumerate(lines, 1))
    return Speech(meta=Meta(source="big.txt", title="大"), paragraphs=paras)


def test_fifty_thousand_headings() -> None:
    outline = detect_outline(big_speech())
    heads = [b.heading for b in outline.blocks if b.heading]
    assert Counter(h.level for h in heads) == {1: PARTS, 2: PARTS * SECTIONS, 3: PARTS * SECTIONS * SUBS,
                                               4: PARTS * SECTIONS * SUBS * ITEMS}
    assert not any(r for b in outline.blocks for r in b.runins)
    anchors = [b.anchor for b in outline.blocks]
    assert len(anchors) == len(set(anchors))
    # Each restored numeral is said once, and nothing else is wrong with the numbering or the announced counts.
    restored = [h for h in heads if "restored-numeral" in h.flags]
    assert len(restored) == PARTS * SECTIONS * 2 and {h.marker for h in restored} == {"（[三]）", "（[八]）"}
    assert len(outline.problems) == len(restored)
    last = heads[-1]
    assert (last.marker, last.anchor) == (f"{ITEMS}.", f"{cn_numeral(PARTS)}-十-十-{ITEMS}")
    assert outline.blocks[-1].path == (f"第{cn_numeral(PARTS)}部分第{PARTS}部分的任务", f"十、做好第{SECTIONS}个方面的工作",
                                       f"（十）抓好第{SUBS}项重点任务", f"{ITEMS}.落实第{ITEMS}条措施")
