"""Rules for the head of the speech: title, subtitle, date, speaker, place, occasion (``head.py`` reads them),
where the body begins, and the salutation that opens it."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Mark
from .draft import OUTLINE_START_RE, SALUTATION_RE, DLine, Draft, Outcome, simplified_view
from .head import BODY_SALUTATION_RE, DATELINE_RE, LABEL_RE, Head, occasion_of_title, read_piece, title_like

_ZONE = 10  # paragraphs looked at for the head
_BODY_LONG = 40  # a paragraph this long with a sentence end is body (a caption or notice went before)
_GLUED_MAX = 200  # a salutation this far into a paragraph may have a head glued before it
_SPACES = re.compile(r"\s+")
_ZH_END = re.compile(r"[。！？!?]")


def _same(a: str, b: str) -> bool:
    a, b = _SPACES.sub("", a), _SPACES.sub("", b)
    return a == b or (len(a) == len(b) and simplified_view(a) == simplified_view(b))


def _cut(line: DLine, k: int) -> DLine:
    """The line without its first k characters, its marks moved to match."""
    marks = tuple(Mark(max(0, m.start - k), m.end - k, m.kind, m.why) for m in line.marks if m.end > k)
    return DLine(line.no, line.text[k:].lstrip(" \u3000"), marks)


def _glued_head(view: str) -> bool:
    """Does a paragraph of body open with a head glued on (a dateline, ``题目※姓名``, ``题目（日期）姓名``)?"""
    dateline = DATELINE_RE.match(view)
    return bool(dateline and re.search(r"电|讯|消息", dateline.group())) or "※" in view[:120] or \
        re.match(r"^[^。！？]{4,80}?[（(](?:19|20)\d\d年", view) is not None


def _body_start(lines: list[DLine]) -> tuple[int, int]:
    """(paragraph, offset) where the speech proper begins; what is before it is the head."""
    for i, line in enumerate(lines[:_ZONE]):
        view = simplified_view(line.text)
        sal = BODY_SALUTATION_RE.search(view, 0, _GLUED_MAX + 40)
        if sal and (sal.start() == 0 or not _ZH_END.search(view, 0, sal.start())):
            return i, sal.start()
        if OUTLINE_START_RE.match(view) or (len(view) >= _BODY_LONG and _ZH_END.search(view)):
            return i, -1  # body, perhaps with a head glued on: read_piece finds where it ends
    return min(len(lines), _ZONE), 0


def read_front(draft: Draft) -> Outcome:
    """Title, subtitle, date, speaker … from the head, taken out of the body; repeats of the title dropped.

    ``在…讲话（2020年1月8日）习近平同志们：…`` -> title ``在…讲话``, date, speaker, body ``同志们：…``."""
    lines = list(draft.lines)
    if len(lines) < 2 and not (lines and _glued_head(simplified_view(lines[0].text))):
        return Outcome(draft)  # a lone line is the text itself
    whole = simplified_view("\n".join(ln.text for ln in lines[:200]))
    b, at = _body_start(lines)
    head = Head()
    pieces: list[tuple[int, str, bool]] = [(i, simplified_view(lines[i].text), False) for i in range(b)
                                           if lines[i].text.strip()]
    if b < len(lines) and at > 0:
        pieces.append((b, simplified_view(lines[b].text)[:at], True))
    elif b < len(lines) and at < 0 and _glued_head(simplified_view(lines[b].text)):
        pieces.append((b, simplified_view(lines[b].text), True))
    if any(line.marks for line in lines[:b]):
        return Outcome(draft)  # damaged text never becomes the title
    rest = ""
    held: list[list[str]] = []  # per piece: what it held, for the page's list of what left the body
    for k, (i, view, glued) in enumerate(pieces):
        before = (len(head.titles), head.subtitle, head.date, head.speaker, len(head.taken), head.office)
        rest = read_piece(view, head, whole, last=k == len(pieces) - 1)
        if rest and not glued:
            return Outcome(draft)  # a head line that goes on as prose was no head
        new_titles = head.titles[before[0]:]
        now = (head.subtitle, head.date, head.speaker, len(head.taken), head.office)
        if now == before[1:] and new_titles and not any(title_like(t) for t in new_titles):
            return Outcome(draft)  # a line that is none of what a head holds: the text begins before any head
        held.append([label for label, got in (("电头", now[3] != before[4]), ("标题", new_titles),
                                              ("副标题", now[0] != before[1]), ("日期", now[1] != before[2]),
                                              ("讲话人", now[2] != before[3] or now[4] != before[5])) if got])
    title, extra = _choose_title(head)
    if title is None and not head.speaker and not head.date and not head.taken:
        return Outcome(draft)
    # Cut the head out: whole paragraphs before b, and the glued part of b.
    new_lines = [ln for ln in lines[b:]]
    cuts = [(lines[i].no, lines[i].text, what) for (i, _, glued), what in zip(pieces, held) if not glued]
    if pieces and pieces[-1][2]:
        body = lines[b]
        piece_end = at if at > 0 else len(body.text)  # the piece read ends at the salutation, or is the paragraph
        keep = piece_end - len(rest.lstrip(" \u3000"))
        cuts.append((body.no, body.text[:keep], held[-1]))
        new_lines[0] = _cut(body, keep)
        if not new_lines[0].text:
            new_lines = new_lines[1:]
    if not any(ln.text for ln in new_lines):
        return Outcome(draft)  # a title over nothing is the text itself
    extra_views = {_SPACES.sub("", t) for t in extra}

    def why(view: str, what: list[str]) -> str:
        if _SPACES.sub("", view) in extra_views:
            return "页首：重复的标题或网站的栏目标签"
        shown = [w for w in what if w != "电头"] or (["标题"] if not what else [])
        if not shown:
            return "新闻电头（发稿地点与日期，不是讲话日期）"
        return "页首：" + "、".join(shown) + "（已移至页首）" + ("，及新闻电头" if "电头" in what else "")

    occasion = head.occasion or (occasion_of_title(title) if title else None)
    # The head was read on the Simplified view; the page shows the seed's own script (views keep the length).
    views = "\n".join(simplified_view(t) for _, t, _ in cuts)
    texts = "\n".join(t for _, t, _ in cuts)

    def own(found: str | None) -> str | None:
        k = views.find(found) if found else -1
        return texts[k : k + len(found)] if found and k >= 0 else found

    new = replace(draft, lines=tuple(new_lines), title=own(title) or draft.title, subtitle=own(head.subtitle) or "",
                  date=head.date or draft.date, speaker=own(head.speaker) or draft.speaker, place=own(head.place) or draft.place,
                  occasion=own(occasion) or draft.occasion, byline=draft.byline or own(head.reporter) or None,
                  removed=draft.dropping("title", [(no, t, why(simplified_view(t), w)) for no, t, w in cuts]))
    examples = tuple(x for x in (title, head.subtitle, head.date, head.speaker) if x)
    return Outcome(new, len(cuts), examples[:3])


def _choose_title(head: Head) -> tuple[str | None, list[str]]:
    """The title among the head's title-like pieces, and the rest (repeats, a site's label)."""
    titles = [t for t in head.titles if t and title_like(t) and not OUTLINE_START_RE.match(t)]
    if not titles:
        return None, []
    if len(titles) >= 2 and LABEL_RE.match(_SPACES.sub("", titles[0])) and not _same(titles[0], titles[1]):
        titles = titles[1:] + titles[:1]
    title = titles[0]
    extra: list[str] = []
    for t in titles[1:]:
        if _same(t, title) or LABEL_RE.match(_SPACES.sub("", t)):
            extra.append(t)
        elif not head.subtitle:
            head.subtitle = t
        else:
            extra.append(t)
    return title, extra


def find_salutation(draft: Draft) -> Outcome:
    """Note the salutation that opens the body (``同志們：``); it stays in the body as its own paragraph."""
    for line in draft.lines:
        text = line.text.strip()
        if not text:
            continue
        m = SALUTATION_RE.match(simplified_view(text))
        if not m:
            return Outcome(draft)
        sal = text[: m.end()]
        return Outcome(replace(draft, salutation=sal), 1, (sal,))
    return Outcome(draft)
