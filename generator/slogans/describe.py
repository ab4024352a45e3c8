"""What an entry says about itself: its kind, its meaning and where that comes from, its anchor id.

A meaning comes from one of two sources, and the entry says which: the national list (``national``), or a
speech that spells the formulation out (``expand``). Where neither has one, the entry says so and shows the
use that explains it best (``best_context``) instead of repeating its first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .judge import HEAD_INSIDE, POLICY, SO_CALLED, is_formula, is_list
from .national import Formulation, known

if TYPE_CHECKING:
    from ..records import Occurrence
    from .candidates import Candidate

KIND_LABELS = {
    "numbered-formula": "数字概括",
    "parallel": "并列提法",
    "motto": "口号",
    "strategy": "战略",
    "campaign": "专项行动",
    "policy": "方针政策",
    "doctrine": "指导思想",
    "plan": "五年规划",
    "goal": "奋斗目标",
    "label": "批评用语",
    "formulation": "提法",
}
CAMPAIGN_WORDS = ("行动", "活动", "工程", "专项", "运动", "主题教育", "教育", "攻坚", "战役", "创建", "年")
# “南工北农中商贸”差异化发展战略 names a strategy; “三农”的一个大战略 does not (a 的 breaks the name).
STRATEGY_AFTER = re.compile(r"^[^的，。、；：\s]{0,5}战略")
NUMBERED = re.compile(r"[一二三四五六七八九十百千两双]")
# X农Y农Z农, 警风警纪警德: parallel phrases sharing one character, written as one word.
SHARED = re.compile(r"^(?:.(.))(?:.\1)+$|^(.).(?:\2.)+$")


def kind_of(term: str, hits: Sequence[tuple[object, Candidate]]) -> str:
    """``双联`` followed by 行动 -> "campaign"; ``三大工程`` -> "numbered-formula"; ``稳中求进、好中求快`` ->
    "parallel"; ``强农惠农富农`` -> "parallel" (no numeral: not a numbered formula)."""
    f = known(term)
    if f is not None:
        return f.kind
    afters = [c.after for _, c in hits if c.quoted]
    if any(STRATEGY_AFTER.match(a) for a in afters) or POLICY.match(term):
        return "strategy"
    if any(a.lstrip("的").startswith(CAMPAIGN_WORDS) for a in afters) or (
            len(term) >= 3 and HEAD_INSIDE.search(term) and not is_list(term)):
        return "campaign"
    if "，" in term or "," in term:
        return "motto"
    if NUMBERED.search(term) and (is_formula(term) or is_list(term)):
        return "numbered-formula"
    if is_list(term) or SHARED.match(term):
        return "parallel"
    if any(SO_CALLED.search(c.before) for _, c in hits if c.quoted):
        return "label"
    if NUMBERED.search(term):
        return "numbered-formula"
    return "formulation"


# Words right after a term that introduce what it means: “双联”即…, 所谓“两区同建”，就是…, “五化”是指….
EXPLAINS = re.compile(r"^[”」』]?(?:[，,]?(?:即|就是|也就是|是指|指的是|主要是|包括|概括为)|[（(：:])")


def best_context(occ: Sequence[Occurrence], dated: dict[str, str]) -> Occurrence | None:
    """The use that explains a term best where no source gives its meaning: one followed by 即/就是/是指/（…）,
    else the earliest dated use, else the first."""
    if not occ:
        return None
    explaining = [o for o in occ if EXPLAINS.match(o.context[o.context.find(o.text) + len(o.text):])]
    pool = explaining or list(occ)
    return min(pool, key=lambda o: (dated.get(o.source) or "9999", o.source, o.line, o.start))


def record_for(term: str) -> Formulation | None:
    """The national record an entry belongs to: its own wording, or the record whose parts the term lists."""
    return known(term)


def same_as(term: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The other entries that are the same formulation (other wordings of its record, or the record a list
    spells out): ``中央八项规定`` -> (八项规定, 中央八项规定精神) where those are entries."""
    f = known(term)
    if f is None:
        return ()
    present = set(terms)
    return tuple(w for w in f.wordings if w != term and w in present)


def make_slugs(terms: Sequence[str]) -> dict[str, str]:
    """Anchor ids, unique and stable: the term without punctuation (``稳中求进、好中求快`` -> 稳中求进好中求快)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for term in sorted(terms):
        base = re.sub(r"[^\w]+", "", term) or "term"
        if base[0].isdigit():
            base = "t" + base
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[term] = slug
    return out
