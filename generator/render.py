"""Rendering: records -> Markdown pages, through the Jinja templates in docs_templates/.

Every decision (escaping, anchors, heading depth, links) is made here in Python; templates only arrange.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath

import jinja2

from .records import Block, Glossary, Mark, Outline, Page, Paragraph, Problem, RunIn

SPEECH_DIR = "speeches"
GLOSSARY_PAGE = "glossary.md"

KIND_LABELS = {"speech": "讲话", "work-report": "工作报告", "report": "会议报道", "letter": "书信", "message": "贺信贺电",
               "document": "文件"}
MARK_LABELS = {
    "garbled": "乱码",
    "scrubbed": "原文缺字",
    "placeholder": "占位符",
    "injected": "疑似插入",
    "restored": "推断补全",
}

# What each cleaning rule (clean.RULES) did, as the "关于本文" box tells a reader.
RULE_LABELS = {
    "pinyin-gloss": "删去拼音注音",
    "join-lines": "按原文分段，接上断行",
    "captions": "删去图片说明",
    "paragraph-starts": "在段落起始处分段（原网页丢失了分段）",
    "garbled": "标出乱码",
    "chrome-top": "删去页首网站杂项",
    "chrome-bottom": "删去页尾相关链接",
    "byline": "记者署名移入元数据",
    "punctuation": "半角标点改为全角",
    "title": "分出标题、日期与讲话人",
    "placeholder": "标出占位符",
    "scrubbed": "标出原文缺字",
    "injected": "标出疑似插入的地名",
    "infer-title": "以首句拟标题",
    "script": "繁体字转为简体",
}

# Characters that Markdown, attr_list, HTML or Jinja could read as syntax. Each is written as an HTML
# entity, so the text shows literally and nothing a seed smuggles in is ever interpreted.
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "#": "&#35;",
    "|": "&#124;",
    "~": "&#126;",
    "^": "&#94;",
    "=": "&#61;",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# A text start that Markdown reads as a block: list items, numbered lists, rules, setext underlines,
# admonitions (!!! note) and pymdownx.details (??? info, ???+ info).
_BLOCK_START = re.compile(r"^[ \t]*(?:[-+]+|(\d+)[.)](?=\s|$)|[!?]{3})")


def _entity(chars: str) -> str:
    return "".join(f"&#{ord(c)};" for c in chars)


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _escape_one(m: re.Match[str]) -> str:
    return _ESCAPES[m.group()]


def escape_md(text: str) -> str:
    """Make text literal in Markdown and HTML: ``<b>*x*</b>`` -> ``&lt;b&gt;&#42;x&#42;&lt;/b&gt;``.

    Line breaks become spaces: a paragraph stays one Markdown paragraph whatever the seed holds.
    """
    text = _ESCAPE_RE.sub(_escape_one, text)
    if "\n" in text:
        text = _LINE_BREAK.sub(" ", text)
    m = _BLOCK_START.match(text)  # anchored at the start: one match at most
    return _entity(m.group().lstrip()) + text[m.end() :] if m else text


def nav_title(text: str) -> str:
    """A page title for MkDocs' nav, which Material inserts as HTML: ``<b>讲话`` -> ``&lt;\u2060b&gt;讲话``.

    Material also decodes the title for ``<title>`` (Jinja's ``striptags`` unescapes entities), so every ``<``
    is followed by U+2060 (word joiner: invisible, no line break): decoded, ``<\u2060/title>`` is text, not
    a tag that could end the element.
    """
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;\u2060").replace(">", "&gt;")


@lru_cache(maxsize=4096)
def escape_title(text: str) -> str:
    """Escape text for a Markdown link title in double quotes."""
    return escape_md(text).replace('"', "&quot;").replace("(", "&#40;").replace(")", "&#41;")


# Characters that break a URL or a file name somewhere (space, #, ?, %, quotes, Windows' reserved set), and
# controls, which no one can see in an address (a right-to-left override reverses what follows it).
_UNSAFE_IN_PATH = re.compile(r"[\s#?%&<>\"'`|\\:*\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
# Page names MkDocs serves as a folder's index (speeches/index.md is the section page; README.md is too).
_RESERVED_STEMS = {"index", "readme"}
# The longest name (in UTF-8 bytes) a part of a page path keeps: file systems refuse names past 255 bytes, and a
# page is a folder of that name (or a file with .md added), after a digest is added to a name that changed.
NAME_BYTES = 180


@lru_cache(maxsize=65536)
def speech_path(source: str) -> str:
    """The page path of a seed: ``2019/讲话.txt`` -> ``speeches/2019/讲话.md``.

    A name that has to change to be a safe URL (``讲话 #1?.txt``), or that MkDocs reserves (``index.txt``), or
    whose suffix is not exactly ``.txt`` gets a short digest of the original name (``speeches/讲话-1-3f2a9c.md``),
    so two seeds never share a page — ``a b.txt``, ``a#b.txt`` and ``a-b.txt`` give three — and the same name
    always gives the same path. A name longer than NAME_BYTES is cut there (and so gets the digest).
    """
    path = PurePosixPath(source)
    stem = path.with_suffix("") if path.suffix.lower() == ".txt" else path
    parts = [_shorter(_UNSAFE_IN_PATH.sub("-", part)).strip("-") or "_" for part in stem.parts]
    safe = "/".join(parts)
    if safe != stem.as_posix() or path.suffix != ".txt" or parts[-1].lower() in _RESERVED_STEMS:
        safe += "-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:6]
    return f"{SPEECH_DIR}/{safe}.md"


def _shorter(name: str) -> str:
    """The name cut to NAME_BYTES of UTF-8, at a character's end."""
    return name.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore")


@lru_cache(maxsize=65536)
def relative_link(from_page: str, to_page: str) -> str:
    """A relative link between two docs-root paths: speeches/a.md -> glossary.md is ../glossary.md."""
    start = PurePosixPath(from_page).parent
    up = len(start.parts)
    return "../" * up + to_page


@lru_cache(maxsize=8)
def make_env(templates_dir: str) -> jinja2.Environment:
    """The one Jinja environment: StrictUndefined, no autoescape (the output is Markdown, escaped in Python)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _span_markup(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """Escape text, wrapping each (start, end, open, close) span; spans must not overlap."""
    out: list[str] = []
    pos = 0
    for start, end, open_, close in sorted(spans):
        if start < pos:
            continue  # overlapping span: keep the first, the text itself is never lost
        out.append(escape_md(text[pos:start]))
        out.append(open_ + escape_md(text[start:end]) + close)
        pos = end
    out.append(escape_md(text[pos:]))
    return "".join(out)


def _mark_span(m: Mark) -> tuple[int, int, str, str]:
    label = MARK_LABELS.get(m.kind, m.kind)
    why = escape_title(f"{label}：{m.why}")
    return (m.start, m.end, f'<mark class="damage damage-{m.kind}" title="{why}">', "</mark>")


_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_RESTORED = re.compile(r"\[[^\]]+\]")


def _restored(r: RunIn) -> str:
    """A scrubbed numeral restored in a run-in's marker (``[三]是``), shown in the text as in the outline."""
    if "restored-numeral" not in r.heading.flags:
        return ""
    m = _RESTORED.search(r.heading.marker)
    if m is None:
        return ""
    why = escape_title(f"{MARK_LABELS['restored']}：来源网站删去了这个序号，据前后序号推断补全")
    return f'<mark class="damage damage-restored" title="{why}">{escape_md(m.group())}</mark>'


def paragraph_markdown(
    para: Paragraph,
    runins: Sequence[RunIn] = (),
    links: Sequence[tuple[int, int, str, str] | tuple[int, int, str, str, str]] = (),
) -> str:
    """The paragraph's text as Markdown: damage marks highlighted, run-in markers bold, glossary links.
    A link's fifth item, where given and not empty, is what a printed page shows after the term
    (``data-print``: a formulation's components; print.css prints nothing else)."""
    spans: list[tuple[int, int, str, str]] = [_mark_span(m) for m in para.marks]
    taken = [(s, e) for s, e, _, _ in spans]
    for r in runins:
        if not any(s < r.marker_end and r.start < e for s, e in taken):
            spans.append((r.start, r.marker_end, '<strong class="runin">' + _restored(r), "</strong>"))
            taken.append((r.start, r.marker_end))
        elif _restored(r):  # the bare 是 is marked as damaged already: the restored numeral goes before it
            spans.append((r.start, r.start, _restored(r), ""))
    for link in links:
        start, end, href, title = link[:4]
        printed = link[4] if len(link) > 4 else ""  # type: ignore[misc]
        if not any(s < end and start < e for s, e in taken):
            attrs = f'{{: data-print="{escape_title(printed)}" }}' if printed else ""
            spans.append((start, end, "[", f']({href} "{escape_title(title)}"){attrs}'))
            taken.append((start, end))
    return _span_markup(para.text, spans)


def glossary_links_by_page(glossary: Glossary | None) -> dict[str, dict[str, list[tuple[int, int, str, str, str]]]]:
    """page path -> block anchor -> link spans (start, end, href, tooltip, printed) for every occurrence of every
    entry: made once per build, so each page's lookup costs nothing whatever the corpus size."""
    out: dict[str, dict[str, list[tuple[int, int, str, str, str]]]] = {}
    if glossary is None:
        return out
    for entry in glossary.entries:
        tooltip, printed = entry.tooltip, entry.printed
        for occ in entry.occurrences:
            page = speech_path(occ.source)
            href = f"{relative_link(page, GLOSSARY_PAGE)}#{entry.slug}"
            out.setdefault(page, {}).setdefault(occ.anchor, []).append((occ.start, occ.end, href, tooltip, printed))
    return out


def block_markdown(block: Block, depth_offset: int, links: Sequence[tuple[int, int, str, str]]) -> str:
    """One block as Markdown: an ATX heading with an explicit id, or a paragraph with an anchor."""
    if block.heading is not None:
        h = block.heading
        hashes = "#" * min(6, h.level + depth_offset)
        label = escape_md(h.label)
        return f"{hashes} {label} {{: #{block.anchor} }}"
    assert block.paragraph is not None
    body = paragraph_markdown(block.paragraph, block.runins, links)
    return f"{body}\n{{: #{block.anchor} }}"


def _script_label(script: str, source_script: str) -> str:
    names = {"simplified": "简体", "traditional": "繁体", "mixed": "繁简混杂"}
    if script == "original" or source_script == "simplified":
        return f"原文字形（{names.get(source_script, source_script)}）"
    return f"简体（原文为{names.get(source_script, source_script)}，经 OpenCC 转换）"


def _date_label(iso: str | None) -> str:
    """``2020-01-08`` -> ``2020年1月8日``."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def _problem_item(p: Problem, path: str) -> str:
    """A check's message as the page shows it: in Chinese where the stage gave one, linked to its place."""
    text = escape_md(p.reader or p.format().splitlines()[0])
    return f"[{text}](#{p.anchor})" if p.anchor else text


def render_speech(
    outline: Outline,
    env: jinja2.Environment,
    links: dict[str, list[tuple[int, int, str, str]]] | None = None,
) -> Page:
    """A speech page: title, metadata, the 'about this text' box, then the outline as headings.

    ``links``: this page's glossary links by block anchor (``glossary_links_by_page(glossary)[path]``).
    """
    speech = outline.speech
    meta = speech.meta
    path = speech_path(meta.source)
    links = links or {}
    blocks = [block_markdown(b, 1, links.get(b.anchor, ())) for b in outline.blocks]
    md = env.get_template("speech.md.j2").render(
        title=escape_md(meta.title),
        page_title=meta.title.replace("\n", " "),
        meta=meta,
        kind_label=KIND_LABELS.get(meta.kind, meta.kind),
        script_label=_script_label(meta.script, meta.source_script),
        source=escape_md(_BIDI.sub("", meta.source)),  # a name's direction controls would turn the line around
        byline=escape_md(meta.byline or ""),
        changes=[(escape_md(RULE_LABELS.get(c.rule, c.rule)), c.count) for c in speech.changes],
        flagged=[
            (line, escape_md(text), MARK_LABELS.get(kind, kind), escape_md(why))
            for line, text, kind, why in speech.flagged
        ],
        # The cleaner's problems that have a word for the reader (the rest are for `check`), and the outline's.
        problems=[_problem_item(p, path) for p in (*(p for p in speech.problems if p.reader), *outline.problems)],
        removed=[(r.line, escape_md(r.why or RULE_LABELS.get(r.rule, r.rule)), escape_md(r.text.replace("\n", " ")))
                 for r in speech.removed],
        subtitle=escape_md(meta.subtitle),
        speaker=escape_md(meta.speaker or ""),
        occasion=escape_md(meta.occasion or ""),
        place=escape_md(meta.place or ""),
        page_date=meta.page_date or "",
        date_label=_date_label(meta.date),
        blocks=blocks,
        chars=sum(len(p.text) for p in speech.paragraphs),
        depth=outline.depth,
    )
    return Page(path=path, markdown=md, title=meta.title)


def _speech_rows(outlines: Sequence[Outline], from_page: str) -> list[dict[str, object]]:
    """One table row per speech: title, link, date, kind, length and outline depth."""
    rows: list[dict[str, object]] = []
    for o in outlines:
        m = o.speech.meta
        rows.append(
            {
                "title": escape_md(m.title),
                "link": relative_link(from_page, speech_path(m.source)),
                "date": m.date or "—",
                "kind": KIND_LABELS.get(m.kind, m.kind),
                "chars": sum(len(p.text) for p in o.speech.paragraphs),
                "depth": o.depth,
                "headings": sum(1 for b in o.blocks if b.heading),
            }
        )
    return rows


# Beyond this many speeches the home page lists only the HOME_RECENT latest (the speeches' index lists all):
# a reader gets a page that loads, and an edit to an older speech under `serve` leaves the home page alone.
HOME_ALL = 30
HOME_RECENT = 20


def render_home(outlines: Sequence[Outline], env: jinja2.Environment, glossary: Glossary | None) -> Page:
    """The home page: what the site is, and each speech (or, of many, the latest) with title, date, kind,
    length and outline depth."""
    rows = _speech_rows(outlines, "index.md")
    recent = None
    if len(rows) > HOME_ALL:
        latest = sorted(((o.speech.meta.date or "", i) for i, o in enumerate(outlines)), reverse=True)
        recent = [rows[i] for _, i in latest[:HOME_RECENT]]
    md = env.get_template("home.md.j2").render(
        speeches=rows, recent=recent, terms=len(glossary.entries) if glossary else 0
    )
    return Page(path="index.md", markdown=md, title="首页")


def render_speech_index(outlines: Sequence[Outline], env: jinja2.Environment) -> Page:
    """The speeches section's index page (Material's navigation.indexes)."""
    path = f"{SPEECH_DIR}/index.md"
    md = env.get_template("speeches.md.j2").render(speeches=_speech_rows(outlines, path))
    return Page(path=path, markdown=md, title="讲话")


def sorted_outlines(outlines: Iterable[Outline]) -> list[Outline]:
    """Speeches in reading order: by date (undated last), then by source file name."""
    return sorted(outlines, key=lambda o: (o.speech.meta.date is None, o.speech.meta.date or "", o.speech.meta.source))


def templates_dir_default() -> Path:
    return Path(__file__).resolve().parent.parent / "docs_templates"
