"""Rules for the body: the reporter's byline, lines broken inside sentences, the kind of text, and a title
made from the first sentence when the page has none."""

from __future__ import annotations

import re
from dataclasses import replace

from .draft import HAN, Draft, Outcome, either_script, simplified_view
from .head import BODY_SALUTATION_RE

_NAME = f"[{HAN}·]{{2,4}}"
_ROLE = r"(?:本报记者|记者|通讯员|实习生|文/图|文图|文|图|作者|撰稿|供稿|编辑|责编|摄影|摄)"
_ONE = rf"(?:{_ROLE}\s*[:：/]?\s*)?{_NAME}"  # 记者 张红运 / 张红运
_BYLINE_RE = re.compile(rf"(?:^|(?<=[。！？!?”…]))\s*[（(]\s*({_ONE}(?:[\s、，,]+{_ONE}){{0,3}})\s*[）)]\s*$")
_BYLINE_LINE_RE = re.compile(rf"^\s*{_ROLE}\s*[:：/]?\s*({_NAME}(?:[\s、，,]+{_NAME}){{0,3}})\s*$")
# Words that also come in brackets at the end of a paragraph and are not names.
_NOT_NAMES = re.compile(r"掌声|笑声|鼓掌|全文|草案|试行|节选|摘要|摘编|待续|完|略|删节|录音|整理|讲话|发言|报告|通稿|原文|附件")


def _clean_name(raw: str) -> str:
    return re.sub(rf"{_ROLE}\s*[:：/]?\s*", "", raw).strip() if raw else raw


def find_byline(draft: Draft) -> Outcome:
    """Move a reporter's byline at the end into metadata: ``…和諧穩定。（張紅運）`` -> byline ``張紅運``.

    Repeated while the end still reads as one (a byline line under a bracketed name), so that the cleaned
    text holds no byline left to find."""
    found: list[str] = []
    while (step := _take_byline(draft)) is not None:
        draft, raw = step
        found.append(raw)
    if not found:
        return Outcome(draft)
    names = " ".join(_clean_name(raw) for raw in reversed(found))
    return Outcome(replace(draft, byline=names), len(found), tuple(found[:3]))


def _take_byline(draft: Draft) -> tuple[Draft, str] | None:
    """Take one byline off the end: (the draft without it, the byline as written), or None."""
    lines = list(draft.lines)
    idx = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if not idx:
        return None
    last = lines[idx[-1]]
    view = simplified_view(last.text.rstrip())
    m = _BYLINE_RE.search(view) or (_BYLINE_LINE_RE.match(view) if len(idx) > 1 else None)
    if not m or _NOT_NAMES.search(m.group(1)):
        return None
    raw = last.text.rstrip()[m.start(1) : m.end(1)]
    text = last.text.rstrip()[: m.start()].rstrip()
    if not _clean_name(raw) or (not text and len(idx) < 2):  # a byline under nothing is not one
        return None
    marks = tuple(mk for mk in last.marks if mk.end <= len(text))
    lines[idx[-1]] = replace(last, text=text, marks=marks)
    return draft.with_lines(lines), raw


# Third-person reporting of a meeting: 劉章箭指出，… 董冰強調，… 董冰主持會議.
_REPORTING_RE = re.compile(either_script(
    r"(?:指出|强调|要求|表示)[，,：:]|主持(?:会议|召开)|会议(?:由|指出|强调|要求|认为)|出席会议|参加会议"
))
_FIRST_PERSON_RE = re.compile(r"我|咱们")
_KIND_SAMPLE = 30000  # characters: enough to tell, and keeps the rule cheap on very long texts


# What the title (or subtitle) says the text is: the words a Chinese title ends with.
_KIND_BY_TITLE = (
    (re.compile(r"(?:贺信|贺电|贺词|慰问信|唁电|致辞稿)$"), "message"),
    (re.compile(r"(?:的信|回信|书信|公开信|一封信)$"), "letter"),
    (re.compile(r"(?:决议|决定|公报|通知|意见|条例|纲要)(?:（草案）)?$"), "document"),
    (re.compile(r"(?:政府工作报告|工作报告|的报告|报告)$|^(?:19|20)\d\d年?政府工作报告"), "work-report"),
    (re.compile(r"(?:讲话|致辞|发言|演讲|说明|讲稿|讲话要点|总结|动员|开幕词|闭幕词)$"), "speech"),
)


def _kind_from_title(*texts: str) -> str | None:
    for text in texts:
        t = simplified_view(text.strip("　 ")).rstrip("）)")
        for pattern, kind in _KIND_BY_TITLE:
            if t and pattern.search(t):
                return kind
    return None


def decide_kind(draft: Draft) -> Outcome:
    """What the text is: what its title or subtitle says (``…的讲话`` a speech, ``政府工作报告`` a work report,
    ``贺信`` a message); else a salutation means a speech, and third-person reporting (``指出``, ``強調``,
    ``主持會議``) with no salutation, or a reporter's byline, means a news report of a meeting."""
    labels = [r.text for r in draft.removed if r.rule == "title"]  # a site's label above the title says it too
    by_title = _kind_from_title(draft.subtitle, draft.title or "", *labels) if not draft.title_inferred else None
    opening = simplified_view("".join(ln.text for ln in draft.lines[:3])[:600])
    if by_title:
        kind, why = by_title, "title"
    elif _WORK_REPORT_RE.search(opening):
        kind, why = "work-report", "opening"
    elif draft.salutation:
        kind, why = "speech", "salutation"
    else:
        view = "\n".join(ln.text for ln in draft.lines)[:_KIND_SAMPLE]
        reporting = len(_REPORTING_RE.findall(view))
        first = len(_FIRST_PERSON_RE.findall(view))
        if draft.byline and reporting:
            kind, why = "report", f"byline and {reporting} reporting verbs"
        elif reporting >= 3 and reporting * 4 >= first:
            kind, why = "report", f"{reporting} reporting verbs, {first} first-person words"
        else:
            kind, why = "speech", f"{reporting} reporting verbs, {first} first-person words"
    return Outcome(replace(draft, kind=kind), 1, (f"{kind} ({why})",))


_SENTENCE_RE = re.compile(r"^.*?(?:[。！？!?；;]|$)")
_TITLE_CAP = 30
# The occasion a speech names in its first sentences: 今天，我们召开…座谈会 / 我们在这里举行…大会.
_OCCASION_RE = re.compile(
    r"(?:今天|今天上午|今天下午|今晚|这次|本次|刚才)?[，,]?\s*我们(?:在这里|在北京)?(?:隆重|专门)?(?:召开|举行|举办)"
    r"(?:一个|这次|这个|本次)?(?P<occ>[^，。！？；、]{2,40}?(?:会议|会|典礼|仪式|研讨班|论坛|峰会))"
)
_WORK_REPORT_RE = re.compile(r"我(?:受国务院的委托|代表[^，。]{0,12}(?:国务院|人民政府|政府))[，,]?\s*(?:向[^，。]{0,30}?)?(?:报告|作)"
                             r"[^，。]{0,4}政府工作")
_SHORT = 6  # a first sentence shorter than this (大家好！) names nothing


def infer_title(draft: Draft) -> Outcome:
    """With no title in the text, make one that says what it is: from the occasion the speech names
    (``今天，我们召开…座谈会`` -> ``在…座谈会上的讲话``; a government work report -> ``政府工作报告``), else a
    short one from the first sentence. Either way it is marked as made here, not the text's own."""
    if draft.title:
        return Outcome(draft)
    opening = "".join(ln.text for ln in draft.lines[:3])[:600]
    view = simplified_view(opening)
    occasion = draft.occasion
    m = _OCCASION_RE.search(view)
    title = None
    if m:
        occasion = occasion or opening[m.start("occ") : m.end("occ")]
        title = f"在{occasion}上的讲话"
    elif _WORK_REPORT_RE.search(view):
        title = "政府工作报告"
    if title:
        new = replace(draft, title=title, title_inferred=True, occasion=occasion)
        return Outcome(new, 1, (title,))
    for para in draft.lines:
        lead = BODY_SALUTATION_RE.match(simplified_view(para.text[:80]))
        start = lead.end() if lead else 0
        cut = min((mk.start for mk in para.marks if mk.kind == "garbled"), default=len(para.text))
        for m in re.finditer(r"[^。！？!?；;]+[。！？!?；;]?", para.text[start:cut]):
            sentence = m.group().strip().rstrip("。！？!?；;，,、：: ")
            if len(sentence) < _SHORT:
                continue
            if len(sentence) > _TITLE_CAP:
                head = sentence[:_TITLE_CAP]
                k = max(head.rfind(c) for c in "，,、：:")
                sentence = (head[:k] if k >= 8 else head) + "…"
            return Outcome(replace(draft, title=sentence, title_inferred=True), 1, (sentence,))
    return Outcome(draft)
