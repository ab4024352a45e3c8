"""The project's vocabulary: immutable records passed from stage to stage.

read -> RawSpeech -> clean -> Speech -> outline -> Outline -> glossary -> Glossary -> render -> Page

Every record keeps the seed's file name and source line numbers so that any message can say
``seeds/x.txt:57``. Offsets (``start``/``end``) are always into the ``text`` of the record that holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

_TOPIC = re.compile(r"[“「][^”」]+[”」]方面[：:，,]")  # the topic family's marker (markers.py)

Severity = Literal["error", "warning", "info"]
MarkKind = Literal["garbled", "scrubbed", "placeholder", "injected", "restored"]
# speech 讲话; work-report 工作报告 (delivered to a congress); report 会议报道 (a news report of a meeting);
# letter 书信; message 贺信、贺电、致辞 sent rather than delivered.
SpeechKind = Literal["speech", "work-report", "report", "letter", "message"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a seed: where, what, and what to do about it.

    ``error`` means the seed was skipped; ``warning`` means it was built but something looks off.
    """

    source: str
    message: str
    line: int | None = None
    hint: str = ""
    severity: Severity = "warning"
    excerpt: str = ""
    reader: str = ""  # the same in Chinese, for the page a reader sees ("" when the page does not show it)
    anchor: str = ""  # the block of the page it is about, where it has one

    def format(self) -> str:
        """One line (plus optional excerpt and hint lines) in the ``file:line: message`` form."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        out = f"{where}: {self.message}"
        if self.excerpt:
            out += f"\n    {self.line or ''} | {self.excerpt}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        return out


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a seed as read, numbered from 1."""

    no: int
    text: str


@dataclass(frozen=True, slots=True)
class RawSpeech:
    """A seed decoded to text: NFC, newlines normalised, BOM and zero-width characters removed."""

    source: str  # path relative to the seeds folder, with forward slashes
    encoding: str  # the encoding the bytes were decoded with, e.g. "utf-8", "gb18030"
    lines: tuple[Line, ...]
    digest: str  # sha256 of the raw bytes: the cache key for every later stage
    problems: tuple[Problem, ...] = ()  # soft reading problems (a few undecodable bytes): passed on by clean


@dataclass(frozen=True, slots=True)
class Mark:
    """A span the source damaged beyond repair, kept in the text and shown highlighted."""

    start: int
    end: int
    kind: MarkKind
    why: str  # short explanation for the reader, in Chinese


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the cleaned speech body."""

    line: int  # source line where the paragraph starts
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True, slots=True)
class Removed:
    """Text cleaning took out of the seed, in full: a reader can see all that is not on the page."""

    line: int  # source line
    text: str
    rule: str  # the cleaning rule's name
    why: str = ""  # in Chinese, for the page: "网页导航", "图片说明" …


@dataclass(frozen=True, slots=True)
class RuleChange:
    """What one cleaning rule did to one speech: how often, with a few examples of what it touched."""

    rule: str
    count: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known about a speech besides its body."""

    source: str
    title: str
    title_inferred: bool = False  # True when the title was made from the first sentence
    date: str | None = None  # ISO date the speech was given, "2022-01-22", where the text says
    subtitle: str = ""  # "——在…上的讲话", "（2022年1月22日在…）" as printed
    speaker: str | None = None  # the name as printed: "习近平"
    place: str | None = None  # "北京"
    occasion: str | None = None  # "全国劳动模范和先进工作者表彰大会"
    page_date: str | None = None  # the web page's publication or upload time (never the speech's date)
    kind: SpeechKind = "speech"
    byline: str | None = None  # reporter's name for news reports
    encoding: str = "utf-8"
    script: str = "simplified"  # the script of the output text: "simplified" or "original"
    source_script: str = "simplified"  # what the seed is written in: "simplified", "traditional", "mixed"
    salutation: str | None = None  # "同志们：" when the speech opens with one


@dataclass(frozen=True, slots=True)
class Speech:
    """A cleaned speech: metadata, body paragraphs, and the cleaning report."""

    meta: Meta
    paragraphs: tuple[Paragraph, ...]
    changes: tuple[RuleChange, ...] = ()
    problems: tuple[Problem, ...] = ()
    digest: str = ""
    removed: tuple[Removed, ...] = ()  # everything cleaning took out, in source order

    @property
    def flagged(self) -> tuple[tuple[int, str, str, str], ...]:
        """Every marked span as (line, text, kind, why), in document order."""
        return tuple(
            (p.line, p.text[m.start : m.end], m.kind, m.why) for p in self.paragraphs for m in p.marks
        )


@dataclass(frozen=True, slots=True)
class Heading:
    """An outline entry. ``inline`` headings are enumerations that run inside a paragraph."""

    level: int  # 1 is the top
    marker: str  # as printed after cleaning: "一、", "（一）", "第一，", "一是", "“南工”方面："
    text: str  # the heading text alone, without the marker or the closing punctuation
    line: int
    inline: bool = False
    flags: tuple[str, ...] = ()  # e.g. "restored-numeral", "truncated"
    number: int | None = None  # the marker's numeral, where it has one
    anchor: str = ""  # stable id from the numbering path, e.g. "二-三"

    @property
    def label(self) -> str:
        """The heading as shown: marker then text (``一、客观审视``), except a topic heading, whose marker is
        its own text (``“南工”方面：``), shown once."""
        if self.text and self.marker[:-1] == self.text and _TOPIC.fullmatch(self.marker):
            return self.marker
        return self.marker + self.text


@dataclass(frozen=True, slots=True)
class RunIn:
    """An inline enumeration item inside a paragraph: text[start:marker_end] is the marker,
    text[marker_end:end] its lead phrase."""

    start: int
    marker_end: int
    end: int
    heading: Heading


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the rendered body: a heading or a paragraph, with its stable anchor."""

    anchor: str
    path: tuple[str, ...] = ()  # labels ("一、客观审视…") of the enclosing headings, outermost first
    heading: Heading | None = None
    paragraph: Paragraph | None = None
    runins: tuple[RunIn, ...] = ()


@dataclass(frozen=True, slots=True)
class Outline:
    """A speech with its body arranged into heading and paragraph blocks."""

    speech: Speech
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def headings(self) -> tuple[Heading, ...]:
        """All headings, block and inline, in document order."""
        out: list[Heading] = []
        for b in self.blocks:
            if b.heading is not None:
                out.append(b.heading)
            out.extend(r.heading for r in b.runins)
        return tuple(out)

    @property
    def depth(self) -> int:
        """The deepest block-heading level (0 when the speech has no headings)."""
        return max((b.heading.level for b in self.blocks if b.heading), default=0)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a glossary term is used: a span of a paragraph block."""

    source: str
    line: int
    anchor: str  # the block's anchor in the speech page
    path: tuple[str, ...]  # outline path of the block
    context: str  # a short snippet around the term
    start: int  # offsets into the block's paragraph text
    end: int
    text: str  # the term as written there


@dataclass(frozen=True, slots=True)
class Entry:
    """A glossary entry: one formulation (提法), exactly as worded, with where it is used."""

    term: str  # Simplified
    slug: str  # anchor id on the glossary page
    kind: str  # "numbered-formula", "parallel", "motto", "strategy", "campaign", "policy", "doctrine", …
    variants: tuple[str, ...] = ()  # spellings actually seen, other than term
    meaning: str = ""  # one line: the national list's, or the expansion a speech spells out; "" when none says
    meaning_from: str = ""  # "list" (data/formulations.yml), "speech" (expansion_at), "" (no source explains it)
    year: int | None = None  # the year it was put forward, where the national list says
    expansion: tuple[str, ...] = ()  # its parts as a speech spells them out
    expansion_at: Occurrence | None = None  # where a speech spells the expansion out
    components: tuple[str, ...] = ()  # what it consists of: the expansion, else the national list's parts
    same_as: tuple[str, ...] = ()  # other entries that are the same formulation (中央八项规定 / 八项规定)
    context: Occurrence | None = None  # where no source explains it: the use that explains it best
    parts: tuple[str, ...] = ()  # terms this one contains (南工北农中商贸 -> 南工, 北农, 中商贸)
    part_of: tuple[str, ...] = ()  # terms that contain this one, or list it among their components
    occurrences: tuple[Occurrence, ...] = ()

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def speeches(self) -> tuple[str, ...]:
        return tuple(sorted({o.source for o in self.occurrences}))

    @property
    def printed(self) -> str:
        """What a printed page shows after the term: its components, where it has some other than itself."""
        if self.components and "、".join(self.components) != self.term:
            return "、".join(self.components)
        return ""

    @property
    def tooltip(self) -> str:
        """The line a link's tooltip shows: the meaning, or the components, or that no source explains it."""
        if self.meaning:
            return f"{self.term}：{self.meaning}"
        if self.printed:
            return f"{self.term}：{self.printed}"
        return f"{self.term}：原文未作解释"


@dataclass(frozen=True, slots=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Page:
    """A generated Markdown page, at a path relative to the site's docs root."""

    path: str
    markdown: str
    title: str = ""
