"""The wiring proposed for generator/mkdocs_plugin.py, applied at run time until it is pasted in.

Each function below is what the plugin should do; ``apply()`` grafts them onto ``SpeechesPlugin`` so the
benchmark measures exactly the proposed wiring. When mkdocs_plugin.py already defines ``SEGMENTER`` the
wiring is taken to be in place and nothing is patched.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from generator import search_index as si
from generator.glossary import search_terms
from generator.nav import nav_items as grouped_nav

log = logging.getLogger("mkdocs.plugins.speeches")

# One segmenter for the life of the process: its cache carries cuts from one `mkdocs serve` rebuild to the next.
SEGMENTER = si.Segmenter()


def fast_search(config: Any) -> None:
    """In SpeechesPlugin.on_config (search is listed first, so its SearchIndex exists): segment with
    SEGMENTER (rjieba, cached) and write the slim UTF-8 index."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if index is None:
        return
    import material.plugins.search.plugin as material_search

    # Material segments whenever its module-level `jieba` is truthy, and loads jieba_dict(_user) into it.
    material_search.jieba = SEGMENTER
    if search.config.jieba_dict:
        SEGMENTER.set_dictionary(search.config.jieba_dict)
    if search.config.jieba_dict_user:
        SEGMENTER.load_userdict(search.config.jieba_dict_user)
    SEGMENTER.new_build()
    SEGMENTER.slim_for(index.config["separator"])  # entries come out slim: no second copy at the end
    index._segment_chinese = SEGMENTER.segment

    def generate(prev: Any) -> str:
        index.entries = si.merge_entries(prev.entries if prev else None, index.entries)
        keys = ("lang", "separator", "pipeline", "fields")
        return si.slim_index_json({k: index.config[k] for k in keys}, index.entries)

    index.generate_search_index = generate


def _unchanged() -> bool:
    return False


def mark_unchanged(plugin: Any, files: Any, pages: Any) -> int:
    """In on_files, after appending the pages: under `mkdocs serve --dirty`, a page whose Markdown is the
    same as in the last build is not rebuilt (MkDocs treats every generated file as modified)."""
    built: dict[str, str] = getattr(plugin, "_built", {})
    plugin._built = new = {}
    skipped = 0
    for page in pages:
        digest = hashlib.blake2b(page.markdown.encode("utf-8"), digest_size=16).hexdigest()
        new[page.path] = digest
        if getattr(plugin, "dirty", False) and built.get(page.path) == digest:
            files.get_file_from_path(page.path).is_modified = _unchanged
            skipped += 1
    return skipped


def release_memory() -> None:
    """After the generator: collect its garbage and hand freed heap back to the OS before MkDocs starts."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def apply() -> bool:
    """Graft the wiring onto SpeechesPlugin; False when mkdocs_plugin.py has it already."""
    from generator import mkdocs_plugin as mp

    apply_fixes()
    if hasattr(mp, "SEGMENTER"):
        return False
    cls = mp.SpeechesPlugin
    on_config, on_files = cls.on_config, cls.on_files

    cls.dirty = False

    def on_startup(self: Any, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin instance across `mkdocs serve` rebuilds.
        self.dirty = dirty

    def patched_on_config(self: Any, config: Any) -> Any:
        config = on_config(self, config)
        fast_search(config)
        return config

    def patched_on_files(self: Any, files: Any, *, config: Any) -> Any:
        files = on_files(self, files, config=config)
        release_memory()
        config.nav = grouped_nav(self.result.outlines)
        for term in search_terms(self.result.glossary):
            SEGMENTER.add_word(term, freq=2_000_000)
        self.skipped = mark_unchanged(self, files, self.result.pages)
        if self.dirty:
            log.info("%d of %d pages unchanged, not rebuilt", self.skipped, len(self.result.pages))
        return files

    def on_post_page(self: Any, output: str, *, page: Any, config: Any) -> str:
        # The page's HTML is written and indexed: let it go (MkDocs keeps every page until the build ends).
        page.content = None
        return output

    cls.on_startup = on_startup
    cls.on_post_page = on_post_page
    cls.on_config = patched_on_config
    cls.on_files = patched_on_files
    mp._teach_search = lambda terms: None  # replaced by SEGMENTER.add_word above
    return True


# --- Proposed fix for generator/render.py: index the glossary's occurrences by page once, not once per page.

_LINKS: tuple[Any, dict[str, dict[str, list[tuple[int, int, str, str]]]]] | None = None


def glossary_links_by_page(glossary: Any) -> dict[str, dict[str, list[tuple[int, int, str, str]]]]:
    """page path -> block anchor -> link spans, for every occurrence of every entry (same order as before)."""
    from generator.render import GLOSSARY_PAGE, relative_link, speech_path

    out: dict[str, dict[str, list[tuple[int, int, str, str]]]] = {}
    for entry in glossary.entries:
        for occ in entry.occurrences:
            page = speech_path(occ.source)
            target = relative_link(page, GLOSSARY_PAGE)
            out.setdefault(page, {}).setdefault(occ.anchor, []).append(
                (occ.start, occ.end, f"{target}#{entry.slug}", entry.tooltip)
            )
    return out


def _glossary_links(glossary: Any, page: str) -> dict[str, list[tuple[int, int, str, str]]]:
    """Link spans for one speech page, keyed by block anchor (the index is built once per glossary)."""
    global _LINKS
    if glossary is None:
        return {}
    if _LINKS is None or _LINKS[0] is not glossary:
        _LINKS = (glossary, glossary_links_by_page(glossary))
    return _LINKS[1].get(page, {})


def apply_render_fix() -> None:
    import generator.render as render

    render._glossary_links = _glossary_links


# --- Proposed fix for generator/glossary.py: _expansions scanned every place and every hit once per
# speech (quadratic); group them by speech once. Same output, same order.

_QUADRATIC_EXPANSIONS = "mine = [p for p in places if p.outline == i and p.block.paragraph is not None]"


def _expansions(outlines: Any, places: Any, accepted: Any) -> Any:
    """Where each formula is spelled out, speech by speech (the first speech that does wins)."""
    from collections import defaultdict

    from generator.glossary import find_expansions, split_formula

    by_outline: dict[int, list[Any]] = defaultdict(list)
    for p in places:
        if p.block.paragraph is not None:
            by_outline[p.outline].append(p)
    hits_by_outline: dict[int, list[tuple[str, Any, Any]]] = defaultdict(list)
    for key, hits in accepted.items():
        for place, c in hits:
            hits_by_outline[place.outline].append((key, place, c))
    out: dict[str, Any] = {}
    for i in range(len(outlines)):
        mine = by_outline.get(i, [])
        ref = {id(p): k for k, p in enumerate(mine)}
        formulas: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
        lists: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
        for key, place, c in hits_by_outline.get(i, ()):
            if id(place) not in ref:
                continue
            start = c.start - 1 if c.quoted else c.start
            span = (ref[id(place)], start, c.end, c.after)
            if split_formula(key):
                formulas[key].append(span)
            elif "、" in key and c.quoted:
                lists[key].append((ref[id(place)], c.start, c.end, c.after))
        for term, spelled in find_expansions([(k, p.simplified) for k, p in enumerate(mine)], formulas, lists).items():
            out.setdefault(term, (spelled, mine[spelled.ref]))
    return out


def apply_glossary_fix() -> bool:
    """Patch glossary._expansions only while it still has the quadratic form this fix was written for."""
    import inspect

    import generator.glossary as glossary

    fn = getattr(glossary, "_expansions", None)
    if fn is None or _QUADRATIC_EXPANSIONS not in inspect.getsource(fn):
        return False
    glossary._expansions = _expansions
    return True


# --- Proposed for generator/glossary_page.py: list at most OCCURRENCES_SHOWN uses per entry. At 1,000
# speeches the page listed 22,000 uses (8.6 MB of HTML, a quarter of the search index).

OCCURRENCES_SHOWN = 20


def apply_glossary_page_cap() -> None:
    import generator.glossary_page as gp

    if getattr(gp, "OCCURRENCES_SHOWN", None) is not None or getattr(gp.entry_view, "capped", False):
        return  # the page caps its lists itself
    entry_view = gp.entry_view

    def capped(*args: Any, **kwargs: Any) -> Any:
        view = entry_view(*args, **kwargs)
        view["occurrences"] = view["occurrences"][:OCCURRENCES_SHOWN]
        return view

    capped.capped = True  # type: ignore[attr-defined]
    gp.entry_view = capped


def apply_fixes() -> None:
    """The generator-side fixes proposed in the report (render links index, glossary expansions, page cap)."""
    apply_render_fix()
    apply_glossary_fix()
    apply_glossary_page_cap()
