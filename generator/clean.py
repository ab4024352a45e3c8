"""Cleaning: RawSpeech -> Speech, by named rules applied in order, with a report of what each changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .cleaning.body import decide_kind, find_byline, infer_title
from .cleaning.captions import remove_captions
from .cleaning.layout import make_paragraphs, split_runs
from .cleaning.chrome import strip_bottom_chrome, strip_top_chrome
from .cleaning.damage import mark_garbled, mark_injected, mark_placeholders, mark_scrubbed
from .cleaning.draft import DLine, Draft, Rule
from .cleaning.front import find_salutation, read_front
from .cleaning.text import remove_glosses, restore_punctuation
from .lanes import as_lanes, nonzero_lanes
from .records import Mark, Meta, Paragraph, Problem, RawSpeech, RuleChange, Speech
from .script import convert_marked_many, detect_script

SCRIPTS = ("simplified", "original")

# The order matters: glosses go first (they hide words: 相關(guān)閱讀); every later rule sees joined
# paragraphs, as it will when the cleaned text is cleaned again: that is what makes cleaning idempotent.
# Garbled spans are marked before punctuation is restored (so 規?;?、 keeps its debris). Chrome goes before
# the byline is looked for at the end; the damage marks are placed on whole paragraphs.
RULES: tuple[Rule, ...] = (
    Rule("pinyin-gloss", remove_glosses, "drop tone-marked pinyin in brackets after a character"),
    Rule("join-lines", make_paragraphs, "paragraphs: join lines broken inside a sentence, cut at separators"),
    Rule("captions", remove_captions, "take out photo captions (listed in full)"),
    Rule("garbled", mark_garbled, "mark GBK byte-shift debris (kept, flagged)"),
    Rule("chrome-top", strip_top_chrome, "drop the page's navigation, date and notice lines above the speech"),
    Rule("chrome-bottom", strip_bottom_chrome, "cut related links from their first marker to the end"),
    Rule("byline", find_byline, "move a reporter's byline at the end into metadata"),
    Rule("punctuation", restore_punctuation, "ASCII ,:;?!() back to full width in Chinese context"),
    Rule("title", read_front, "title from the first line, split from a glued salutation, repeats dropped"),
    Rule("salutation", find_salutation, "note the salutation that opens the body"),
    Rule("paragraph-starts", split_runs, "cut text that lost its paragraph breaks where a paragraph plainly begins"),
    Rule("placeholder", mark_placeholders, "mark template placeholders (X同志, ……)"),
    Rule("scrubbed", mark_scrubbed, "mark numerals and names the source site removed"),
    Rule("injected", mark_injected, "flag a place name pasted into a slogan (工业强金乡县)"),
    Rule("kind", decide_kind, "speech or meeting report, from the text"),
    Rule("infer-title", infer_title, "a short title from the first sentence when the page has none"),
)
# Rules that always 'change' something because they decide a fact rather than edit text: not in the report.
_FACTS = {"kind", "salutation"}


def run_rules(draft: Draft, rules: tuple[Rule, ...] = RULES) -> tuple[Draft, tuple[RuleChange, ...]]:
    """Apply rules in order; return the final draft and what each rule changed."""
    changes: list[RuleChange] = []
    for rule in rules:
        out = rule.run(draft)
        draft = out.draft
        if out.count and rule.name not in _FACTS:
            changes.append(RuleChange(rule.name, out.count, out.examples))
    return draft, tuple(changes)


def clean_speech(raw: RawSpeech, script: str = "simplified") -> Speech:
    """Clean one speech: ``會(huì)議,同志們:`` -> ``会议，同志们：`` (script="simplified")."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
    draft = Draft(source=raw.source, lines=tuple(DLine(ln.no, ln.text) for ln in raw.lines))
    draft, changes = run_rules(draft)
    source_script = detect_script("\n".join(ln.text for ln in draft.lines))
    paragraphs = tuple(Paragraph(ln.no, ln.text, _merge(ln.marks)) for ln in draft.lines if ln.text)
    # Metadata read from the text, converted with it: title, byline, salutation, subtitle, speaker, occasion, place.
    facts = {"title": draft.title or "", "byline": draft.byline, "salutation": draft.salutation,
             "subtitle": draft.subtitle, "speaker": draft.speaker, "occasion": draft.occasion, "place": draft.place}
    if script == "simplified" and source_script != "simplified":
        converted = []
        changed = 0
        # One OpenCC call for the whole speech: the paragraphs' pieces and the metadata.
        done = convert_marked_many([(p.text, p.marks) for p in paragraphs] + [(v or "", ()) for v in facts.values()])
        for p, (text, marks) in zip(paragraphs, done):
            if text != p.text:
                changed += _changed_chars(p.text, text)
            converted.append(Paragraph(p.line, text, marks))
        paragraphs = tuple(converted)
        facts = {k: (out if v else v) for (k, v), (out, _) in zip(facts.items(), done[len(paragraphs):])}
        if changed:
            changes += (RuleChange("script", changed, (f"{source_script} -> simplified (OpenCC tw2s)",)),)
    meta = Meta(
        source=raw.source,
        title=facts["title"] or "",
        title_inferred=draft.title_inferred,
        date=draft.date,
        subtitle=facts["subtitle"] or "",
        speaker=facts["speaker"],
        place=facts["place"],
        occasion=facts["occasion"],
        page_date=draft.page_date,
        kind=draft.kind or "speech",  # type: ignore[arg-type]
        byline=facts["byline"],
        encoding=raw.encoding,
        script=script,
        source_script=source_script,
        salutation=facts["salutation"],
    )
    problems = raw.problems + draft.problems
    if not paragraphs:
        problems += (
            Problem(
                raw.source,
                "has no speech text after cleaning",
                hint="check that the file holds the speech, not only a web page's frame",
            ),
        )
    return Speech(meta=meta, paragraphs=paragraphs, changes=changes, problems=problems, digest=raw.digest,
                  removed=draft.removed)


def _changed_chars(a: str, b: str) -> int:
    """Characters that differ position by position, plus the difference in length."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return abs(len(a) - len(b))
    # XOR leaves a lane non-zero where the characters differ.
    return nonzero_lanes(as_lanes(a[:n]) ^ as_lanes(b[:n]), n) + abs(len(a) - len(b))


def _merge(marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """Touching marks of one kind and reason become one (two garbled lines joined into one paragraph)."""
    out: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, m.end)):
        if out and out[-1].end == m.start and (out[-1].kind, out[-1].why) == (m.kind, m.why) and m.kind == "garbled":
            out[-1] = replace(out[-1], end=m.end)
        else:
            out.append(m)
    return tuple(out)


def clean_report(speech: Speech) -> dict[str, Any]:
    """The cleaning report as JSON-able data: metadata, each rule that changed something, each flagged span."""
    m = speech.meta
    return {
        "source": m.source,
        "encoding": m.encoding,
        "script": m.script,
        "source_script": m.source_script,
        "title": m.title,
        "title_inferred": m.title_inferred,
        "subtitle": m.subtitle,
        "date": m.date,
        "speaker": m.speaker,
        "place": m.place,
        "occasion": m.occasion,
        "page_date": m.page_date,
        "kind": m.kind,
        "byline": m.byline,
        "salutation": m.salutation,
        "paragraphs": len(speech.paragraphs),
        "rules": [{"rule": c.rule, "count": c.count, "examples": list(c.examples)} for c in speech.changes],
        # Everything cleaning took out of the seed, in full: nothing of the speech is lost without a trace.
        "removed": [{"line": r.line, "rule": r.rule, "why": r.why, "text": r.text} for r in speech.removed],
        "flagged": [
            {"line": line, "text": text, "kind": kind, "why": why} for line, text, kind, why in speech.flagged
        ],
        "problems": [
            {"source": p.source, "line": p.line, "message": p.message, "hint": p.hint, "severity": p.severity}
            for p in speech.problems
        ],
    }
