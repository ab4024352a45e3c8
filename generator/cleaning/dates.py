"""Dates as speeches print them: ``2022年3月5日``, ``１９９６年３月５日``, ``二〇二五年一月二十七日``, ``2022-01-22``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULL = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "О": 0}
_CN = "〇○零Ｏ一二三四五六七八九十"
_D = "[0-9０-９]"
_SP = r"\s?"  # old reports print "1 9 9 3 年3 月" with stray spaces

# One pattern for every form; the groups say which matched. A year in Chinese numerals has four digits.
DATE_RE = re.compile(
    rf"(?P<y>(?:{_D}{_SP}){{3}}{_D}){_SP}年{_SP}(?P<m>{_D}{{1,2}}){_SP}月{_SP}(?P<d>{_D}{{1,2}}){_SP}[日号]"
    rf"|(?P<cy>[{_CN}]{{4}})年(?P<cm>[{_CN}]{{1,3}})月(?P<cd>[{_CN}]{{1,3}})[日号]"
    rf"|(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?![\d.])"
)
# A year and month only (a release date "2020年02月" is not a day): for a speech's date only a full date counts.


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str
    start: int
    end: int


def _cn_small(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十七 -> 27, 三十一 -> 31."""
    if not s:
        return None
    if "十" not in s:
        return _CN_DIGIT.get(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _CN_DIGIT.get(tens, None) if tens else 1
    o = _CN_DIGIT.get(ones, None) if ones else 0
    if t is None or o is None or len(tens) > 1 or len(ones) > 1:
        return None
    return t * 10 + o


def _iso(y: int, m: int, d: int) -> str | None:
    if not (1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _read(m: re.Match[str]) -> str | None:
    if m.group("y"):
        digits = lambda g: int(re.sub(r"\s", "", m.group(g)).translate(_FULL))  # noqa: E731
        return _iso(digits("y"), digits("m"), digits("d"))
    if m.group("cy"):
        year = "".join(str(_CN_DIGIT.get(c, "x")) for c in m.group("cy"))
        month, day = _cn_small(m.group("cm")), _cn_small(m.group("cd"))
        if not year.isdigit() or month is None or day is None:
            return None
        return _iso(int(year), month, day)
    return _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id")))


def find_dates(text: str) -> list[FoundDate]:
    """Every full date in the text, in order: ``（2020年1月8日）`` -> [FoundDate("2020-01-08", 1, 10)]."""
    out = []
    for m in DATE_RE.finditer(text):
        iso = _read(m)
        if iso:
            out.append(FoundDate(iso, m.start(), m.end()))
    return out


def first_date(text: str) -> FoundDate | None:
    """The first full date in the text, or None."""
    found = find_dates(text)
    return found[0] if found else None
