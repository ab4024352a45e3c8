"""Candidate formulations in one paragraph: quoted phrases and numeral patterns, with what surrounds them.

Every finder is a named rule (``FINDERS``) so a report can say why a span became a candidate. Finders run on
the Simplified text of a paragraph; offsets are the same in the text as displayed (see ``glossary.simplified``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lanes import as_lanes, nonzero_lanes
from .boundary import Verdict, is_whole_word, scan
from .lexicon import is_idiom, word_count
from .national import counts_unquoted, wording_pattern

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
NUMERALS = "一二三四五六七八九十百千两双"
ARABIC = "0123456789０１２３４５６７８９"
# Quotes a speech uses around a formulation; the innermost pair wins, so “以“一区两点”为重点” gives 一区两点.
QUOTE = re.compile(r"[“「『]([^“”「」『』\n]{1,40})[”」』]")
# Heads that a campaign, strategy or formula takes after its numeral outside quotes: 四大家, 三大工程, 两大战役.
NDA_HEADS = (
    "攻坚战|攻坚|工程|战役|行动|战略|产业|板块|基地|平台|体系|园区|班子|中心|专项|会战|片区|集群|家"
)
# Time units of a working cadence: 一月一交账, 一季一观摩, 一周一调度.
CADENCE_UNITS = "日周旬月季年"
# What cannot follow a numeral in a layout formula (一核两翼三区): measure words, time units, ordinals.
CHAIN_BREAK = f"个次天年月日周人些是要位名件项条种批把张本台只{NUMERALS}"
# What may follow a numeral-led formula written without quotes (it is then a whole word).
AFTER_WORD = rf"(?=[^{HAN}]|[的和与及等为是在]|$)"
# After a body of people (四大家主要领导, 三大班子领导) a title may follow directly.
AFTER_BODY = rf"(?=[^{HAN}]|[的和与及等为是在主领成]|$)"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One span that may be a formulation: ``key`` is its Simplified wording, ``start``/``end`` index the
    paragraph as displayed, ``quoted`` says whether the speaker put it in quotes."""

    key: str
    start: int
    end: int
    rule: str
    quoted: bool
    before: str  # up to CONTEXT_CHARS characters before (outside the quotes)
    after: str  # up to CONTEXT_CHARS characters after (outside the quotes)
    series: tuple[str, ...] = ()  # the other quotes of a run “A”、“B”和“C” this one stands in


@dataclass(frozen=True, slots=True)
class Finder:
    """A named rule: a pattern whose group ``t`` is the candidate, plus an optional extra test."""

    name: str
    pattern: re.Pattern[str]
    quoted: bool = False


_ORDINAL = "[一二三四五六七八九]"


def _ascending(numerals: str) -> bool:
    order = "一二三四五六七八九"
    return all(order.index(b) == order.index(a) + 1 for a, b in zip(numerals, numerals[1:]))


# Each finder opens with a character class or a literal (a lookbehind comes after the first character), so
# the regex engine can skip to the places where a match may start instead of trying every position.
FINDERS: tuple[Finder, ...] = (
    # “两区同建”, 「双联」, 『五化』: the main source; the judge decides which are formulations.
    Finder("quoted", QUOTE, quoted=True),
    # 四大家, 三大工程 outside quotes: a numeral, 大, and a head that names a programme.
    Finder(
        "numeral-da",
        re.compile(rf"(?P<t>[{NUMERALS}](?<![{NUMERALS}第][{NUMERALS}])[{NUMERALS}]?大(?:{NDA_HEADS})){AFTER_BODY}"),
    ),
    # 一月一交账, 一季一观摩: a working cadence.
    Finder("cadence", re.compile(rf"(?P<t>一[{CADENCE_UNITS}]一[{HAN}]{{2}})(?=[^{HAN}]|[这的和等])")),
    # 一级抓一级, 一级带一级: a chain of responsibility.
    Finder("chain", re.compile(rf"(?P<t>一(?P<x>[{HAN}])[抓带促管压]一(?P=x))")),
    # 一岗双责, 一区两点: one X, two Y (single characters when unquoted, so the span is certain).
    Finder(
        "one-two",
        re.compile(rf"(?P<t>一(?<![{NUMERALS}]一)(?![至到或])[{HAN}][两双二](?![个次天年])[{HAN}]){AFTER_WORD}"),
    ),
    # 一核两翼三区, 一团五园三基地, 一主两辅三新: three or more numeral-led single characters (the last may be
    # two), a local development layout written without quotes. Measure words and time units break it.
    Finder(
        "numeral-chain",
        re.compile(
            rf"(?P<t>[{NUMERALS}](?<![{NUMERALS}第][{NUMERALS}])(?![{CHAIN_BREAK}])[{HAN}]"
            rf"(?:[{NUMERALS}](?![{CHAIN_BREAK}])[{HAN}])+"
            rf"[{NUMERALS}](?![{CHAIN_BREAK}])[{HAN}](?:[{HAN}]{AFTER_WORD})?)"
        ),
    ),
    # 一二三产融合: consecutive numerals naming the three sectors together.
    Finder("numeral-run", re.compile(rf"(?P<t>{_ORDINAL}{_ORDINAL}{_ORDINAL}产业?(?:融合|联动|协同|互动)?)")),
    # 强农惠农富农: three verb-object pairs sharing the object.
    Finder(
        "shared-object",
        re.compile(rf"(?P<t>([{HAN}])(?P<o>[{HAN}])(?!(?P=o))[{HAN}](?P=o)[{HAN}](?P=o))"),
    ),
)


def _may_share(text: str) -> bool:
    """Could ``shared-object`` match: is some character equal to the ones two and four places after it?

    A cheap test in C on the text as one integer of 32-bit lanes (``lanes``): XOR with itself two lanes on
    leaves a zero lane k where text[k] == text[k + 2]; OR-ing that with itself two lanes on leaves a zero lane
    where text[k + 2] == text[k + 4] too; a zero lane left means yes."""
    n = len(text)
    if n < 6:
        return False
    a = as_lanes(text)
    x = a ^ (a >> 64)
    x |= x >> 64
    return nonzero_lanes(x, n) < n


# Characters that join or mark words rather than act on an object: never the X of an X o pair.
FUNCTION_CHARS = frozenset("和与及或的了在是对把被为等并而且之其")


def _misaligned(text: str, start: int) -> bool:
    """Whether a ``shared-object`` match X o Y o Z o at ``start`` is not three words X o, Y o, Z o (at least two of
    them in the dictionary), or reads better one character on, as o Y o Z o W: ``族交往交流交`` is a slice of
    交往、交流、交融 (the pairs 交往 交流 交融 are words; 族交 往交 流交 are not), and so is ``防灾救灾和灾`` (和 is
    no verb: 防灾、救灾和灾后重建); ``强农惠农富农`` is not (惠农 富农 against 农惠 农富 …)."""
    here = sum(word_count(text[start + k : start + k + 2]) > 0 for k in (0, 2, 4))
    shifted = sum(word_count(text[start + k : start + k + 2]) > 0 for k in (1, 3, 5) if start + k + 2 <= len(text))
    heads = text[start : start + 6 : 2]
    return here < 2 or shifted > here or any(ch in FUNCTION_CHARS for ch in heads)


def _has_idiom(term: str) -> bool:
    return any(is_idiom(term[i : i + 4]) for i in range(len(term) - 3))


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


# Characters kept either side of a candidate for the rules that read its surroundings: enough for a verb or
# a claim a few words before the quote (攻击执行这些政策是“复辟资本主义”).
CONTEXT_CHARS = 12


# Words that make a following “N大X” a count (of parts, or of what was just named): 全书分为三大板块, 这两大战略.
DIVIDED_INTO = re.compile(r"(?:分为|分成|划分为|划分成|分作|这|上述|以上|前述)$")
# What may stand between two quotes of one run: “带病下乡”和“带病回城”, “油路到县”、“送电到乡”.
SERIES_JOIN = re.compile(r"(?:、|，|,|和|与|及|以及|或|、以及)")


def _with_series(found: list[Candidate], text: str) -> list[Candidate]:
    """Each quoted candidate with the other quotes of its run (quotes joined only by 、 和 与 …)."""
    quoted = sorted((c for c in found if c.quoted), key=lambda c: c.start)
    runs: list[list[Candidate]] = []
    for c in quoted:
        prev = runs[-1][-1] if runs else None
        if prev is not None and SERIES_JOIN.fullmatch(text[prev.end + 1 : c.start - 1]):
            runs[-1].append(c)
        else:
            runs.append([c])
    series = {id(c): tuple(o.key for o in run if o is not c) for run in runs if len(run) > 1 for c in run}
    return [replace(c, series=series[id(c)]) if id(c) in series else c for c in found]


def find_candidates(simplified: str) -> list[Candidate]:
    """Every candidate span of one paragraph's Simplified text, quoted ones first.

    ``要紧盯“六大煤矿”、“五大油区”`` -> 六大煤矿 (quoted), 五大油区 (quoted).
    """
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for finder in FINDERS:
        if finder.name == "shared-object" and not _may_share(simplified):
            continue  # no character stands at three places two apart: the pattern cannot match
        for m in finder.pattern.finditer(simplified):
            if finder.quoted:
                start, end = m.span(1)
                while start < end and simplified[start].isspace():
                    start += 1  # “ 文化大革命”: a line break the scrape left inside the quotes
                while end > start and simplified[end - 1].isspace():
                    end -= 1
                if start == end or any(ch.isspace() for ch in simplified[start:end]):
                    continue
                before, after = _context(simplified, m.start(), m.end())
            else:
                start, end = m.span("t")
                if finder.name == "numeral-run" and not _ascending(m.group("t")[:3]):
                    continue
                if finder.name == "shared-object" and (m.group("o") in "抓的是一了不" or _misaligned(simplified, start)):
                    continue
                if finder.name == "numeral-chain" and _has_idiom(m.group("t")):
                    continue  # 一心一意、三心二意: idioms side by side
                if finder.name == "numeral-da" and DIVIDED_INTO.search(simplified[max(0, start - 4) : start]):
                    continue  # 分为三大板块, 实施这两大战略: a count of parts, or of what was just named
                before, after = _context(simplified, start, end)
                if not is_whole_word(simplified, start, end):
                    continue  # a piece of a longer word: 大开放 in 扩大开放
            if any(s < end and start < e for s, e in taken):
                continue  # inside a quote already taken, or overlapping an earlier rule's span
            taken.append((start, end))
            out.append(Candidate(simplified[start:end], start, end, finder.name, finder.quoted, before, after))
    known = wording_pattern()

    def decide(term: str, start: int, end: int) -> Verdict:
        if any(s < end and start < e for s, e in taken):
            return "hold"  # inside a quote, or a span a finder took
        if not is_whole_word(simplified, start, end):
            return "retry"  # a piece of a longer word: 中央八项规定 in 党中央八项规定 (八项规定 is whole there)
        # A quoted-only wording without its quotes holds its span (no shorter wording inside it counts).
        return "keep" if counts_unquoted(simplified, start, end) else "hold"

    for term, start, end in scan(known, simplified, decide) if known else ():
        taken.append((start, end))
        before, after = _context(simplified, start, end)
        out.append(Candidate(term, start, end, "known", False, before, after))
    return _with_series(out, simplified)
