"""Rules that mark what the source damaged beyond repair: garbled bytes, scrubbed numerals, placeholders,
an injected place name. The text is kept as it is; only Marks are added."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..script import common_chars
from .draft import HAN, DLine, Draft, Outcome, add_marks, either_script, map_lines


@lru_cache(maxsize=1)
def _junk_re() -> re.Pattern[str]:
    # A rare Han character, a compatibility/small form (﹥), a private-use character, or U+FFFD: one set (Han
    # minus the common characters, as ranges) that the regex engine tests in one step and can scan for.
    common = common_chars()
    ranges: list[str] = []
    for lo, hi in re.findall(r"(.)-(.)", HAN):
        start = None
        for cp in range(ord(lo), ord(hi) + 2):
            rare = cp <= ord(hi) and chr(cp) not in common
            if rare and start is None:
                start = cp
            elif not rare and start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
                start = None
    return re.compile(f"[{''.join(ranges)}\ufe30-\ufe6f\ue000-\uf8ff\ufffd]")


@lru_cache(maxsize=1)
def _junk_run_re() -> re.Pattern[str]:
    j = _junk_re().pattern
    return re.compile(f"{j}(?:[^\\n]?{j}){{2,}}")


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_FRAG_RE = re.compile(f"[A-Za-z{_TONED}ü]{{1,6}}\\)?")
_QMARK_RE = re.compile("[?\ufffd]")
_GARBLED_WHY = "来源网站的编码错位（GBK 字节错位），原文无法恢复"


def _is_junk(ch: str) -> bool:
    return bool(ch) and _junk_re().match(ch) is not None


def _garbled_after(text: str, i: int) -> bool:
    """Is the ``?`` at i debris rather than a question mark? A question mark is followed by a space,
    the end, a closing quote or ordinary text — never by pinyin letters, ``;``, ``、``/``。`` or rare glyphs."""
    if text[i] == "\ufffd":
        return True
    nxt = text[i + 1 : i + 2]
    prev = text[i - 1 : i]
    return bool(
        (nxt and (nxt.isascii() and nxt.isalpha() or nxt in _TONED or nxt in ";、。，,?" or _is_junk(nxt)))
        or _is_junk(prev)
    )


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a garbled span over neighbouring debris: ``?``, ``;``, pinyin fragments, rare glyphs, and a
    common character when more debris follows within two characters (罕 in 厝罕娞峁)."""
    while start > 0 and _is_junk(text[start - 1]):
        start -= 1
    j = end
    n = len(text)
    while j < n:
        c = text[j]
        if c in "?;\ufffd" or _is_junk(c):
            j += 1
            continue
        m = _FRAG_RE.match(text, j)
        if m:
            j = m.end()
            continue
        if "\u4e00" <= c <= "\u9fff" and any(_is_junk(x) for x in text[j + 1 : j + 3]):
            j += 1
            continue
        break
    return start, j


def mark_garbled(draft: Draft) -> Outcome:
    """Mark GBK byte-shift debris: ``變?nèi)裾猩虨閷I招商`` -> ``?nèi)裾猩虨閷I`` marked garbled."""

    def one(line: DLine) -> tuple[DLine, int, list[str]]:
        text = line.text
        spans: list[tuple[int, int]] = []
        for m in _QMARK_RE.finditer(text):
            if spans and m.start() < spans[-1][1]:
                continue
            if _garbled_after(text, m.start()):
                spans.append(_extend(text, m.start(), m.end()))
        for m in _junk_run_re().finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append(_extend(text, m.start(), m.end()))
        return add_marks(line, sorted(spans), "garbled", _GARBLED_WHY)

    return map_lines(draft, one)


# Numerals and names the source site scrubbed. Written in Simplified; either_script makes each match both
# scripts. Group 1 of each pattern is the span to mark.
_YEAR_WORDS = "初底末度终前内中间产均龄轻代会货份关检报薪限纪景华"
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(either_script(pattern))


def _chars(chars: str) -> frozenset[str]:
    """A set of characters in both scripts: ``对从`` -> {对, 對, 从, 從}."""
    from ..script import traditional_forms

    return frozenset(chars + "".join(traditional_forms(c) for c in chars))


@dataclass(frozen=True, slots=True)
class Scrub:
    """A trace of a scrubbed numeral or name: group 1 of ``pattern`` is marked, if the character before
    it is in ``after`` (or the line starts there) and not in ``not_after``. ``trigger`` holds characters
    one of which must be in the line: a cheap test before the regex."""

    trigger: str
    pattern: re.Pattern[str]
    why: str
    after: frozenset[str] | None = None
    not_after: frozenset[str] = frozenset()
    needles: tuple[str, ...] = ()  # when set: what the pattern matches, one of which must be in the line

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.needles:
            if not any(n in text for n in self.needles):
                return []
        elif not _trigger_re(self.trigger).search(text):
            return []
        out = []
        for m in self.pattern.finditer(text):
            s, e = m.span(1)
            prev = text[s - 1] if s else ""
            if self.after is not None and prev and prev not in self.after:
                continue
            if prev and prev in self.not_after:
                continue
            out.append((s, e))
        return out


@lru_cache(maxsize=32)
def _trigger_re(trigger: str) -> re.Pattern[str]:
    """Any one of the trigger characters."""
    return re.compile(f"[{re.escape(trigger)}]")


_YEAR_WORDS = "初底末度终前内中间产均龄轻代会货份关检报薪限纪景华"
_NUMERALS = _chars("0123456789０１２３４５６７８９一二三四五六七八九十百零〇○两几多")
# Written in Simplified; either_script / _chars make each match both scripts.
_SCRUBBED = (
    # 对年全区 / 提出了年经济 / 过去的年， / 年我区 (a line-initial bare 年): the year's digits are gone
    Scrub("年", _rx(f"(年)(?![{_YEAR_WORDS}])"), "年份数字被来源网站删去", after=_chars("对了的自把从在至到于是，,。；;：:、 ")),
    Scrub("周週", _rx("(周年)"), "周年数被来源网站删去", not_after=_NUMERALS),
    Scrub(
        "第",
        _rx("(第)(?=产业|次|届|个|批|季度|期|名|位|轮|章|条|款|项|部分|步|阶段|书记|责任人|梯队|类|种)"),
        "序数被来源网站删去（如“第三产业”）",
    ),
    Scrub("个個", _rx("(个)(?=[^”」\\n]{1,8}[”」])"), "数字被来源网站删去（如“三个代表”）", after=frozenset("“「")),
    Scrub("）)", _rx(r"(（\s*）|\(\s*\))"), "括号里的序号被来源网站删去"),
    Scrub("”」", _rx("(“”|””|「」)"), "引号里的名称被来源网站删去", needles=("“”", "””", "「」")),
    Scrub("、，", _rx("(、、|，，)"), "列举中的一项被来源网站删去", needles=("、、", "，，")),
    Scrub("%％", _rx("([*＊.．]*[%％])"), "百分数被来源网站删去", not_after=_NUMERALS | frozenset(".．*＊")),
    Scrub("是", _rx("(是)(?![的否不啊])"), "句首的序数或年份可能被来源网站删去（如“三是”）", after=frozenset("。！？；")),
)


def mark_scrubbed(draft: Draft) -> Outcome:
    """Mark numerals and names the site removed: ``第產業``, ``“個代表”``, ``增長*%``, ``()`` -> scrubbed."""

    # A trace whose trigger is nowhere in the speech is not looked for line by line.
    whole = "\n".join(ln.text for ln in draft.lines)
    scrubs = [scrub for scrub in _SCRUBBED if _trigger_re(scrub.trigger).search(whole)]

    def one(line: DLine) -> tuple[DLine, int, list[str]]:
        examples: list[str] = []
        count = 0
        for scrub in scrubs:
            spans = scrub.spans(line.text)
            if spans:
                line, n, ex = add_marks(line, spans, "scrubbed", scrub.why)
                count += n
                examples += ex
        return line, count, examples

    return map_lines(draft, one)


# X for a name or place, standing next to Chinese on at least one side (X同志, X、X等领导, 达到X户); not in a
# Latin word or number, and not X光 / X射线 / X型, which are words.
_PLACEHOLDER_RE = re.compile(
    f"(?<![A-Za-z0-9])([XＸ×]{{1,3}}|○{{2,3}}|某某)(?![A-Za-z0-9]|光|射线|射線|型|线|線)"
    f"(?:(?<=[{HAN}、，“”][XＸ×○某])|(?<=[{HAN}、，“”][XＸ×○某]{{2}})|(?<=[{HAN}、，“”][XＸ×○某]{{3}})|(?=[{HAN}、，。“”]))"
)
_PLACEHOLDER_HINT_RE = re.compile(r"[XＸ×○某…]|\.\.\.|。。。")
_HINT_CHARS = re.compile(r"[XＸ×○某…]")
# An ellipsis standing where content was left out: after a colon, comma, 了 … or at a line's start.
_ELLIPSIS_AFTER = "了：:，,、（(“是为对把将与和及"
# Each branch opens with its character and then looks back past it (at the line's start there is nothing
# to look back at): the same matches as (?:^|(?<=[…]))(…+|\.{3,}|。{3,}), found by skipping to the dots.
_ELLIPSIS_RE = re.compile(
    rf"(…(?<![^{_ELLIPSIS_AFTER}]…)…*|\.(?<![^{_ELLIPSIS_AFTER}]\.)\.{{2,}}|。(?<![^{_ELLIPSIS_AFTER}]。)。{{2,}})"
)


def mark_placeholders(draft: Draft) -> Outcome:
    """Mark template placeholders: ``X同志``, ``X、X等领导``, ``传达了……，`` -> placeholder."""

    def one(line: DLine) -> tuple[DLine, int, list[str]]:
        text = line.text
        if not (_HINT_CHARS.search(text) or "..." in text or "。。。" in text):  # _PLACEHOLDER_HINT_RE, faster
            return line, 0, []
        spans = [m.span(m.lastindex or 0) for m in _PLACEHOLDER_RE.finditer(line.text)]
        line, n1, ex1 = add_marks(line, spans, "placeholder", "来源里的名称被 X 代替")
        spans = [m.span(1) for m in _ELLIPSIS_RE.finditer(line.text)]
        line, n2, ex2 = add_marks(line, spans, "placeholder", "来源在这里略去了内容")
        return line, n1 + n2, ex1 + ex2

    return map_lines(draft, one)


# 工业强县 with the site's find-and-replace of 县 -> 金乡县: 工业强金乡县. The slogan frame (a sector word,
# then 强/兴/立/富) proves the place name does not belong there.
_SECTORS = "工业|农业|科技|人才|文化|旅游|生态|教育|质量|产业|项目|开放|商贸|依法|实业|民营|工贸|科教|文旅|交通|招商"
# Starting at the verb character lets the regex engine scan for it; the lookbehind then checks the sector
# word before it (every alternative is three characters wide, as a lookbehind needs).
_INJECTED_RE = _rx(
    f"([强兴立富治活])(?<=(?:{_SECTORS})[强兴立富治活])"
    f"([{HAN}]{{2}}([县市区]))"
    r"(?=战略|、|，|,|的|建设|目标|之路|”|」|。)"
)


def mark_injected(draft: Draft) -> Outcome:
    """Flag a place name pasted into a slogan: ``工業強金鄉縣戰略`` -> ``金鄉縣`` flagged injected."""

    def one(line: DLine) -> tuple[DLine, int, list[str]]:
        examples: list[str] = []
        count = 0
        for m in _INJECTED_RE.finditer(line.text):
            unit = m.group(3)
            slogan = line.text[m.start() - 2 : m.end(1)] + unit  # 工业强 + 县
            why = f"来源网站把“{unit}”替换成了“{m.group(2)}”，原文应为“{slogan}”"
            line, n, ex = add_marks(line, [m.span(2)], "injected", why)
            count += n
            examples += ex
        return line, count, examples

    return map_lines(draft, one)
