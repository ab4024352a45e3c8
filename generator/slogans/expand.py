"""Expansions: where a speech spells a numeral formula out, found by rules that read the text, not by lists.

- ``list-before``: a list of N items ending in the formula's head just before it:
  ``产业化、规模化、标准化、特色化、品牌化的“五化”`` -> 五化 = 产业化、规模化、标准化、特色化、品牌化;
  ``…的了解力，…的理解力，…的知晓力，…的把控力等“四种能力”`` -> 了解力、理解力、知晓力、把控力.
- ``list-elsewhere``: a run of exactly N items ending in the head anywhere in the speech:
  ``以…为重点的强产工程、以…为重点的兴城工程、以…为重点的惠民工程`` … ``三大工程``.
- ``same-programme``: an abbreviation and a quoted list of N items share the programme word after them and the
  abbreviation's characters: ``“联村联户、为民富民”行动`` … ``“双联”行动`` -> 双联 = 联村联户、为民富民.
- ``known``: a quoted list that is exactly a known formulation's parts spells that formulation out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .candidates import HAN, NUMERALS
from .judge import HEAD_AFTER
from .national import known

VALUES = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
PURE_FORMULA = re.compile(rf"^(?P<n>[{NUMERALS}]{{1,2}})(?:大|个|种|项|条)?(?P<head>[{HAN}]{{1,3}})$")
SENTENCE_STOP = re.compile(r"[。！？；：]")
_LIST_END = re.compile(r"(?:的|等|之|这|这些)$")
ITEM_MAX = 8


@dataclass(frozen=True, slots=True)
class Spelled:
    """An expansion and where it is spelled out: paragraph ``ref`` (an index the caller gives), span."""

    parts: tuple[str, ...]
    ref: int
    start: int
    end: int
    rule: str


def numeral_value(text: str) -> int | None:
    """``五`` -> 5, ``十`` -> 10, ``十二`` -> 12; None for anything else."""
    if len(text) == 1:
        return VALUES.get(text)
    if len(text) == 2 and text[0] == "十" and text[1] in VALUES:
        return 10 + VALUES[text[1]]
    return None


def split_formula(term: str) -> tuple[int, str] | None:
    """``三大工程`` -> (3, "工程"), ``五化`` -> (5, "化"), ``四种能力`` -> (4, "能力")."""
    m = PURE_FORMULA.match(term)
    if not m:
        return None
    n = numeral_value(m.group("n"))
    return (n, m.group("head")) if n and n > 1 else None


def _trim(item: str) -> str:
    """The item's own words: after its last 的 (``谈判桌上的把控力`` -> 把控力)."""
    item = item.strip()
    return item.rsplit("的", 1)[-1] if "的" in item else item


def _tidy(items: list[str]) -> tuple[str, ...] | None:
    """Trim each item; cut a leading verb off the first (``按照产业化`` -> 产业化) to the others' length."""
    items = [_trim(x) for x in items]
    rest = items[1:]
    if rest and len(items[0]) > max(map(len, rest)):
        items[0] = items[0][-max(map(len, rest)) :]
    if any(not (2 <= len(x) <= ITEM_MAX) or not re.fullmatch(f"[{HAN}]+", x) for x in items):
        return None
    return tuple(items)


def list_before(text: str, start: int, n: int, head: str) -> tuple[tuple[str, ...], int] | None:
    """The N-item list that ends just before position ``start`` (the formula's opening quote or first
    character), with the list's start offset."""
    prefix = text[:start]
    prefix = _LIST_END.sub("", prefix)
    stop = max((m.end() for m in SENTENCE_STOP.finditer(prefix)), default=0)
    sentence = prefix[stop:]
    seps = [i for i, ch in enumerate(sentence) if ch in "、，"]
    if not seps:
        return None
    sep = sentence[seps[-1]]  # the separator the list uses between its last two items
    items = sentence.split(sep)
    if len(items) < n:
        return None
    chosen = items[-n:]
    if not all(x.endswith(head[-1]) for x in chosen):
        return None
    tidy = _tidy(chosen)
    if tidy is None:
        return None
    begin = stop + len(sep.join(items[:-n])) + (1 if len(items) > n else 0)
    return tidy, begin


_SENTENCE = re.compile(r"[^。！？；：]+")
_PIECE = re.compile(r"[^、，]+")


def runs_of(text: str, head: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Maximal runs of list items ending in ``head`` in each sentence: (items, start, end)."""
    out: list[tuple[tuple[str, ...], int, int]] = []
    for sent in _SENTENCE.finditer(text):
        pieces = list(_PIECE.finditer(sent.group()))
        run: list[re.Match[str]] = []
        for piece in [*pieces, None]:
            if piece is not None and _trim(piece.group()).endswith(head) and len(_trim(piece.group())) > len(head):
                run.append(piece)
                continue
            if len(run) >= 2:
                items = tuple(_trim(p.group()) for p in run)
                out.append((items, sent.start() + run[0].start(), sent.start() + run[-1].end()))
            run = []
    return out


def find_expansions(
    paragraphs: Sequence[tuple[int, str]],
    formula_spans: dict[str, list[tuple[int, int, int, str]]],
    lists: dict[str, list[tuple[int, int, int, str]]],
) -> dict[str, Spelled]:
    """Expansions for one speech.

    ``paragraphs``: (ref, Simplified text). ``formula_spans``: term -> [(ref, start, end, word after)] for the
    speech's numeral formulas (start at the opening quote when quoted). ``lists``: the same for its quoted
    lists. Returns term -> Spelled, for formulas and for lists that spell a known formulation out.
    """
    text_of = dict(paragraphs)
    out: dict[str, Spelled] = {}
    for term, spans in formula_spans.items():
        shape = split_formula(term)
        if shape is None:
            continue
        n, head = shape
        for ref, start, _end, _after in spans:
            got = list_before(text_of[ref], start, n, head)
            if got:
                out[term] = Spelled(got[0], ref, got[1], start, "list-before")
                break
        if term in out or len(head) < 2:
            continue
        for ref, text in paragraphs:
            if head not in text:
                continue  # every item of a run ends in the head
            exact = [r for r in runs_of(text, head) if len(r[0]) == n and term not in r[0]]
            if exact:
                items, s, e = exact[0]
                tidy = _tidy(list(items))
                if tidy:
                    out[term] = Spelled(tidy, ref, s, e, "list-elsewhere")
                    break
    for term, spans in formula_spans.items():
        if term in out or split_formula(term) is None:
            continue
        n, head = split_formula(term)  # type: ignore[misc]
        words = {_programme(a) for *_, a in spans} - {""}
        for lst, lspans in lists.items():
            items = tuple(lst.split("、"))
            if len(items) != n or not set(head) <= set(lst):
                continue
            hit = next((s for s in lspans if _programme(s[3]) in words), None)
            if hit:
                out[term] = Spelled(items, hit[0], hit[1], hit[2], "same-programme")
                break
    for lst, lspans in lists.items():
        if lst not in out and known(lst) and lspans:
            ref, s, e, _ = lspans[0]
            out[lst] = Spelled(tuple(re.split(r"[、，]", lst)), ref, s, e, "known")
    return out


def _programme(after: str) -> str:
    m = HEAD_AFTER.match(after)
    return m.group().lstrip("的") if m else ""
