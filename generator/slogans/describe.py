"""What an entry is called and how it is introduced: its kind, its one-line gloss, its anchor id."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .judge import POLICY, is_formula, is_list
from .national import known

if TYPE_CHECKING:
    from ..records import Occurrence
    from .candidates import Candidate

KIND_LABELS = {
    "numbered-formula": "数字概括",
    "campaign": "专项行动",
    "strategy": "发展战略",
    "motto": "口号",
    "formulation": "提法",
}
CAMPAIGN_WORDS = ("行动", "活动", "工程", "专项", "运动", "主题教育", "教育", "攻坚", "战役", "创建")
# “南工北农中商贸”差异化发展战略 names a strategy; “三农”的一个大战略 does not (the 的 breaks the name).
STRATEGY_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,5}战略")
NUMBERED_LIST = re.compile(r"^[一二三四五六七八九十两双][^、]*(?:、[一二三四五六七八九十两双][^、]*)+$")
# Kinds in the order they are tried: the word after the quotes says most, then the shape of the term.
KIND_RULES = (
    ("strategy", lambda term, afters: any(STRATEGY_AFTER.match(a) for a in afters) or bool(POLICY.match(term))),
    ("campaign", lambda term, afters: any(a.lstrip("的").startswith(CAMPAIGN_WORDS) for a in afters)),
    ("numbered-formula", lambda term, afters: bool(NUMBERED_LIST.match(term))),
    ("motto", lambda term, afters: is_list(term)),
    ("numbered-formula", lambda term, afters: is_formula(term)),
)


def kind_of(term: str, hits: Sequence[tuple[object, Candidate]], reasons: Sequence[str]) -> str:
    """``双联`` followed by 行动 -> "campaign"; ``三大工程`` -> "numbered-formula"; ``稳中求进、好中求快`` -> "motto"."""
    f = known(term)
    if f is not None:
        return f.kind
    afters = [c.after for _, c in hits if c.quoted]
    for kind, test in KIND_RULES:
        if test(term, afters):
            return kind
    if any(c.rule != "quoted" for _, c in hits):
        return "numbered-formula"
    return "formulation"


def _clause(text: str, start: int, end: int, limit: int = 36) -> str:
    """The clause around a span, between the punctuation that bounds it, cut to ``limit`` characters."""
    stops = "，。；：！？、"
    a = max((text.rfind(ch, 0, start) for ch in "，。；：！？"), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in "，。；：！？") if i != -1]
    b = min(ends) if ends else len(text)
    clause = text[a:b].strip(stops)
    if len(clause) > limit:
        lo = max(0, start - a - (limit - (end - start)) // 2)
        clause = ("…" if lo else "") + clause[lo : lo + limit] + "…"
    return clause


def describe(term: str, kind: str, hits: Sequence[tuple[object, Candidate]], occ: Sequence[Occurrence],
             speeches: int) -> str:
    """One line for the tooltip when there is no expansion: what kind of term, and how it is used.

    ``效能风暴`` -> ``专项行动，见于 1 篇讲话 2 次：“以正在开展的“效能风暴”行动和……为抓手”``.
    """
    f = known(term)
    if f is not None and f.meaning:
        return f.meaning
    label = KIND_LABELS.get(kind, "提法")
    first = next((o for o in occ), None)
    if first is not None:
        use = _clause(first.context, first.context.find(first.text), first.context.find(first.text) + len(first.text))
        return f"{label}，见于 {speeches} 篇讲话 {len(occ)} 次：“{use}”"
    return f"{label}，见于讲话的小标题"


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
