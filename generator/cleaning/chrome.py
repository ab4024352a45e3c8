"""Rules that drop the web page around the speech: the page's furniture at the top, and at the bottom what
follows the speech (related links, footers, licences, editors, share and QR prompts). Every line taken is
listed in full; a bottom marker followed by more speech cuts nothing and is reported."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Problem
from .dates import first_date
from .draft import MAX_EXAMPLES, SALUTATION_RE, DLine, Draft, Outcome, simplified_view
from .patterns import BOTTOM_MARKER_RE, DATED_LINK_RE, LICENCE_RE, GLUED_TAIL_RE, NOTE_RE, NOTICE_RE, TOP_RE, WHY_BOTTOM

_SENTENCE_RE = re.compile(r"[。！？!?；;]")
_TOP_ZONE = 12  # chrome is only looked for among the first paragraphs
_LINK_MAX = 60  # a related-article link is a short line with no sentence end
_MARKER_MAX = 120  # markers and footers are short: converting only those keeps this rule off OpenCC's hot path


def _is_notice(view: str) -> bool:
    return len(view) < 300 and bool(NOTICE_RE.search(view))


def strip_top_chrome(draft: Draft) -> Outcome:
    """Drop the page's navigation, toolbars, source and time lines and notices above the speech; keep the
    page's time as what it is (``page_date``): ``時間：2022-01-22 09:33:00``, ``导语：…不代表本站观点…``."""
    lines = list(draft.lines)
    dropped: list[tuple[int, str, str]] = []
    page_date = draft.page_date
    for i, line in enumerate(lines[:_TOP_ZONE]):
        text = line.text.strip()
        if not text:
            continue
        view = simplified_view(text)
        if TOP_RE.match(view) or _is_notice(view):
            found = first_date(view)  # a date among the page's furniture is the page's, never the speech's
            page_date = page_date or (found.iso if found else None)
            dropped.append((line.no, text, "网页导航或栏目信息"))
            lines[i] = replace(line, text="")
        elif len(view) > 60 or _SENTENCE_RE.search(view) or SALUTATION_RE.match(view):
            break  # the body has begun: only title-like lines are passed over
    if not dropped:
        return Outcome(draft)
    new = replace(draft, lines=tuple(ln for ln in lines if ln.text), page_date=page_date,
                  removed=draft.dropping("chrome-top", dropped))
    return Outcome(new, len(dropped), tuple(t[:40] for _, t, _ in dropped[:MAX_EXAMPLES]))


def _tail_kind(view: str, after_marker: bool) -> str | None:
    """Why a paragraph near the end is no speech (in Chinese, for the page), or None."""
    if len(view) > 400:
        return None
    for pattern, why in WHY_BOTTOM:
        if pattern.search(view):
            return why
    if after_marker and len(view) <= _LINK_MAX and not _SENTENCE_RE.search(view):
        return "相关文章链接"
    if DATED_LINK_RE.match(view):
        return "相关文章链接"
    return None


def strip_bottom_chrome(draft: Draft) -> Outcome:
    """Cut what follows the speech, from where everything left is chrome: ``相關閱讀`` and the links under it,
    ``《 人民日报 》（…版）``, licences, editor lines; a footer glued to the last sentence is split off first.

    A marker (``相关文章：``) with speech after it cuts nothing: it is reported, and the speech stays whole."""
    lines = [ln for ln in draft.lines if ln.text.strip()]
    if not lines:
        return Outcome(draft)
    taken: list[tuple[int, str, str]] = []
    lines, glued = _split_glued_tail(lines)
    views = [simplified_view(ln.text.strip()) if len(ln.text) <= _MARKER_MAX * 4 else ln.text for ln in lines]
    markers = [i for i, v in enumerate(views) if i and len(v) <= _MARKER_MAX and BOTTOM_MARKER_RE.match(v)]
    # A licence (Wikisource's template) ends the page: whatever follows it is the template's too.
    licence = next((i for i in range(1, len(lines)) if LICENCE_RE.search(views[i])), None)
    cut = licence if licence is not None else len(lines)
    for i in range(cut - 1, 0, -1):
        after_marker = any(m <= i for m in markers)
        if _tail_kind(views[i], after_marker) is None and i not in markers:
            break
        cut = i
    problems: list[Problem] = []
    for m in markers:
        if m < cut:
            problems.append(Problem(draft.source, f"a related-links marker is followed by more speech text, so "
                                    f"nothing was cut there: {views[m][:30]}", line=lines[m].no,
                                    hint="if what follows is not the speech, remove it from the seed",
                                    excerpt=views[m][:60], reader=f"“{views[m][:20]}”之后仍是讲话正文，未删除"))
    for i in range(cut, len(lines)):
        after_marker = any(m <= i for m in markers)
        why = "维基文库版权说明" if licence is not None and i >= licence else _tail_kind(views[i], after_marker)
        taken.append((lines[i].no, lines[i].text.strip(), why or "页尾链接"))
    taken = glued + taken if cut < len(lines) or glued else taken
    note = _note_facts(draft, [t for _, t, _ in taken])
    if not taken and not problems:
        return Outcome(draft)
    new = replace(draft, lines=tuple(lines[:cut]), removed=draft.dropping("chrome-bottom", taken),
                  problems=draft.problems + tuple(problems), **note)
    return Outcome(new, len(taken), tuple(t[:40] for _, t, _ in taken[:MAX_EXAMPLES]))


def _split_glued_tail(lines: list[DLine]) -> tuple[list[DLine], list[tuple[int, str, str]]]:
    """A footer run into the last paragraph (``…目标任务。（新华社北京2月23日电）《 人民日报 》（…版）``) split off."""
    last = lines[-1]
    m = GLUED_TAIL_RE.search(last.text)
    if m is None or m.start() == 0:
        return lines, []
    kept = DLine(last.no, last.text[: m.start()].rstrip(), tuple(mk for mk in last.marks if mk.end <= m.start()))
    return lines[:-1] + [kept], [(last.no, m.group().strip(), "新闻电头与报纸版面信息")]


def _note_facts(draft: Draft, texts: list[str]) -> dict[str, str]:
    """A closing note (``※这是习近平总书记2022年10月23日在…上的讲话。``) says when, and where: take the date."""
    out: dict[str, str] = {}
    for text in texts:
        m = NOTE_RE.search(simplified_view(text))
        if m is None:
            continue
        found = first_date(m.group())
        if found and not draft.date and not re.search("节选|篇讲话|摘编", text):
            out["date"] = found.iso
        if m.group("occasion") and not draft.occasion:
            out["occasion"] = m.group("occasion")
    return out
