"""Rules for the body: the reporter's byline, lines broken inside sentences, the kind of text, and a title
made from the first sentence when the page has none."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Mark
from .draft import HAN, OUTLINE_START_RE, SALUTATION_RE, DLine, Draft, Outcome, either_script, simplified_view

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


_JOIN_AFTER = tuple("，,、；;")
_CONTINUES = tuple("、，,；;。：:！？!?）)」』”’…")


def _glued(prev: str, nxt: str) -> bool:
    """Was this line break inside a sentence? ``…重點;⏎招商引資`` and ``…的項目⏎、看準了`` yes;
    ``…怎么打？⏎第一，`` and a heading line followed by its body, no."""
    if OUTLINE_START_RE.match(nxt):
        return False
    return prev.endswith(_JOIN_AFTER) or nxt.startswith(_CONTINUES)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_lines(draft: Draft) -> Outcome:
    """Make paragraphs: drop blank lines, join lines broken inside a sentence (not before an outline marker)."""
    paras: list[DLine] = []
    joins: list[str] = []
    for line in draft.lines:
        text = line.text.strip()
        if not text:
            continue
        lead = len(line.text) - len(line.text.lstrip())
        marks = tuple(
            Mark(max(0, m.start - lead), min(len(text), m.end - lead), m.kind, m.why) for m in line.marks
        )
        marks = tuple(m for m in marks if m.end > m.start)
        if paras and _glued(paras[-1].text, text):
            prev = paras[-1]
            sep = " " if _latin(prev.text[-1:]) and _latin(text[:1]) else ""  # wrapped English words
            off = len(prev.text) + len(sep)
            moved = tuple(Mark(m.start + off, m.end + off, m.kind, m.why) for m in marks)
            paras[-1] = DLine(prev.no, prev.text + sep + text, prev.marks + moved)
            joins.append(f"{prev.text[-6:]}⏎{text[:6]}")
        else:
            paras.append(DLine(line.no, text, marks))
    return Outcome(draft.with_lines(paras), len(joins), tuple(joins[:3]))


# Third-person reporting of a meeting: 劉章箭指出，… 董冰強調，… 董冰主持會議.
_REPORTING_RE = re.compile(either_script(
    r"(?:指出|强调|要求|表示)[，,：:]|主持(?:会议|召开)|会议(?:由|指出|强调|要求|认为)|出席会议|参加会议"
))
_FIRST_PERSON_RE = re.compile(r"我|咱们")
_KIND_SAMPLE = 30000  # characters: enough to tell, and keeps the rule cheap on very long texts


def decide_kind(draft: Draft) -> Outcome:
    """Speech or meeting report, from the text: a salutation means a speech; third-person reporting
    (``指出``, ``強調``, ``主持會議``) with no salutation, or a reporter's byline, means a report."""
    if draft.salutation:
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


def infer_title(draft: Draft) -> Outcome:
    """With no title on the page, make a short one from the first sentence: ``劉章箭主持會議。…`` -> ``劉章箭主持會議``."""
    if draft.title:
        return Outcome(draft)
    for para in draft.lines:
        if not para.text or SALUTATION_RE.match(simplified_view(para.text)):
            continue
        text = para.text
        cut = min((m.start for m in para.marks if m.kind == "garbled"), default=len(text))
        sentence = _SENTENCE_RE.match(text[:cut]).group(0).rstrip("。！？!?；;，,、：: ")  # type: ignore[union-attr]
        if len(sentence) > _TITLE_CAP:
            head = sentence[:_TITLE_CAP]
            k = max(head.rfind(c) for c in "，,、：:")
            sentence = (head[:k] if k >= 8 else head) + "…"
        if not sentence:
            continue
        return Outcome(replace(draft, title=sentence, title_inferred=True), 1, (sentence,))
    return Outcome(draft)
