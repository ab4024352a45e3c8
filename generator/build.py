"""The whole pipeline as one story: find the seeds, read, clean, outline each; then the glossary; then render.

Nothing here imports MkDocs: the plugin, the CLI's export and the tests all call ``build_pages``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import signal
import struct
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from . import leftovers
from .clean import clean_speech
from .glossary import Prepared, collect_glossary, prepare_speech
from .glossary import forget as forget_glossary
from .glossary_page import glossary_pages
from .outline import detect_outline
from .nav import NavItem
from .nav import nav_items as grouped_nav
from .nav import title as nav_title_of
from .read import BIDI_CONTROLS, SeedError, read_bytes, read_data, read_seed
from .records import Glossary, Outline, Page, Problem, RawSpeech, Severity
from .render import (
    NAME_BYTES, escape_md, glossary_links_by_page, make_env, render_home, render_speech, render_speech_index, sorted_outlines,
    speech_path,
)
from .script import forget_converters
from .slogans.lexicon import prepare as prepare_lexicon

log = logging.getLogger(__name__)

SCRIPTS = ("simplified", "original")


@dataclass(frozen=True, slots=True)
class Seed:
    path: Path
    source: str  # relative to the seeds folder, forward slashes


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: tuple[Page, ...]
    outlines: tuple[Outline, ...]  # in reading order
    glossary: Glossary
    problems: tuple[Problem, ...]  # every problem, seed errors first

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def find_seeds(seeds_dir: Path) -> tuple[tuple[Seed, ...], tuple[Problem, ...]]:
    """Every ``.txt`` below the folder, in a stable order; hidden files and folders are skipped, and so is a
    link that leads out of the folder (reported)."""
    if not seeds_dir.is_dir():
        problem = Problem(
            source=str(seeds_dir),
            message="the seeds folder does not exist",
            hint="create it and put .txt speeches in it, or pass --seeds DIR",
            severity="error",
        )
        return (), (problem,)
    seeds: list[Seed] = []
    problems: list[Problem] = []

    def skip(rel: Path, message: str, hint: str, severity: Severity = "error") -> None:
        problems.append(Problem(source=rel.as_posix(), message=message, hint=hint, severity=severity))

    root = seeds_dir.resolve()
    for path in sorted(seeds_dir.rglob("*")):
        rel = path.relative_to(seeds_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        txt = path.suffix.lower() == ".txt"
        if path.is_symlink() and (txt or path.is_dir()):
            # A link may point anywhere (`ln -s /etc/passwd seeds/p.txt`): only what lies inside the seeds
            # folder is published. A linked folder is not followed (its files would be read twice, or from
            # outside); one inside is read where it is.
            target = path.resolve()
            if path.exists() and not target.is_relative_to(root):
                skip(rel, f"is a link to {target}, outside the seeds folder, and was skipped",
                     "copy or move what it points to into the seeds folder, if it belongs to the site")
                continue
            if path.is_dir():
                skip(rel, "is a link to a folder inside the seeds folder; not followed (the folder is read where "
                     "it is)", "nothing to do", "info")
                continue
        if path.is_dir():
            continue  # its files are listed on their own
        if txt and path.is_symlink() and not path.exists():
            skip(rel, "is a symbolic link to a file that does not exist, and was skipped",
                 "remove the link, or point it at the speech")
        elif txt and not path.is_file():
            # A FIFO, socket or device: reading it could block the build forever.
            skip(rel, "is not a regular file (a FIFO, socket or device), and was skipped",
                 "replace it with a plain .txt file holding the speech")
        elif not txt:
            skip(rel, "is not a .txt file and was ignored", "rename it to .txt if it is a speech", "info")
        else:
            # A link is read through its target, checked here: changing the link later changes nothing.
            seeds.append(Seed(path=path.resolve() if path.is_symlink() else path, source=rel.as_posix()))
            if control := BIDI_CONTROLS.search(rel.as_posix()):
                skip(rel, f"has a bidirectional control (U+{ord(control.group()):04X}) in its name, which reorders "
                     "how the name is shown on its page", "rename the file without it", "warning")
    if not seeds:
        problems.append(
            Problem(
                source=str(seeds_dir),
                message="holds no .txt speeches",
                hint="put one speech per .txt file in it",
                severity="error",
            )
        )
    return tuple(seeds), tuple(problems)


# Outlines of seeds already processed, keyed by the bytes' digest, the script and the name: `mkdocs serve`
# re-runs the pipeline on every edit, and only the seeds that changed need cleaning again. Each build
# keeps only the entries it used, so edits do not pile up old versions.
_CACHE: dict[tuple[str, str, str], Outline] = {}

# Seeds are cleaned and outlined in worker processes when there are at least this many to do and more
# than one core; SPEECHES_WORKERS sets the number of workers (1: none). Results come back in seed order.
PARALLEL_MIN = 200


def process_seed(seed: Seed, script: str = "simplified") -> Outline:
    """read -> clean -> outline for one seed; raises SeedError when the seed cannot be used."""
    return outline_of(read_seed(seed.path, seed.source), script)


def outline_of(raw: RawSpeech, script: str) -> Outline:
    """clean -> outline; raises SeedError when cleaning leaves no speech."""
    speech = clean_speech(raw, script=script)
    if not speech.paragraphs:
        raise SeedError(
            raw.source,
            "holds no speech text (it is empty, or only site chrome)",
            hint="check that the file holds the speech itself",
        )
    if not any(char.isalnum() for p in speech.paragraphs for char in p.text):
        raise SeedError(
            raw.source,
            "holds no speech text, only punctuation and symbols",
            hint="check that the file holds the speech itself (a bad copy or conversion can leave only this)",
        )
    return detect_outline(speech)


def _process(job: tuple[str, bytes, str, str, bool]) -> tuple[Outline, Prepared | None] | Problem:
    """One seed's bytes to its outline and, when the job asks, what the glossary reads of it alone, in a
    worker or not; a seed that cannot be used comes back as its Problem."""
    source, data, digest, script, prepare = job
    try:
        outline = outline_of(read_data(data, source, digest), script)
    except SeedError as exc:
        return exc.problem()
    return outline, prepare_speech(outline) if prepare else None


T = TypeVar("T")


def workers_for(jobs: int) -> int:
    """How many worker processes for this many jobs: 1 (none) below PARALLEL_MIN or without fork."""
    wanted = os.environ.get("SPEECHES_WORKERS", "")
    n = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(os.cpu_count() or 1, 8)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers would start from scratch: not worth it
    return n if jobs >= PARALLEL_MIN or wanted else 1


def parallel_map(func: Callable[[list[int]], list[T]], n: int, workers: int | None = None, *,
                 cycles: bool = True) -> list[T]:
    """``func`` over chunks of ``range(n)`` on ``workers`` cores (by default ``workers_for(n)``), results joined
    in order. ``func`` must be a module-level function; what it reads it finds in module state set before the
    call (the workers fork from this process, so nothing is pickled on the way in). ``cycles``: ``func`` leaves
    garbage in reference cycles, so the garbage collector runs while it works (in this process and the
    workers); with False it stays off until the end (cleaning leaves none: 0 objects found after 300 speeches,
    and at 1,000 speeches the collector's passes took 0.15 s of this process's share).

    This process is one of the workers: ``workers - 1`` are forked and claim chunks from the front, this one
    claims them from the back, until the two meet. A claim is a counter in shared memory under a lock, and a
    worker appends each result to a file of its own, which this process reads between its own chunks: no one
    waits for a thread of this process (busy with its own share) to hand out the next chunk or take a result.
    With ProcessPoolExecutor the forked worker sat idle between chunks ~30 % of the time for that, and cleaning
    1,000 speeches took 3.1 s instead of 2.3 s. A worker fewer is memory saved too: every page a forked worker
    writes to is copied, and at 2,000 speeches each worker came to ~90 MB of its own."""
    workers = workers_for(n) if workers is None else workers
    if workers <= 1 or n == 0:
        return func(list(range(n)))
    size = max(1, n // (workers * 32))  # small chunks, so that neither side waits long for the other at the end
    chunks = [list(range(i, min(n, i + size))) for i in range(0, n, size)]
    results: list[list[T] | None] = [None] * len(chunks)
    ctx = multiprocessing.get_context("fork")
    claims = _Claims(ctx, len(chunks))
    tmp = leftovers.make(leftovers.WORKERS)  # named and locked: if this process is killed, a later build removes it
    with contextlib.ExitStack() as stack, _forking():
        stack.callback(leftovers.remove, tmp)
        paths = [os.path.join(tmp, f"{w}.bin") for w in range(workers - 1)]
        procs = [ctx.Process(target=_work, args=(func, chunks, claims, path, cycles, os.getpid()), daemon=True) for path in paths]
        for proc in procs:
            proc.start()
        inboxes = [_Inbox(path) for path in paths]
        try:
            while (k := claims.take_back()) is not None:
                if cycles:
                    gc.enable()  # this process makes garbage too (a Markdown instance a page is a cycle)
                try:
                    results[k] = func(chunks[k])
                finally:
                    gc.disable()
                for inbox in inboxes:
                    inbox.read(results)  # what the workers have finished, unpickled while they go on
            for proc, inbox in zip(procs, inboxes):
                proc.join()
                inbox.read(results)
            if any(r is None for r in results):
                codes = ", ".join(str(proc.exitcode) for proc in procs)
                raise RuntimeError(f"a worker process ended before its part was done (exit code {codes})")
        except BaseException:
            claims.stop()  # the workers take no new chunk: no one will read it
            for proc in procs:
                proc.join(timeout=5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
            raise
        finally:
            for inbox in inboxes:
                inbox.close()
    return [r for part in results for r in part]  # type: ignore[union-attr]


class _Claims:
    """The chunks not yet taken, ``front`` to ``back``, in memory shared with the forked workers."""

    def __init__(self, ctx: Any, n: int) -> None:
        self._lock = ctx.Lock()
        self._ends = ctx.RawArray("q", [0, n])

    def take_front(self) -> int | None:
        with self._lock:
            front, back = self._ends
            if front >= back:
                return None
            self._ends[0] = front + 1
            return front

    def take_back(self) -> int | None:
        with self._lock:
            front, back = self._ends
            if front >= back:
                return None
            self._ends[1] = back - 1
            return back - 1

    def stop(self) -> None:
        with self._lock:
            self._ends[0] = self._ends[1]


_FRAME = struct.Struct("<Q")


def _work(func: Callable[[list[int]], list[Any]], chunks: list[list[int]], claims: _Claims, path: str,
          cycles: bool, parent: int) -> None:
    """A forked worker: chunks from the front until none are left, each result appended to ``path`` as one
    length-prefixed pickle of (chunk, result); a failure as (chunk, None, the exception, its traceback)."""
    _die_with_parent(parent)
    if cycles:
        gc.enable()  # inherited objects are frozen (_forking): collections here walk only this worker's own
    with open(path, "wb", buffering=0) as out:
        while (k := claims.take_front()) is not None:
            try:
                data = pickle.dumps((k, func(chunks[k])), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
                claims.stop()
                tb = traceback.format_exc()
                try:
                    data = pickle.dumps((k, None, exc, tb), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 - an exception that does not pickle
                    data = pickle.dumps((k, None, None, tb), protocol=pickle.HIGHEST_PROTOCOL)
                out.write(_FRAME.pack(len(data)) + data)
                return
            out.write(_FRAME.pack(len(data)) + data)


def _die_with_parent(parent: int) -> None:
    """A worker ends when the build that forked it is killed (Linux's PR_SET_PDEATHSIG): else it would work on
    for no one, and hold the lock on its folder (leftovers) that tells a later build whether to remove it."""
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux with glibc
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return str(self.args[0])


class _Inbox:
    """This process's end of a worker's results file: reads the frames written so far."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._file: Any = None
        self._buf = b""

    def read(self, results: list[Any]) -> None:
        if self._file is None:
            try:
                self._file = open(self._path, "rb")
            except FileNotFoundError:
                return  # the worker has not started yet
        self._buf += self._file.read()
        at = 0
        while len(self._buf) - at >= _FRAME.size:
            (size,) = _FRAME.unpack_from(self._buf, at)
            if len(self._buf) - at - _FRAME.size < size:
                break  # still being written
            frame = pickle.loads(self._buf[at + _FRAME.size:at + _FRAME.size + size])
            at += _FRAME.size + size
            if len(frame) == 4:
                _, _, exc, tb = frame
                cause = _RemoteTraceback(f'\n"""\n{tb}"""')
                if exc is None:
                    raise RuntimeError("a worker process failed (its exception could not be sent)") from cause
                raise exc from cause
            results[frame[0]] = frame[1]
        self._buf = self._buf[at:]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _trim_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing). Before
    forking: a page the parent still maps is copied the first time it or a worker writes to it, and at 2,000
    speeches the pipeline's freed memory was ~75 MB of such pages."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return  # not glibc
    trim(0)


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Around forking workers: this process's objects frozen, so the garbage collector in a worker leaves the
    inherited ones alone. Otherwise each collection there walks the whole corpus and, touching every object,
    copies every shared memory page (at 2,000 speeches each worker grew to ~480 MB and ran ~2x slower)."""
    _trim_memory()
    # Under `serve` the plugin keeps the corpus frozen between builds: then it stays so (unfreezing would undo
    # that), and what this rebuild made is not frozen with it (it would never be collected).
    frozen = gc.get_freeze_count() > 0
    if not frozen:
        gc.freeze()
    # Nor does this process collect while the results pour in: they are many objects, none of them garbage,
    # and each full collection would walk all that came before (at 2,000 speeches that added up to seconds).
    # (Workers whose work leaves garbage in cycles collect as usual: _work turns the collector on for them.)
    try:
        with _collector_paused():
            yield
    finally:
        if not frozen:
            gc.unfreeze()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off while the glossary and the pages are made: they make many objects and little
    garbage, and each full collection walks the whole corpus (at 1,000 speeches, ~370,000 objects): the glossary
    took 0.64-0.81 s with it and 0.45-0.48 s without. What garbage they leave is collected once it is back on.
    (Not gc.freeze: under `serve` the plugin keeps the corpus frozen between builds, and unfreezing here would
    undo that.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_JOBS: list[tuple[str, bytes, str, str, bool]] = []  # the seeds the workers clean (set before they fork)


def _process_chunk(indices: list[int]) -> list[tuple[Outline, Prepared | None] | Problem]:
    return [_process(_JOBS[i]) for i in indices]


def process_seeds(seeds: Sequence[Seed], script: str, prepared: dict[int, Prepared] | None = None
                  ) -> list[Outline | Problem]:
    """The outline (or the problem) of every seed, in order: unchanged seeds from the cache, the rest on
    every core. Each seed is read once; its bytes' digest is the cache key. ``prepared``: filled with what
    the glossary reads of each speech alone (``glossary.prepare_speech``), by id of each outline made here;
    None: no glossary follows (``check``), so nothing is prepared."""
    results: list[Outline | Problem | None] = []
    keys: list[tuple[str, str, str] | None] = []
    todo: list[int] = []
    jobs: list[tuple[str, bytes, str, str, bool]] = []
    for seed in seeds:
        try:
            data = read_bytes(seed.path, seed.source)
        except SeedError as exc:
            results.append(exc.problem())
            keys.append(None)
            continue
        key = (hashlib.sha256(data).hexdigest(), script, seed.source)
        keys.append(key)
        results.append(_CACHE.get(key))
        if results[-1] is None:
            todo.append(len(results) - 1)
            jobs.append((seed.source, data, key[0], script, prepared is not None))
    workers = workers_for(len(jobs))
    if workers > 1:
        # The first seed here, before forking: the tables the cleaner builds on first use (a regex of every
        # rare Han character takes ~0.5 s) are then built once, inherited by every worker, and ready for the
        # one-seed rebuilds of `serve` in this process. fork: the workers also start with the modules loaded,
        # and with the glossary's lexicons, which prepare_speech reads (an idiom is no slogan).
        done = [_process(jobs[0])]
        forget_converters(keep=("tw2s",))  # what built the cleaner's patterns: not forked into every worker
        if prepared is not None:
            prepare_lexicon()
        _JOBS[:] = jobs[1:]
        try:
            done += parallel_map(_process_chunk, len(_JOBS), workers, cycles=False)
        finally:
            _JOBS.clear()
    else:
        done = [_process(job) for job in jobs]
        forget_converters(keep=("tw2s",))
    for i, r in zip(todo, done):
        if isinstance(r, tuple):
            r, ready = r
            if prepared is not None and ready is not None:
                prepared[id(r)] = ready
        results[i] = r
    _CACHE.clear()  # keep only this build's outlines: edits do not pile up old versions
    _CACHE.update((k, r) for k, r in zip(keys, results) if k and isinstance(r, Outline))
    return results  # type: ignore[return-value]


def forget() -> None:
    """Drop what is kept for the next build (outlines, rendered speeches, the glossary's per-speech results):
    a one-off build calls this once its pages are made, so that MkDocs renders them in the memory the corpus held."""
    _CACHE.clear()
    _PAGES.clear()
    forget_glossary()
    forget_converters()


def build_outlines(seeds_dir: Path, script: str = "simplified", prepared: dict[int, Prepared] | None = None
                   ) -> tuple[list[Outline], list[Problem]]:
    """Every usable seed's outline, and the problems met on the way (a bad seed is skipped, never fatal).
    ``prepared``: as for ``process_seeds``."""
    seeds, problems = find_seeds(seeds_dir)
    found = list(problems)
    outlines: list[Outline] = []
    pages: dict[str, str] = {}  # page path -> the seed that has it
    for seed, outline in zip(seeds, process_seeds(seeds, script, prepared)):
        if isinstance(outline, Problem):
            found.append(outline)
            continue
        page = speech_path(seed.source)
        if page in pages:
            # speech_path makes distinct names distinct paths; only a name made to look like another's
            # digest-suffixed path gets here. Never let one page overwrite another.
            found.append(
                Problem(
                    source=seed.source,
                    message=f"would get the same page ({page}) as {pages[page]}, and was skipped",
                    hint="rename one of the two files",
                    severity="error",
                )
            )
            continue
        pages[page] = seed.source
        longest = max(len(part.encode("utf-8")) for part in PurePosixPath(seed.source).parts)
        if longest > NAME_BYTES:
            found.append(Problem(
                source=seed.source,
                message=f"has a name too long for a page address ({longest} bytes); its page is cut to {page}",
                hint=f"rename it to at most {NAME_BYTES} bytes (about {NAME_BYTES // 3} Chinese characters) for a "
                     "readable address",
            ))
        outlines.append(outline)
        found.extend(outline.speech.problems)
        found.extend(outline.problems)
    return sorted_outlines(outlines), found


def build_pages(seeds_dir: Path, templates_dir: Path, script: str = "simplified") -> BuildResult:
    """seeds/ -> every page of the site as Markdown, with the problems found."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
    prepared: dict[int, Prepared] = {}
    outlines, problems = build_outlines(seeds_dir, script, prepared)
    with _collector_paused():
        glossary = collect_glossary(outlines, [prepared.get(id(o)) for o in outlines])
        del prepared
        problems.extend(glossary.problems)
        env = make_env(str(templates_dir))
        pages: list[Page] = [render_home(outlines, env, glossary), render_speech_index(outlines, env)]
        links = glossary_links_by_page(glossary)
        pages += _speech_pages(outlines, env, links, templates_dir / "speech.md.j2")
        pages += glossary_pages(glossary, outlines, env)  # the glossary page and its concordance pages
    order = {"error": 0, "warning": 1, "info": 2}
    problems.sort(key=lambda p: (order[p.severity], p.source, p.line or 0))
    return BuildResult(tuple(pages), tuple(outlines), glossary, tuple(problems))


# id(outline) -> (the outline, its links, the template's stamp, its page) from the last build: under
# `mkdocs serve` a speech whose text and glossary links did not change is not rendered again.
_PAGES: dict[int, tuple[Outline, str, tuple[int, int], Page]] = {}


def _speech_pages(outlines: Sequence[Outline], env: object, links: dict[str, dict[str, list[tuple[int, int, str, str]]]],
                  template: Path) -> list[Page]:
    """Every speech's page, in this process: forked workers copied the outlines they read (reading an object
    writes its reference count). At 2,000 speeches that made this step the build's peak (500 MB for all
    processes), and the benchmark's render stage took 1.94 s this way against 1.86 s with a worker beside."""
    try:
        st = template.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)
    out: list[Page] = []
    now: dict[int, tuple[Outline, str, tuple[int, int], Page]] = {}
    for o in outlines:
        mine = links.get(speech_path(o.speech.meta.source))
        key = repr(sorted(mine.items())) if mine else ""
        memo = _PAGES.get(id(o))
        if memo is not None and memo[0] is o and memo[1] == key and memo[2] == stamp:
            page = memo[3]
        else:
            page = render_speech(o, env, mine)  # type: ignore[arg-type]
        now[id(o)] = (o, key, stamp, page)
        out.append(page)
    _PAGES.clear()
    _PAGES.update(now)
    return out


def nav_items(result: BuildResult) -> list[NavItem]:
    """The site's navigation: home, the speeches (sections that stay small at any size), the glossary."""
    return grouped_nav(result.outlines)


def write_export(result: BuildResult, out_dir: Path) -> list[Path]:
    """Write the pages as plain Markdown plus a literate-nav ``SUMMARY.md`` for other generators."""
    written: list[Path] = []
    for page in result.pages:
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        written.append(target)
    summary = out_dir / "SUMMARY.md"
    summary.write_text(summary_markdown(result), encoding="utf-8")
    written.append(summary)
    return written


def summary_markdown(result: BuildResult) -> str:
    """The nav as a nested Markdown list (the mkdocs-literate-nav / ProperDocs / Zensical SUMMARY.md form),
    with the same sections as the site's nav."""
    lines: list[str] = []

    def label(text: str) -> str:
        return escape_md(text).replace("&amp;", "&")  # nav titles are HTML-escaped once already (nav.title)

    def walk(items: Sequence[NavItem], depth: int) -> None:
        pad = "    " * depth
        for item in items:
            if isinstance(item, str):
                continue  # a section's index page: linked from the section's own line
            for title, value in item.items():
                if isinstance(value, str):
                    lines.append(f"{pad}- [{label(title)}]({value})")
                    continue
                index = next((v for v in value if isinstance(v, str)), None)  # type: ignore[union-attr]
                lines.append(f"{pad}- [{label(title)}]({index})" if index else f"{pad}- {label(title)}")
                walk(value, depth + 1)  # type: ignore[arg-type]

    walk(nav_items(result), 0)
    return "\n".join(lines) + "\n"


def format_problems(problems: Sequence[Problem], include_info: bool = False) -> list[str]:
    return [p.format() for p in problems if include_info or p.severity != "info"]
