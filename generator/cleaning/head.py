"""The head of a speech: title, subtitle, date, speaker, place and occasion, in whatever order a scrape
glued them, and where the speech itself begins.

Seen in real scrapes: ``新华社北京6月13日电在…上的讲话（2025年6月13日）习近平同志们，朋友们：…`` on one line;
``为实现…而团结奋斗※习近平　　这次中央全会…``; a report's title, ``——2022年3月5日在…会议上`` and
``国务院总理　李克强`` on lines of their own; ``1978年政府工作报告`` (a label) above the report's own title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import first_date
from .names import OFFICE_RE, name_at, split_office

_ZH_END = "。！？!?"
# A salutation opens the body; in a head glued to it, it may end with ！ or run on with ，.
_SAL = ("同志们|各位代表|各位委员|各位领导|各位来宾|各位嘉宾|各位同仁|各位同事|朋友们|同学们|老师们|女士们|先生们"
        "|乡亲们|同胞们|全体同学|各位同志")
BODY_SALUTATION_RE = re.compile(rf"(?:尊敬的[^。！？：:]{{1,40}}?[，,、]\s*)?(?:(?:{_SAL})[、，,\s]*){{1,4}}[:：！!，,]")
DATELINE_RE = re.compile(
    r"[（(]?(?P<agency>新华社|中新社|人民日报|人民网|新华网|央视网|中国新闻网|本报|本台|本网|光明日报)?"
    r"(?P<place>[\u4e00-\u9fff]{0,8}?)(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?"
    r"(?:电|讯|消息)[）)]?(?:\s*[（(](?:记者|通讯员)\s*(?P<reporter>[^）)]{1,30})[）)])?[：:]?\s*"
)
# 张建军同志在…上的讲话 / 习近平：在…上的讲话: the speaker named in the title.
_TITLE_SPEAKER_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?(?:[：:]\s*|(?=在))(?P<rest>在.{2,60}(?:上|时)的)")
_PAREN_RE = re.compile(r"[（(]([^（）()]{6,80})[）)]")
_SPOKE = r"的[^，。在]{0,6}?(?:讲话|致辞|发言|演讲|报告|说明)"
_OCCASION_RE = re.compile(rf"在(.{{2,60}}?)(?:上|时|之际)(?:{_SPOKE})?$")
_TITLE_OCCASION_RE = re.compile(rf"^在(.{{2,60}}?)(?:上|时){_SPOKE}")
# A label a site sets above the document's own title: 1978年政府工作报告, 2010政府工作报告.
LABEL_RE = re.compile(r"^(?:19|20)\d\d年?(?:[\u4e00-\u9fff]{0,8})(?:政府工作报告|工作报告|讲话|报告)(?:全文)?$")
_TITLE_ENDS = ("讲话", "说明", "报告", "致辞", "发言", "演讲", "贺信", "贺电", "贺词", "的信", "回信", "决议", "决定",
               "》", "”", "）", "奋斗", "前进")


_NO_SPEAKER = re.compile(r"(?P<rest>)").match("")


@dataclass(slots=True)
class Head:
    """What the head says; each ``taken`` item is (text, why) for the page's list of what left the body."""

    titles: list[str] = field(default_factory=list)
    subtitle: str = ""
    date: str | None = None
    speaker: str | None = None
    place: str | None = None
    occasion: str | None = None
    office: str = ""  # 国务院总理: the speaker's office as the byline gives it
    reporter: str = ""  # the reporter a news dateline names: 本报讯（记者 王小明）
    taken: list[tuple[str, str]] = field(default_factory=list)


def title_like(text: str) -> bool:
    """A title: short, some Han, no sentence end outside quotes or brackets, not a salutation."""
    bare = re.sub(r"“[^”]*”|《[^》]*》|（[^）]*）", "", text)
    return 2 <= len(text) <= 80 and re.search(r"[\u4e00-\u9fff]", text) is not None \
        and not re.search(f"[{_ZH_END}；;]", bare) and not BODY_SALUTATION_RE.match(text)


def _read_paren(inner: str, head: Head) -> bool:
    """A date paren, ``（2023年11月21日，北京）`` or ``（2020年2月14日在…会议上的讲话）``: True if it was one."""
    found = first_date(inner)
    if found is None or found.start > 2:
        return False
    head.date = head.date or found.iso
    rest = inner[found.end :].strip(" ，,、\u3000")
    occ = _OCCASION_RE.search(rest)
    if occ:
        head.occasion = head.occasion or occ.group(1)
    elif rest and rest not in ("上午", "下午", "晚上", "晚", "中午") and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", rest):
        head.place = head.place or rest
    return True


def _read_subtitle(text: str, head: Head) -> None:
    head.subtitle = head.subtitle or text
    found = first_date(text)
    if found:
        head.date = head.date or found.iso
    occ = _OCCASION_RE.search(text.rstrip("）)"))
    if occ:
        head.occasion = head.occasion or occ.group(1).lstrip("0123456789０-９年月日")


def _speaker_then(text: str, head: Head, whole: str) -> str:
    """A speaker at the start of ``text``: set it and return what follows (the body, when glued)."""
    t = text.strip(" \u3000")
    office = split_office(t)
    if office:
        head.speaker = head.speaker or office[1]
        head.office = head.office or office[0]
        return ""
    name = name_at(t, 0, whole)
    if name:
        head.speaker = head.speaker or name
        return t[len(name) :]
    return t


def read_piece(text: str, head: Head, whole: str, last: bool) -> str:
    """Read one piece of the head into ``head``; return the start of the body when it is glued on.

    ``last``: the piece runs into the body (a speaker's name may end it with nothing between)."""
    t = text.strip(" \u3000")
    m = DATELINE_RE.match(t)
    if m and m.end() > 0 and (m.group("agency") or re.search(r"\d日(?:电|讯)", m.group())):
        head.taken.append((m.group().strip(), "新闻电头"))
        head.reporter = head.reporter or (m.group("reporter") or "").strip()
        t = t[m.end() :]
    if not t:
        return ""
    if t.startswith("——"):
        _read_subtitle(t, head)
        return ""
    if "※" in t[:120]:
        before, _, after = t.partition("※")
        if before.strip():
            read_piece(before, head, whole, False)
        return _speaker_then(after, head, whole)
    dash = t.find("——")
    if 0 < dash < 80:
        head.titles.append(t[:dash].strip())
        return read_piece(t[dash:], head, whole, last)
    for pm in _PAREN_RE.finditer(t, 0, 200):
        if _read_paren(pm.group(1), head):
            if pm.start():
                head.titles.append(t[: pm.start()].strip())
            return _speaker_then(t[pm.end() :], head, whole)
    found = first_date(t)
    if found and found.start <= 1 and len(t) - found.end <= 1:
        head.date = head.date or found.iso  # a line that is only the date: 2021年2月3日, （二〇二一年二月三日）
        return ""
    if split_office(t):
        return _speaker_then(t, head, whole)
    if OFFICE_RE.fullmatch(t):
        head.office = head.office or t  # 国务院总理 on a line of its own: the name follows on the next
        return ""
    if last:
        # 关于…的说明习近平: a name glued after a title that ends as titles do.
        for k in (3, 2, 4):
            if len(t) > k + 4 and t[:-k].endswith(_TITLE_ENDS) and split_office(t[-k:]):
                head.titles.append(t[:-k])
                head.speaker = head.speaker or t[-k:]
                return ""
    if last and not title_like(t):
        return t  # what follows a dateline glued to the speech is the speech (a news report's first sentence)
    ts = _TITLE_SPEAKER_RE.match(t)
    if ts and split_office(ts.group("name")) and title_like(t):
        head.speaker = head.speaker or ts.group("name")
        if t[ts.end("name") :].lstrip().startswith(("：", ":")):
            t = ts.group("rest") + t[ts.end("rest") :]  # 习近平：在…的讲话: the name is the attribution, not the title
    head.titles.append(t)
    return ""


def occasion_of_title(title: str) -> str | None:
    """``在全国劳动模范和先进工作者表彰大会上的讲话`` -> ``全国劳动模范和先进工作者表彰大会``."""
    m = _TITLE_OCCASION_RE.match(title) or _TITLE_OCCASION_RE.match(title[(_TITLE_SPEAKER_RE.match(title) or
                                                                           _NO_SPEAKER).start("rest"):])
    return m.group(1) if m else None
