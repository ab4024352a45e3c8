"""The command line: ``python -m generator build|serve|export|clean|outline|glossary|check``."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import shutil
import socket
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import leftovers
from .build import SCRIPTS, Seed, build_outlines, build_pages, format_problems, process_seed, write_export
from .clean import clean_report, clean_speech
from .glossary import collect_glossary, glossary_json
from .read import SeedError, read_seed
from .records import Outline, Problem
from .render import templates_dir_default

ROOT = Path(__file__).resolve().parent.parent


def _die(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _seed_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of .txt speeches (default: seeds/)")
    p.add_argument("--script", choices=SCRIPTS, default="simplified", help="output script (default: simplified)")


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--config-file", type=Path, default=None, help="mkdocs.yml to use (default: ./mkdocs.yml)")


def _config_file(args: argparse.Namespace) -> Path:
    if args.config_file:
        return args.config_file.resolve()
    local = Path("mkdocs.yml")
    return local.resolve() if local.exists() else ROOT / "mkdocs.yml"


def _mkdocs_env(args: argparse.Namespace) -> None:
    """mkdocs.yml reads the seeds folder and script from these (``!ENV``), so the CLI's flags reach the plugin."""
    os.environ["SPEECHES_SEEDS"] = str(args.seeds.resolve())
    os.environ["SPEECHES_SCRIPT"] = args.script


def _mkdocs_log(level: int) -> None:
    """Show MkDocs's log (and so the plugin's seed problems) on stderr, as the ``mkdocs`` command does."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", "") == "speeches-cli" for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "speeches-cli"
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into a temporary folder and swap it in: a failed build leaves the old site intact.

    With --offline the site works from file:// with no network (search included); --zip PATH also packs it.
    """
    _mkdocs_env(args)
    _mkdocs_log(logging.INFO if args.verbose else logging.WARNING)
    site = args.site.resolve()
    try:
        _recover(site)
        if not args.seeds.is_dir():
            # An error, not an empty site: a mistyped --seeds must not replace a good site with an empty one.
            return _die(f"the seeds folder {args.seeds} does not exist, {site} left as it was — hint: create it "
                        "and put .txt speeches in it, or pass --seeds DIR")
        return _build(args, site)
    except KeyboardInterrupt:
        return _die(f"build interrupted, {site} left as it was", 130)
    except Exception as exc:  # noqa: BLE001 - one line instead of a traceback (-v shows it)
        if args.verbose:
            traceback.print_exc()
        more = "" if args.verbose or isinstance(exc, OSError) else " — hint: run again with -v for the traceback"
        return _die(f"build failed, {site} left as it was: {_what_failed(exc)}{more}", 1)


def _build(args: argparse.Namespace, site: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    offline = args.offline or args.zip is not None
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = leftovers.make(_building(site), site.parent)
    try:
        config = load_config(str(_config_file(args)), site_dir=str(tmp), strict=args.strict)
        if args.strict:
            config.plugins["speeches"].config.strict = True
        if offline and (problem := _enable_offline(config)):
            return _die(problem)
        try:
            build(config)
        except (MkDocsException, SystemExit) as exc:
            return _die(f"build failed, {site} left as it was: {exc}", 1)
        finally:
            _print_warnings(config, args.verbose)
        if offline and (problem := _check_offline(tmp, strict=args.strict)):
            return _die(f"build failed, {site} left as it was: {problem}", 1)
        _swap(tmp, site)
    finally:
        leftovers.remove(tmp)  # the new site, once swapped in, is no longer there
    print(f"{'offline ' if offline else ''}site built in {site}")
    if args.zip is not None:
        from .offline import zip_site

        try:
            dest = zip_site(site, args.zip)
        except ValueError as exc:
            return _die(str(exc))
        print(f"zipped to {dest} ({dest.stat().st_size / 1e6:.1f} MB): unzip it and open index.html")
    return 0


def _building(site: Path) -> str:
    return f".{site.name}.building-"


def _recover(site: Path) -> None:
    """Before a build: undo what an earlier one, killed, left. Its temporary folders go (not those of a build
    still running: leftovers.sweep), and a site it had moved aside comes back."""
    old = site.with_name(f".{site.name}.old")
    if old.exists() and not site.exists():  # killed between the two renames of _swap: put the site back
        old.rename(site)
    elif old.exists():  # killed after them: the site in place is the newer one
        _discard(old, site)
    for message in leftovers.sweep(site.parent, _building(site)):
        print(f"warning: {message}\n  hint: remove it by hand (it may need `chmod -R u+w` first)", file=sys.stderr)


def _swap(tmp: Path, site: Path) -> None:
    """The new site (``tmp``) in place of the old, which is then removed. If the old site cannot be removed
    (a read-only folder in it), it is set aside under a name the next build's _recover removes or reports:
    it never blocks a later build."""
    old = site.with_name(f".{site.name}.old")
    if site.exists():
        site.rename(old)
        try:
            tmp.rename(site)
        except OSError:
            old.rename(site)
            raise
        _discard(old, site)
    else:
        tmp.rename(site)


def _discard(old: Path, site: Path) -> None:
    """Remove an old site; what cannot be removed is left under a name of this build, which a later build's
    _recover tries again (and reports), so that it never stands in the way of a swap."""
    trash = leftovers.name(_building(site), site.parent)
    old.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)
    if trash.exists():
        print(f"warning: the previous site could not be removed entirely; it is in {trash}\n"
              "  hint: remove it by hand (it may need `chmod -R u+w` first)", file=sys.stderr)


# What to do about the file-system errors a build meets, by errno.
_OS_HINTS = {
    errno.ENOSPC: "free some space on that disk, or build elsewhere with --site DIR",
    errno.EDQUOT: "free some space within your quota, or build elsewhere with --site DIR",
    errno.EROFS: "that file system is read-only: build elsewhere with --site DIR",
    errno.EACCES: "you may not write there: check the folder's permissions, or build elsewhere with --site DIR",
    errno.EPERM: "you may not write there: check the folder's permissions, or build elsewhere with --site DIR",
    errno.ENAMETOOLONG: "a file name is too long for that file system: shorten the seed's name",
}


def _what_failed(exc: BaseException) -> str:
    """One line: what went wrong, where, and what to do."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        if exc.filename2:  # a copy or a rename: both ends
            where += f" -> {exc.filename2}"
        hint = _OS_HINTS.get(exc.errno or 0)
        return f"{exc.strerror}{where}" + (f" — hint: {hint}" if hint else "")
    place = getattr(exc, "filename", None), getattr(exc, "lineno", None)  # a template's syntax error has them
    return f"{type(exc).__name__}: {exc}" + (f" ({place[0]}, line {place[1]})" if all(place) else "")


def _print_warnings(config: object, verbose: bool) -> None:
    """The seeds' warnings, which the plugin logs as notes (a warning would fail `mkdocs build --strict`):
    printed here, one line each, unless -v printed every note already."""
    plugin = config.plugins.get("speeches")  # type: ignore[attr-defined]
    result = getattr(plugin, "result", None)
    if verbose or result is None:
        return
    for p in result.problems:
        if p.severity == "warning":
            print(problem_line(p), file=sys.stderr)


def _enable_offline(config: object) -> str | None:
    """Switch on Material's offline plugin (mkdocs.yml lists it, off unless SPEECHES_OFFLINE); None if done."""
    plugins = config.plugins  # type: ignore[attr-defined]
    plugin = plugins.get("material/offline") or plugins.get("offline")
    if plugin is None:
        return ("--offline needs Material's offline plugin in mkdocs.yml, e.g.\n"
                "  plugins:\n    - offline:\n        enabled: !ENV [SPEECHES_OFFLINE, false]")
    plugin.config.enabled = True
    return None


def _check_offline(site: Path, *, strict: bool) -> str | None:
    """An offline site must load nothing from the network; links that do not resolve are warnings (--strict fails)."""
    from .offline import SHIM_PATH, broken_local_references, external_references, site_references

    refs = list(site_references(site))
    # Links the speeches contain may point anywhere; only what the browser fetches must stay local.
    fetched = [r for r in external_references(refs) if r.kind == "resource"]
    if fetched:
        shown = "\n  ".join(r.format() for r in fetched[:10])
        return (f"the offline site loads {len(fetched)} external resource(s), which fail without network:\n  {shown}\n"
                f"  hint: vendor them under docs/ (the search shim belongs in extra.polyfills as {SHIM_PATH})")
    broken = broken_local_references(site, refs, file_urls=True)
    for r in broken[:20]:
        print(f"WARNING: offline site: {r.format()} does not resolve to a file", file=sys.stderr)
    if broken and strict:
        return f"{len(broken)} reference(s) in the offline site do not resolve to a file (see the warnings above)"
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with live reload: editing, adding or removing a seed rebuilds it."""
    from mkdocs.commands.serve import serve

    if problem := _port_taken(args.dev_addr):
        return _die(problem, 1)
    _mkdocs_env(args)
    _mkdocs_log(logging.INFO)
    # dirty: an edit rebuilds only the pages whose Markdown changed (the plugin rebuilds all when the nav does).
    try:
        serve(config_file=str(_config_file(args)), dev_addr=args.dev_addr, livereload=True,
              build_type=None if args.full else "dirty")
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _die(_port_taken(args.dev_addr) or f"{args.dev_addr} is in use", 1)
        return _die(f"serve failed: {_what_failed(exc)}", 1)
    except Exception as exc:  # noqa: BLE001 - the first build failed (a rebuild's failure is only logged)
        return _die(f"serve failed, the first build did not finish: {_what_failed(exc)}", 1)
    return 0


def _port_taken(address: str) -> str | None:
    """A message when the address cannot be listened on (another `serve` there, most often); None when it can."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        family = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            sock.bind((host, int(port)))
    except (OSError, ValueError) as exc:
        reason = "is in use (another `serve`?)" if getattr(exc, "errno", None) == errno.EADDRINUSE else f"cannot be used ({exc})"
        free = int(port) + 1 if port.isdigit() else 8001
        other = f"[{host}]:{free}" if ":" in host else f"{host}:{free}"
        return (f"{address} {reason} — hint: stop what listens there, or choose another port: "
                f"make serve PORT={free}, or python -m generator serve -a {other}")
    return None


def cmd_export(args: argparse.Namespace) -> int:
    """Plain Markdown pages plus SUMMARY.md, for ProperDocs, Zensical or any other generator."""
    result = build_pages(args.seeds, args.templates, args.script)
    for line in format_problems(result.problems):
        print(line, file=sys.stderr)
    if args.strict and result.errors:
        return 1
    out = args.out.resolve()
    try:
        if out.exists():
            shutil.rmtree(out)
        written = write_export(result, out)
    except OSError as exc:
        return _die(f"export failed: {_what_failed(exc)}", 1)
    print(f"{len(written)} files written to {out}")
    return 0


def _outlines(files: Sequence[Path], script: str) -> tuple[list[Outline], int]:
    outlines: list[Outline] = []
    failures = 0
    for f in files:
        try:
            outlines.append(process_seed(Seed(path=f, source=f.name), script))
        except SeedError as exc:
            failures += 1
            print(f"{exc.source}: {exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
    return outlines, failures


def cmd_clean(args: argparse.Namespace) -> int:
    """Print the cleaned speech, or with --report the JSON cleaning report."""
    try:
        speech = clean_speech(read_seed(args.file, args.file.name), script=args.script)
    except SeedError as exc:
        return _die(f"{exc.source}: {exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else ""), 1)
    if args.report:
        print(json.dumps(clean_report(speech), ensure_ascii=False, indent=2))
        return 0
    print(speech.meta.title)
    print()
    for p in speech.paragraphs:
        print(p.text)
    return 0


def heading_json(o: Outline) -> dict[str, object]:
    m = o.speech.meta
    return {
        "source": m.source,
        # The text's own title; "" when it has none (the page then shows one made from the occasion: page_title).
        "title": "" if m.title_inferred else m.title,
        "page_title": m.title,
        "subtitle": m.subtitle,
        "date": m.date,
        "speaker": m.speaker,
        "kind": m.kind,
        "place": m.place,
        "occasion": m.occasion,
        "page_date": m.page_date,
        "headings": [
            {"level": h.level, "marker": h.marker, "text": h.text, "line": h.line, "inline": h.inline,
             "flags": list(h.flags)}
            for h in o.headings
        ],
    }


def cmd_outline(args: argparse.Namespace) -> int:
    """Print each file's outline: an indented tree, or with --json the documented JSON shape."""
    outlines, failures = _outlines(args.files, args.script)
    if args.json:
        print(json.dumps([heading_json(o) for o in outlines], ensure_ascii=False, indent=2))
    else:
        for o in outlines:
            print(f"{o.speech.meta.source}: {o.speech.meta.title}")
            for h in o.headings:
                tag = "  (inline)" if h.inline else ""
                print(f"{'  ' * h.level}{h.marker}{h.text}  [line {h.line}]{tag}")
            for p in o.problems:
                print(p.format(), file=sys.stderr)
    return 1 if failures else 0


def cmd_glossary(args: argparse.Namespace) -> int:
    """Print the glossary of the given files: term, kind, count, expansion; or JSON."""
    outlines, failures = _outlines(args.files, args.script)
    glossary = collect_glossary(outlines)
    if args.json:
        print(json.dumps(glossary_json(glossary), ensure_ascii=False, indent=2))
    else:
        for e in glossary.entries:
            exp = f" = {'、'.join(e.expansion)}" if e.expansion else ""
            print(f"{e.term}\t{e.kind}\t{e.count}{exp}")
    return 1 if failures else 0


def problem_line(p: Problem) -> str:
    """One line per problem: ``x.txt:12: warning: what is wrong — hint: what to do``."""
    where = f"{p.source}:{p.line}" if p.line else p.source
    label = {"error": "error (skipped)", "warning": "warning", "info": "note"}[p.severity]
    return f"{where}: {label}: {p.message}" + (f" — hint: {p.hint}" if p.hint else "")


def cmd_check(args: argparse.Namespace) -> int:
    """Report problems in the seeds without building, one line each; non-zero exit only with --strict
    (when a seed cannot be used), or when the seeds folder does not exist."""
    if not args.seeds.is_dir():
        return _die(f"the seeds folder {args.seeds} does not exist\n  hint: create it, or pass --seeds DIR")
    _, problems = build_outlines(args.seeds, args.script)
    for p in problems:
        if p.severity != "info" or args.verbose:
            print(problem_line(p))
            if args.verbose and p.excerpt:
                print(f"    {p.line or ''} | {p.excerpt}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    print(f"{errors} seed(s) unusable, {warnings} warning(s)", file=sys.stderr)
    return 1 if args.strict and errors else 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build the site into site/", description=cmd_build.__doc__)
    _seed_args(p)
    _config_arg(p)
    p.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site/)")
    p.add_argument("--strict", action="store_true", help="fail when a seed cannot be used or MkDocs warns")
    p.add_argument("--offline", action="store_true",
                   help="build a site that works from file:// with no network, search included")
    p.add_argument("--zip", type=Path, default=None, metavar="PATH",
                   help="also pack the site into PATH (a .zip; implies --offline)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print MkDocs's and the checks' notes")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="serve the site with live reload", description=cmd_serve.__doc__)
    _seed_args(p)
    _config_arg(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address (default: 127.0.0.1:8000)")
    p.add_argument("--full", action="store_true", help="rebuild every page on each change (default: only changed pages)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="write plain Markdown pages and SUMMARY.md", description=cmd_export.__doc__)
    _seed_args(p)
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    p.add_argument("--templates", type=Path, default=templates_dir_default(), help="templates folder")
    p.add_argument("--strict", action="store_true", help="fail when a seed cannot be used")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("clean", help="clean one speech", description=cmd_clean.__doc__)
    p.add_argument("file", type=Path)
    p.add_argument("--report", action="store_true", help="print the cleaning report as JSON")
    p.add_argument("--script", choices=SCRIPTS, default="simplified")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("outline", help="detect the outline of speeches", description=cmd_outline.__doc__)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--script", choices=SCRIPTS, default="simplified")
    p.set_defaults(func=cmd_outline)

    p = sub.add_parser("glossary", help="collect the slogans of speeches", description=cmd_glossary.__doc__)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--script", choices=SCRIPTS, default="simplified")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("check", help="report problems in the seeds without building", description=cmd_check.__doc__)
    _seed_args(p)
    p.add_argument("--strict", action="store_true", help="exit non-zero when a seed cannot be used")
    p.add_argument("-v", "--verbose", action="store_true", help="also list ignored files, and quote the lines")
    p.set_defaults(func=cmd_check)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # The reader went away (`clean FILE | head`): stop quietly, as `cat` does, and keep Python from
        # failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # as if killed by SIGPIPE
