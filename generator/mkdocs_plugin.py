"""The MkDocs boundary: the only module that imports MkDocs.

on_config watches the seeds and templates and speeds up Material's search; on_files runs the pipeline,
adds every page as a generated file (never written into docs_dir: that would make `mkdocs serve` rebuild
forever), sets the nav and serves our search worker in place of Material's; on_nav renders the pages (Markdown,
search entries and, for `mkdocs build`, theme templates) ahead on every core for a full build of many pages.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import pickle
import re
import zlib
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import markupsafe
import material
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import leftovers, nav_cache, search_index
from .cachedir import cache_dir, write_atomically
from .build import SCRIPTS, BuildResult, build_pages, forget, nav_items, parallel_map, workers_for
from .glossary import search_terms

log = logging.getLogger("mkdocs.plugins.speeches")

# One segmenter for the life of the process: its cache carries cuts from one `mkdocs serve` rebuild to the next.
SEGMENTER = search_index.Segmenter()
PRUNE = "generator.md_prune"  # a Markdown extension (its makeExtension), added to every site's list
TERM_FREQ = 2_000_000  # high enough that jieba keeps a glossary term one token
# Our search worker (generator/data/search-worker.js), served at the URL of Material's: same messages, no lunr
# index to build before the first answer. `search_worker: material` keeps Material's.
WORKER = Path(__file__).parent / "data" / "search-worker.js"
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(\.map)?")


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for the life of the process and in the cache folder between
    runs (compiling Material's ~45 templates took 0.85 s under cProfile, in every process that renders pages).
    Jinja keys a template by its name and checks its source's checksum and Jinja's and Python's versions on
    load, so an edited template or a new Jinja is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def _file(self, key: str) -> Path:
        return cache_dir() / "templates" / f"{key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            try:
                code = self._file(bucket.key).read_bytes()
            except OSError:
                return
        try:
            bucket.bytecode_from_string(code)  # leaves the bucket empty when stale: then Jinja compiles and dumps
        except Exception:  # a damaged file (pickle or marshal errors): compile again
            bucket.reset()
        if bucket.code is not None:
            self._code[bucket.key] = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        write_atomically(self._file(bucket.key), code)


_TEMPLATES = _TemplateCache()


class SpeechesConfig(Config):
    seeds = c.Type(str, default="seeds")
    templates = c.Type(str, default="docs_templates")
    script = c.Choice(SCRIPTS, default="simplified")
    strict = c.Type(bool, default=False)
    search_worker = c.Choice(("speeches", "material"), default="speeches")
    nav_cache = c.Type(bool, default=True)  # Material's nav rendered once per section (generator/nav_cache.py)


class SpeechesPlugin(BasePlugin[SpeechesConfig]):
    """Turns the .txt speeches in `seeds` into the site's pages."""

    result: BuildResult | None = None
    dirty = False
    command = "build"
    _frozen = False
    spool: Path | None = None  # pages rendered ahead wait here (see _AHEAD)
    streams_index = False  # a one-off build's search index is written by _write_search_index
    _swept = False

    def __init__(self) -> None:
        self._built: dict[str, str] = {}  # page path -> digest of its Markdown in the last build
        self._nav: object = None  # the nav of the last build
        self._dests: set[str] = set()  # where the last build wrote its pages
        self._urls: set[str] = set()  # the pages of this build: the search index keeps no entry of a page gone
        self._reported: set[str] = set()  # the notes the last build logged

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds (and so its caches).
        self.dirty = dirty
        self.command = command

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self._swept:  # what killed builds left in the temporary folder; once (serve calls this each build)
            self._swept = True
            for message in leftovers.sweep(None, leftovers.WORKERS, leftovers.SPOOL):
                log.info(message)
        self.seeds_dir = self._path(config, self.config.seeds)
        self.templates_dir = self._path(config, self.config.templates)
        # Edits, additions and removals in either folder rebuild the site under `mkdocs serve`.
        for folder in (self.seeds_dir, self.templates_dir):
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        streams = _fast_search(config, self._urls, keep=self.command == "serve")
        self.streams_index = streams and self.command != "serve"
        # Same HTML, less work: the Markdown patterns a page cannot trigger are skipped (generator/md_prune.py).
        if PRUNE not in config.markdown_extensions:
            config.markdown_extensions.append(PRUNE)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        _MADE.clear()  # search entries made ahead belong to one build
        result = build_pages(self.seeds_dir, self.templates_dir, self.config.script)
        self.result = result
        reported, self._reported = self._reported, set()
        repeated = 0
        for problem in result.problems:
            text = problem.format()
            self._reported.add(text)
            if problem.severity == "error":
                log.warning(text)  # `mkdocs build --strict` turns this into a failed build
            elif self.dirty and text in reported:
                repeated += 1  # under `serve`, each edit shows what it changed, not every note again
            else:
                log.info(text)
        if repeated:
            log.info("%d notes on unchanged seeds not repeated (see the first build's log)", repeated)
        if result.errors and self.config.strict:
            raise PluginError(f"{len(result.errors)} seed(s) could not be used (speeches: strict: true)")
        built, self._built = self._built, {}
        nav = nav_items(result)
        # Every page carries the nav: when it changed (a seed added, removed or retitled) every page is rebuilt.
        same_nav, self._nav = nav == self._nav, nav
        unchanged = 0
        dests: set[str] = set()
        for page in result.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            file = File.generated(config, page.path, content=page.markdown)
            digest = hashlib.blake2b(page.markdown.encode("utf-8"), digest_size=16).hexdigest()
            self._built[page.path] = digest
            if self.dirty and same_nav and built.get(page.path) == digest:
                # MkDocs takes every generated file as modified; under `serve --dirty` rebuild only real changes.
                file.is_modified = _unchanged  # type: ignore[method-assign]
                unchanged += 1
            files.append(file)
            dests.add(file.abs_dest_path)
        if self.dirty:
            # A dirty build leaves old output in place: remove the pages of seeds that are gone.
            for gone in self._dests - dests:
                try:
                    Path(gone).unlink(missing_ok=True)
                except OSError as exc:  # a page a failed build never wrote, or a file system that refuses
                    log.info("could not remove the page of a seed that is gone: %s", exc)
            log.info("%d of %d pages unchanged, not rebuilt", unchanged, len(result.pages))
        self._dests = dests
        self._urls.clear()
        self._urls.update(file.url for file in files if file.is_documentation_page())
        config.nav = nav
        if self.config.search_worker == "speeches":
            _replace_search_worker(files, config)
        for term in search_terms(result.glossary):
            SEGMENTER.add_word(term, freq=TERM_FREQ)
        if self.command != "serve":
            # A one-off build needs the pages, not the corpus they were made from, nor what the next build
            # would reuse: let it go before MkDocs renders (and the workers fork). At 1,000 speeches Python's
            # heap here fell from 105 to 57 MB.
            forget()
            self.result = result = dataclasses.replace(result, outlines=())  # the local too: gc below frees them
        if not self.dirty:
            gc.collect()  # the pipeline's garbage, before MkDocs renders every page (a dirty rebuild renders few)
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # A build of many pages renders their Markdown (and Material indexes them for search) on every core,
        # here, before MkDocs's own one-page-at-a-time loop, which then takes each page as rendered. Under
        # `serve --dirty`, the pages it will make: every page in the first build, and in a rebuild those that
        # changed (all of them when the nav did: a seed added, removed or retitled).
        pages = [f.page for f in files.documentation_pages() if f.page is not None and (not self.dirty or f.is_modified())]
        if (workers_for(len(pages)) > 1 and _only_ours(config, "page_markdown")
                and _only_ours(config, "page_content")):
            # And each page's theme template, when no other plugin takes part in it, and when `serve` gives the
            # templates the same list of pages as a build (with drafts it adds them: Material's templates do not
            # read that list, but an override might).
            drafts = self.command == "serve" and any(
                f.inclusion.is_excluded() for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
            templates = (not drafts and _only_ours(config, "env")
                         and _only_ours(config, "page_context", "material/search"))
            _render_ahead(pages, config, files, nav if templates else None, self)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # MkDocs makes a new theme environment on every `serve` rebuild: keep the compiled templates.
        env.bytecode_cache = _TEMPLATES
        # A page whose theme template a worker rendered ahead gets that HTML back through this template.
        ours = {AHEAD_TEMPLATE: "{{ page.speeches_html | speeches_inflate }}"}
        if self.config.nav_cache:
            ours.update(nav_cache.templates(env, str(Path(material.__file__).parent / "templates")))  # generator/nav_cache.py
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(ours), env.loader])
        env.filters["speeches_inflate"] = _inflate
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._drop_spool()
        if self.dirty and not self._frozen:
            # Under `serve`, what the first build made mostly lives on (the corpus, the caches). Frozen, the
            # garbage collector stops walking it: a full collection during a rebuild took ~0.4 s at 1,000
            # speeches. The price: that build's own garbage (its pages and nav, one build's worth) stays.
            gc.freeze()
            self._frozen = True

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_spool()
        # Pages of this build may not have been written: the next one (under `serve`) makes every page.
        self._built.clear()
        self._nav = None

    def _drop_spool(self) -> None:
        if self.spool is not None:
            leftovers.remove(self.spool)
            self.spool = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        _poll_faster(server)
        _keep_serving(server)
        return server

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The page is written and indexed by now: let its HTML go (MkDocs keeps every page to the end).
        page.content = None
        page.__dict__.pop("speeches_html", None)
        if page.meta.get("template") == AHEAD_TEMPLATE:
            del page.meta["template"]
        return output


POLL_SECONDS = 0.2  # how often `serve` looks for edits (MkDocs: every 0.5 s)


def _poll_faster(server: Any) -> None:
    """Under `serve`, look for edits every POLL_SECONDS instead of MkDocs's 0.5 s: on average 0.15 s sooner
    from saving a seed to the rebuilt page, for ~4 % of a core while idle at 1,000 seeds (a scan of the seeds
    folder takes ~9 ms). MkDocs keeps polling rather than the OS's file events, which miss edits on network
    and Docker mounts; this keeps that and only shortens the interval. It sets watchdog's timeout on the
    observer (for the folders watched next) and on the emitters already made (the docs folder and mkdocs.yml),
    and does nothing where those attributes are not there."""
    observer = getattr(server, "observer", None)
    if observer is None or not isinstance(getattr(observer, "_timeout", None), (int, float)):
        return
    if observer._timeout <= POLL_SECONDS:
        return
    observer._timeout = POLL_SECONDS
    for emitter in getattr(observer, "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), (int, float)):
            emitter._timeout = POLL_SECONDS


def _keep_serving(server: Any) -> None:
    """Under `serve`, a rebuild that fails (a file the file system refuses, a template's error) no longer stops
    the server: MkDocs would hold every request until a build succeeds, so that no page answered, and print a
    traceback. Instead one line says what failed, the pages of the last build are served, and the next change
    builds again (every page: on_build_error). Does nothing where MkDocs's server lacks what this relies on."""
    build = getattr(server, "builder", None)
    cond = getattr(server, "_epoch_cond", None)
    if build is None or cond is None or not hasattr(server, "_visible_epoch"):
        return

    def builder() -> None:
        try:
            build()
        except Exception as exc:  # noqa: BLE001 - reported, and the server goes on
            log.error("rebuild failed, still serving the last build's pages: %s: %s (fix it and save: the "
                      "site is built again)", type(exc).__name__, exc)
            with cond:
                server._wanted_epoch = server._visible_epoch  # the requests waiting for this build are answered
                cond.notify_all()

    server.builder = builder


def _unchanged() -> bool:
    return False


def _replace_search_worker(files: Files, config: MkDocsConfig) -> None:
    """Serve WORKER under the name of Material's search worker (whatever its hash in this Material version),
    so every page's `__config.search` loads ours; drop Material's source map, which would not match."""
    for file in list(files):
        m = _MATERIAL_WORKER.fullmatch(file.src_uri)
        if m is None or file.generated_by == "speeches":
            continue
        files.remove(file)
        if not m.group(1):
            worker = File.generated(config, file.src_uri, content=WORKER.read_text(encoding="utf-8"))
            files.append(worker)


# --- rendering ahead, on every core ------------------------------------------------------------------------
#
# MkDocs renders each page (Markdown to HTML) and Material parses each page's HTML for search one page after
# another. Before that loop starts (on_nav), this process and workers forked from it render the pages in chunks
# with MkDocs's own Page.render, and index them with Material's own SearchIndex, and send back what those set.
# Each page then gets a one-off `render` that puts it in place, and Material's indexing takes its entries as
# made. Only when no other plugin changes a page's Markdown or HTML in between: then the result is the same.
# For `mkdocs build`, the workers also render each page's theme template (main.html) as MkDocs's _build_page
# would; MkDocs's loop then renders a template that gives that HTML back (AHEAD_TEMPLATE), and writes it.
# tests/test_build_workers.py builds the site with and without workers and compares it byte for byte.

# What comes back from rendering ahead waits in a spool folder until MkDocs's loop (a page's HTML) or the search
# index writer (its entries) takes it: at 2,000 speeches that is ~80 MB the main process need not hold.
_AHEAD: dict[str, Any] = {}  # what the workers see (set before they fork)
_MADE: dict[str, list[Any]] = {}  # page URL -> its search entries, made ahead (or their _Spooled bytes)


class _Spooled(NamedTuple):
    """Bytes a worker wrote to a file of the spool folder, read back by ``bytes()``."""

    path: str
    offset: int
    size: int

    def __bytes__(self) -> bytes:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            return f.read(self.size)


AHEAD_TEMPLATE = "speeches-rendered-ahead.html"


def _only_ours(config: MkDocsConfig, event: str, *also: str) -> bool:
    """Whether every handler of this event is this plugin's (or that of a plugin named in ``also``)."""
    allowed = [SpeechesPlugin] + [type(p) for name, p in config.plugins.items() if name in also or f"material/{name}" in also]
    return all(type(getattr(handler, "__self__", None)) in allowed for handler in config.plugins.events[event])


def _inflate(data: bytes) -> markupsafe.Markup:
    return markupsafe.Markup(zlib.decompress(data).decode("utf-8"))


def _render_ahead(pages: list[Page], config: MkDocsConfig, files: Files, nav: Any, plugin: SpeechesPlugin) -> None:
    search: Any = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    _AHEAD.update(pages=pages, config=config, files=files, index=index)
    if nav is not None and not all("title" in vars(page) for page in nav.pages):
        nav = None  # a page's title would come from rendering it, which another worker does: not here
    if nav is not None:
        # The theme environment as MkDocs makes it, and as on_env (only this plugin has one) leaves it.
        env = plugin.on_env(config.theme.get_env(), config=config, files=files)
        _AHEAD.update(nav=nav, env=env, doc_files=files.documentation_pages(inclusion=InclusionLevel.is_included))
        # Its template rendered, a page's HTML body is read by nothing else of ours or MkDocs's: when no other
        # plugin looks at pages after them either, it need not come back (nor wait in memory for its turn).
        _AHEAD["drop_content"] = _only_ours(config, "post_page")
        plugin.spool = leftovers.make(leftovers.SPOOL)  # named and locked: a later build removes it if this one is killed
        _AHEAD["spool"] = str(plugin.spool)
        if plugin.streams_index and index is not None:
            # The index writer takes entries as encoded bytes: they can wait in the spool too.
            _AHEAD["entries_pattern"] = search_index.entry_pattern(index.config["separator"], SEGMENTER.slims)
    try:
        done = parallel_map(_render_chunk, len(pages))
    finally:
        _AHEAD.clear()
    log.info("%d pages rendered ahead on %d cores, this process and forked workers (Markdown, search entries%s)", len(pages),
             workers_for(len(pages)), ", theme template" if nav is not None else "")
    _MADE.clear()
    for i, entries, made in done:
        page = pages[i]
        page.render = _Rendered(page, made)  # type: ignore[method-assign]
        if entries is not None:
            _MADE[page.url] = entries


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render_chunk(indices: list[int]) -> list[tuple[int, Any, dict[str, Any] | _Spooled]]:
    """In a worker: render and index these pages as MkDocs and Material would; return what they set: each page's
    index, its search entries, and the rest (in the spool, pickled, when there is one)."""
    pages, config, files, index = _AHEAD["pages"], _AHEAD["config"], _AHEAD["files"], _AHEAD["index"]
    out = []
    capture = _Capture()
    mkdocs_log = logging.getLogger("mkdocs")
    handlers, propagate = mkdocs_log.handlers, mkdocs_log.propagate
    mkdocs_log.handlers, mkdocs_log.propagate = [capture], False  # the messages go out once, from the parent
    spool = open(Path(_AHEAD["spool"]) / f"{indices[0]}.bin", "wb") if "spool" in _AHEAD else None  # one file a chunk

    def spooled(data: bytes) -> bytes | _Spooled:
        if spool is None:
            return data
        offset = spool.tell()
        spool.write(data)
        return _Spooled(spool.name, offset, len(data))

    try:
        for i in indices:
            page = pages[i]
            capture.records = []
            config._current_page = page  # as MkDocs sets it (the `!relative` YAML tag reads it)
            page.read_source(config)
            page.render(config, files)
            config._current_page = None
            entries = None
            if index is not None:
                before = len(index.entries)
                index.add_entry_from_context(page)
                entries = index.entries[before:]
                del index.entries[before:]
                if "entries_pattern" in _AHEAD and entries:
                    entries = [spooled(search_index.encode_entries(entries, _AHEAD["entries_pattern"]))]
            html = None
            if "env" in _AHEAD:  # the theme template, as _build_page renders it (its plugin events are search's)
                config._current_page = page
                page.active = True
                context = get_context(_AHEAD["nav"], _AHEAD["doc_files"], config, page)
                template = _AHEAD["env"].get_template(page.meta.get("template", "main.html"))
                html = zlib.compress(template.render(context).encode("utf-8"), 1)  # ~10x: many pages wait
                page.active = False
                config._current_page = None
            links = page.links_to_anchors
            content = "" if html is not None and _AHEAD.get("drop_content") else page.content
            made: dict[str, Any] | _Spooled = {
                "content": content, "toc": page.toc, "title": page._title_from_render,
                "anchors": page.present_anchor_ids, "log": capture.records, "html": html,
                "links": None if links is None else {f.src_uri: v for f, v in links.items()},
            }
            if spool is not None:
                # What MkDocs's loop takes back waits in the spool, until the loop reaches the page: its HTML, and
                # its table of contents, anchors and links (6 MB pickled at 2,000 speeches). Spooling those too,
                # with the two lines below, took the build's peak from 493 to 485 MB for all processes.
                made = spooled(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))  # type: ignore[assignment]
            out.append((i, entries, made))
            page.content = page.markdown = None
            if spool is not None:
                # Kept here, they would be held twice until the build's end (here and in the spool), or in a worker
                # for nothing. The page's render (_Rendered) sets them again.
                page.toc, page.present_anchor_ids, page.links_to_anchors = [], None, None  # type: ignore[assignment]
    finally:
        mkdocs_log.handlers, mkdocs_log.propagate = handlers, propagate
        if spool is not None:
            spool.close()
    return out


class _Rendered:
    """A page's `render`, once: what a worker's Page.render set, and the messages it logged then."""

    def __init__(self, page: Page, made: dict[str, Any] | _Spooled) -> None:
        self.page, self.made = page, made

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        page, made = self.page, self.made
        if isinstance(made, _Spooled):
            made = pickle.loads(bytes(made))
        del page.render  # the next build renders as usual
        page.content, page.toc, page._title_from_render = made["content"], made["toc"], made["title"]
        page.present_anchor_ids = made["anchors"]
        if made["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(uri) or uri: v for uri, v in made["links"].items()}
        for name, level, message in made["log"]:
            logging.getLogger(name).log(level, message)
        if made["html"] is not None:
            page.meta["template"] = AHEAD_TEMPLATE
            page.speeches_html = made["html"]  # type: ignore[attr-defined]


def _write_search_index(path: Path, index: Any) -> None:
    """Material's search_index.json, byte for byte, written a piece at a time; each entry is let go once
    written (the index is not kept for a next build)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        for piece in search_index.slim_index_pieces(_index_config(index), index.entries, SEGMENTER.slims, consume=True):
            f.write(piece)


def _index_config(index: Any) -> dict[str, Any]:
    """The config part of search_index.json, as Material's generate_search_index takes it from the index."""
    return {k: index.config[k] for k in ("lang", "separator", "pipeline", "fields")}


_PIECES = search_index.PieceMemo()


class _Utf8:
    """The index as Material's on_post_build takes it from generate_search_index: it writes
    ``data.encode("utf-8")``. Made as UTF-8 bytes from the start (no str of the whole index first)."""

    def __init__(self, data: bytearray) -> None:
        self.data = data

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytearray:
        return self.data


def _fast_search(config: MkDocsConfig, live: set[str], keep: bool = True) -> bool:
    """Material's search, faster and smaller: segment with SEGMENTER (rjieba where installed, cached
    across rebuilds) and write the index as slim UTF-8 (``search_index.slim_index_json``). ``live``: the
    site's page URLs, kept up to date by the plugin, so that a `serve` rebuild drops a removed page's entries.
    ``keep``: cache the segmented texts for the next build (`serve`; a one-off build has none).
    True when Material's on_post_build was replaced: a one-off build's index is then written by
    ``_write_search_index``.

    The search plugin is listed before this one, so its SearchIndex exists by now. Material segments
    Chinese whenever its module-level ``jieba`` is set, and loads ``jieba_dict``/``jieba_dict_user`` into it.
    """
    search: Any = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is None:
        return False
    import material.plugins.search.plugin as material_search

    from .search_parser import FastParser

    if material_search.Parser is FastParser.__base__:
        material_search.Parser = FastParser  # the same sections, faster (generator/search_parser.py)
    if getattr(material_search, "jieba", None) is None:
        return False  # jieba is not importable: Material does not segment, and neither do we
    material_search.jieba = SEGMENTER
    if search.config.jieba_dict:
        SEGMENTER.set_dictionary(search.config.jieba_dict)
    if search.config.jieba_dict_user:
        SEGMENTER.load_userdict(search.config.jieba_dict_user)
    SEGMENTER.new_build(keep)
    SEGMENTER.slim_for(index.config["separator"])  # entries come out slim: no second copy at the end
    index._segment_chinese = SEGMENTER.segment
    material_add = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        made = _MADE.pop(page.url, None)
        if made is None:
            material_add(page)
        else:
            index.entries.extend(made)

    index.add_entry_from_context = add_entry_from_context

    pieces = _PIECES if keep else None  # under `serve`, the pieces of unchanged pages' entries come from the last index

    def generate(prev: Any) -> _Utf8:
        index.entries = search_index.merge_entries(prev.entries if prev else None, index.entries, live)
        # Every title and text went through SEGMENTER.segment, which slims as it cuts.
        return _Utf8(search_index.slim_index_utf8(_index_config(index), index.entries, SEGMENTER.slims, memo=pieces))

    index.generate_search_index = generate

    # A one-off build writes the index a piece at a time, each entry let go once written: Material's
    # on_post_build writes it as one bytes object, ~50 MB at 2,000 speeches on top of the entries. Same file.
    # (Under `serve --dirty` Material's own runs: it keeps the index for the next rebuild.)
    material_post_build = search.on_post_build

    def post_build(*, config: MkDocsConfig) -> None:
        if not search.config.enabled or getattr(search, "is_dirty", True) or search.search_index is not index:
            return material_post_build(config=config)
        _write_search_index(Path(config.site_dir) / "search" / "search_index.json", index)

    handlers = config.plugins.events.get("post_build", [])
    for i, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is search and getattr(handler, "__name__", "") == "on_post_build":
            handlers[i] = post_build
            origins = getattr(config.plugins, "_event_origins", None)
            if isinstance(origins, dict):  # the plugin MkDocs names when the handler fails
                origins[post_build] = origins.get(handler, "material/search")
            return True
    return False
