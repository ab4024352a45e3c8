"""The matrix of bad and odd inputs, each with its defined outcome (issue 6).

Each case is data: a name, what it puts into an otherwise good seeds folder, and the outcome:

  SAME     the pages are those of the same speech saved as UTF-8 (only the encoding note differs)
  SKIPPED  reported as an error naming the file, what is wrong and what to do; no page; the rest builds
  IGNORED  not a seed: no page, no error (a non-.txt file is listed as a note under `check -v`)
  BUILT    a page, holding every Han character of the seed
  PAGES    one page per seed, at distinct paths, each in the nav
  MENDED   a page, with the damaged character marked as garbled and every other Han character of the speech

A case's ``warns`` is a word the warning about the file must hold (a seed that builds but is reported).

Unreadable files: tests run as root, where chmod 000 does not stop reading; a FIFO named x.txt (reading it
would block forever) and a dangling symlink stand in for them. A directory named x.txt is a folder, not a
seed. `mkdocs serve` with a seed removed is covered by test_site.py::test_serve_rebuilds_on_seed_edit_without_loop.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, static_server
from generator.build import BuildResult, build_pages, find_seeds, nav_items
from generator.render import speech_path

FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATES = ROOT / "docs_templates"
SPEECH = (FIXTURES / "speech.txt").read_text(encoding="utf-8")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2tw").convert(text)  # Taiwan forms: all in Big5 (s2t gives 爲, which is not)


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")


def long_line(n: int = 200_000) -> str:
    """One line of n characters: the speech's sentences, repeated, with no newline."""
    body = "".join(SPEECH.split("\n")[2:])
    return (body * (n // len(body) + 1))[:n]


def big_speech(megabytes: float) -> str:
    """A speech of the given UTF-8 size: the fixture's outline, repeated under numbered parts."""
    paras = SPEECH.split("\n")[4:-1]
    out = ["在全市经济工作会议上的讲话", "同志们："]
    size, part = 0, 0
    while size < megabytes * 1e6:
        part += 1
        out.append(f"{part}．第{part}部分的工作")
        out.extend(paras)
        size += sum(len(p.encode()) + 1 for p in paras)
    return "\n".join(out) + "\n"


def write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def both(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for m in makers:
            m(folder)
    return make


def fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def dangling(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).symlink_to(folder / "does-not-exist.txt")


def outside(folder: Path) -> Path:
    """The folder that holds the seeds folder (every case is made in ``…/seeds`` or a folder of it)."""
    while folder.name != "seeds":
        folder = folder.parent
    return folder.parent


def link(name: str, target: str) -> Callable[[Path], None]:
    """A symbolic link to ``target``: an absolute path, or ``outside/…``, or a path in the case's folder."""
    def make(folder: Path) -> None:
        if target.startswith("outside/"):
            to = outside(folder) / target.removeprefix("outside/")
        else:
            to = Path(target) if Path(target).is_absolute() else folder / target
        (folder / name).symlink_to(to)
    return make


def outside_folder(name: str) -> Callable[[Path], None]:
    """A link to a folder of speeches outside the seeds folder."""
    def make(folder: Path) -> None:
        far = outside(folder) / "elsewhere"
        far.mkdir(exist_ok=True)
        (far / "far.txt").write_text(SPEECH, encoding="utf-8")
        (folder / name).symlink_to(far, target_is_directory=True)
    return make


def secret(folder: Path) -> None:
    """A file outside the seeds folder, with a line a page must never show."""
    (outside(folder) / "secret.txt").write_text("root:x:0:0:不可外泄的一行:/root:/bin/bash\n" + SPEECH, encoding="utf-8")


def cut_byte(text: str, encoding: str, line: int, char: int) -> bytes:
    """The text encoded, less the first byte of the char-th character of a line (1-based), or of the first after
    it whose loss does not decode (in Big5 a lone byte that reads as an ASCII letter pairs the rest right again:
    nothing is there to detect)."""
    data = text.encode(encoding)
    start = sum(len(x) + 1 for x in data.split(b"\n")[: line - 1])
    for n in range(char - 1, len(text.split("\n")[line - 1])):
        at = start + len(text.split("\n")[line - 1][:n].encode(encoding))
        damaged = data[:at] + data[at + 1:]
        try:
            damaged.decode(encoding)
        except UnicodeDecodeError:
            return damaged
    raise AssertionError(f"no byte lost on line {line} fails to decode")


PUNCTUATION = "，。！？、；：“”‘’（）《》—…·"
LONG_NAME = "a " + "b" * 249 + ".txt"  # 255 bytes, the most a file name may have
BIDI_TITLE = SPEECH.replace("在全市", "在全市\u202e", 1).replace("上的讲话", "\u202c上的讲话", 1)


def folder_named(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).mkdir()
        (folder / name / "inside.txt").write_text(SPEECH, encoding="utf-8")
    return make


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], None]
    outcome: str  # SAME, SKIPPED, IGNORED, BUILT, PAGES
    files: tuple[str, ...]  # the seed names (relative paths) the outcome is about
    why: str = ""  # SKIPPED: a word the message must contain; SAME, MENDED: the reference text
    warns: str = ""  # a word the warning about the file must contain


TRAD = traditional(SPEECH)
CASES: tuple[Case, ...] = (
    Case("gb18030", write("x.txt", SPEECH.encode("gb18030")), "SAME", ("x.txt",), SPEECH),
    Case("gbk", write("x.txt", SPEECH.encode("gbk")), "SAME", ("x.txt",), SPEECH),
    Case("big5", write("x.txt", TRAD.encode("big5")), "SAME", ("x.txt",), TRAD),
    Case("utf16-le-bom", write("x.txt", SPEECH.encode("utf-16")), "SAME", ("x.txt",), SPEECH),
    Case("utf16-be-bom", write("x.txt", b"\xfe\xff" + SPEECH.encode("utf-16-be")), "SAME", ("x.txt",), SPEECH),
    Case("utf16-le-no-bom", write("x.txt", SPEECH.encode("utf-16-le")), "SAME", ("x.txt",), SPEECH),
    Case("utf8-bom", write("x.txt", SPEECH.encode("utf-8-sig")), "SAME", ("x.txt",), SPEECH),
    Case("crlf", write("x.txt", SPEECH.replace("\n", "\r\n")), "SAME", ("x.txt",), SPEECH),
    Case("cr", write("x.txt", SPEECH.replace("\n", "\r")), "SAME", ("x.txt",), SPEECH),
    Case("mixed-newlines", write("x.txt", "".join(
        line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(SPEECH.split("\n")[:-1]))), "SAME", ("x.txt",),
        SPEECH),
    Case("gb18030-crlf-bigger", write("x.txt", (SPEECH * 3).replace("\n", "\r\n").encode("gb18030")), "SAME",
         ("x.txt",), SPEECH * 3),
    Case("empty", write("empty.txt", b""), "SKIPPED", ("empty.txt",), "speech text"),
    Case("whitespace-only", write("blank.txt", " \n\t\r\n　\n\u200b\n"), "SKIPPED", ("blank.txt",), "speech text"),
    Case("png-as-txt", write("image.txt", png_bytes()), "SKIPPED", ("image.txt",), "binary"),
    Case("png-header-only", write("header.txt", png_bytes()[:16]), "SKIPPED", ("header.txt",), "binary"),
    Case("random-bytes", write("noise.txt", bytes(range(128, 256)) * 8), "SKIPPED", ("noise.txt",), "UTF-8"),
    Case("fifo", fifo("pipe.txt"), "SKIPPED", ("pipe.txt",), "regular file"),
    Case("dangling-symlink", dangling("gone.txt"), "SKIPPED", ("gone.txt",), "does not exist"),
    Case("long-line-200k", write("long.txt", long_line()), "BUILT", ("long.txt",)),
    Case("non-txt", both(write("notes.md", SPEECH), write("scan.pdf", b"%PDF-1.4"), write("README", SPEECH)),
         "IGNORED", ("notes.md", "scan.pdf", "README")),
    Case("hidden", both(write(".hidden.txt", SPEECH), write(".git/HEAD.txt", SPEECH)), "IGNORED",
         (".hidden.txt", ".git/HEAD.txt")),
    Case("folder-named-txt", folder_named("folder.txt"), "BUILT", ("folder.txt/inside.txt",)),
    Case("sub-folder", write("2019/讲话.txt", SPEECH), "BUILT", ("2019/讲话.txt",)),
    Case("upper-case-suffix", write("SHOUT.TXT", SPEECH), "BUILT", ("SHOUT.TXT",)),
    Case("same-title", both(write("a.txt", SPEECH), write("b.txt", SPEECH)), "PAGES", ("a.txt", "b.txt")),
    Case("colliding-names", both(*(write(n, SPEECH) for n in ("a b.txt", "a-b.txt", "a#b.txt", "a?b.txt", "a%b.txt"))),
         "PAGES", ("a b.txt", "a-b.txt", "a#b.txt", "a?b.txt", "a%b.txt")),
    Case("reserved-names", both(write("index.txt", SPEECH), write("README.txt", SPEECH), write("sub/index.txt", SPEECH),
                                write("sub.txt", SPEECH)), "PAGES", ("index.txt", "README.txt", "sub/index.txt", "sub.txt")),
    Case("symlink-out-of-seeds", both(secret, link("p.txt", "outside/secret.txt")), "SKIPPED", ("p.txt",),
         "outside the seeds folder"),
    Case("symlink-to-etc", link("passwd.txt", "/etc/passwd"), "SKIPPED", ("passwd.txt",), "outside the seeds folder"),
    Case("symlinked-folder-out-of-seeds", outside_folder("linked"), "SKIPPED", ("linked",), "outside the seeds folder"),
    Case("symlink-inside-seeds", both(write("real/inner.txt", SPEECH), link("alias.txt", "real/inner.txt")), "BUILT",
         ("alias.txt", "real/inner.txt")),
    Case("name-255-bytes", write(LONG_NAME, SPEECH), "BUILT", (LONG_NAME,), warns="too long for a page address"),
    Case("gb18030-byte-lost", write("x.txt", cut_byte(SPEECH, "gb18030", 5, 12)), "MENDED", ("x.txt",), SPEECH,
         warns="gb18030 with 1 damaged byte(s)"),
    Case("big5-byte-lost", write("x.txt", cut_byte(TRAD, "big5", 5, 12)), "MENDED", ("x.txt",), SPEECH,
         warns="big5 with 1 damaged byte(s)"),
    Case("punctuation-only", write("dots.txt", "\n".join(PUNCTUATION[i:] + PUNCTUATION[:i] for i in range(10))),
         "SKIPPED", ("dots.txt",), "only punctuation"),
    Case("bidi-override-in-title", write("rlo.txt", BIDI_TITLE), "BUILT", ("rlo.txt",), warns="bidirectional"),
    Case("bidi-override-in-name", write("x\u202eabc.txt", SPEECH), "PAGES", ("x\u202eabc.txt",),
         warns="bidirectional control"),
    Case("odd-names", both(*(write(n, SPEECH) for n in ("讲话 稿.txt", "100%.txt", "第#1号.txt", "为什么?.txt",
                                                        "a&b 'c'.txt", "中文 #1?%.txt"))),
         "PAGES", ("讲话 稿.txt", "100%.txt", "第#1号.txt", "为什么?.txt", "a&b 'c'.txt", "中文 #1?%.txt")),
)
GOOD = "good.txt"  # every case's folder also holds this ordinary seed: the rest of the site must build


def han(text: str) -> str:
    return "".join(HAN_RE.findall(text))


def build(folder: Path) -> BuildResult:
    return build_pages(folder, TEMPLATES)


def pages(result: BuildResult) -> dict[str, str]:
    return {p.path: p.markdown for p in result.pages}


def without_encoding_note(markdown: str) -> str:
    return re.sub(r"(来源文件：.*?)（[^）]*）", r"\1", markdown)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matrix(case: Case, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / GOOD).write_text(SPEECH, encoding="utf-8")
    case.make(seeds)
    result = build(seeds)
    got = pages(result)
    assert speech_path(GOOD) in got, "one odd file must not stop the rest of the site"
    errors = {p.source: p for p in result.problems if p.severity == "error"}

    if case.outcome == "SAME":
        ref = tmp_path / "ref"
        ref.mkdir()
        (ref / GOOD).write_text(SPEECH, encoding="utf-8")
        (ref / "x.txt").write_text(case.why, encoding="utf-8")
        expected = pages(build(ref))
        assert not errors
        assert {k: without_encoding_note(v) for k, v in got.items()} == {
            k: without_encoding_note(v) for k, v in expected.items()
        }
    elif case.outcome == "SKIPPED":
        for name in case.files:
            assert name in errors, f"{name} is not reported: {result.problems}"
            problem = errors[name]
            assert case.why in problem.message, problem.format()
            assert problem.hint, f"{name}: the message must say what to do"
            assert speech_path(name) not in got
        assert set(errors) == set(case.files)
    elif case.outcome == "IGNORED":
        assert not errors
        assert set(got) == set(pages(build_only_good(tmp_path)))
        seeds_found, _ = find_seeds(seeds)
        assert [s.source for s in seeds_found] == [GOOD]
    elif case.outcome == "BUILT":
        assert not errors
        for name in case.files:
            page = got[speech_path(name)]
            source = (seeds / name).read_bytes().decode("utf-8")
            assert han(source) in han(html.unescape(page)) or _all_han_kept(source, page)
            assert all(len(part.encode()) <= 200 for part in speech_path(name).split("/")), speech_path(name)
    elif case.outcome == "MENDED":
        assert not errors
        (name,) = case.files
        page = html.unescape(got[speech_path(name)])
        assert "damage-garbled" in page and "\ufffd" in page
        missing = Counter(han(case.why)) - Counter(han(page))
        assert sum(missing.values()) <= 2, missing  # the damaged character, and one beside it if it is unclear
    elif case.outcome == "PAGES":
        assert not errors
        paths = [speech_path(name) for name in case.files]
        assert len(set(paths)) == len(paths), paths
        for path in paths:
            assert path in got
        nav = str(nav_items(result))
        for path in paths:
            assert nav.count(f"'{path}'") == 1, (path, nav)
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(case.outcome)
    for name in case.files:
        warnings = [p for p in result.problems if p.source == name and p.severity == "warning"
                    and (not case.warns or case.warns in p.message)]
        if case.warns:
            assert warnings and warnings[0].hint, (name, result.problems)
    # Nothing of a file outside the seeds folder is on any page, nor a control that reorders text in the nav (a
    # file's name is shown on its own page as it is, reported above) or in a page's path.
    assert not any("不可外泄" in page or "root:x:0:0" in page for page in got.values())
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", str(nav_items(result)) + "".join(got))


def build_only_good(tmp_path: Path) -> BuildResult:
    only = tmp_path / "only-good"
    only.mkdir()
    (only / GOOD).write_text(SPEECH, encoding="utf-8")
    return build(only)


def _all_han_kept(source: str, page: str) -> bool:
    """Every Han character of the seed is on the page (the title line's are in the H1)."""
    from collections import Counter

    return not (Counter(han(source)) - Counter(han(html.unescape(page))))


def test_every_problem_names_file_what_and_fix(tmp_path: Path) -> None:
    seeds = all_inputs(tmp_path / "seeds")
    result = build(seeds)
    for p in result.problems:
        if p.severity == "error":
            assert p.source and p.message and p.hint, p
    utf8_damage = [p for p in result.problems if p.source == "cut.txt"]
    assert utf8_damage and utf8_damage[0].line == 3, "a damaged byte is reported with its line"


def all_inputs(folder: Path) -> Path:
    """One folder holding every case's files (prefixed by the case id where names would clash)."""
    folder.mkdir(parents=True)
    for case in CASES:
        sub = folder / case.id
        sub.mkdir()
        case.make(sub)
    (folder / "good.txt").write_text(SPEECH, encoding="utf-8")
    data = SPEECH.encode("utf-8")
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1  # the start of line 3
    (folder / "cut.txt").write_bytes(data[: cut + 4] + b"\xe4\xb8" + data[cut + 4 :])  # a broken character on line 3
    return folder


def test_check_prints_one_line_per_problem_file(tmp_path: Path) -> None:
    seeds = all_inputs(tmp_path / "seeds")
    run = [sys.executable, "-m", "generator", "check", "--seeds", str(seeds)]
    plain = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    bad = [f"{c.id}/{n}" for c in CASES if c.outcome == "SKIPPED" for n in c.files]
    for name in bad:
        hits = [ln for ln in lines if re.match(rf"{re.escape(name)}(?::\d+)?: error \(skipped\): ", ln)]
        assert len(hits) == 1, (name, lines)
        assert " — hint: " in hits[0]
    assert all(re.match(r"^\S.*?(?::\d+)?: (?:error \(skipped\)|warning): .+", ln) for ln in lines), lines
    assert not any("Traceback" in x for x in (plain.stdout, plain.stderr))
    assert f"{len(bad)} seed(s) unusable" in plain.stderr
    strict = subprocess.run([*run, "--strict"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert strict.returncode == 1 and strict.stdout == plain.stdout
    verbose = subprocess.run([*run, "-v"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "non-txt/notes.md: note: is not a .txt file and was ignored" in verbose.stdout


def test_seeds_missing_or_empty(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    _, problems = find_seeds(missing)
    assert [p.severity for p in problems] == ["error"] and "does not exist" in problems[0].message
    empty = tmp_path / "empty"
    empty.mkdir()
    _, problems = find_seeds(empty)
    assert [p.severity for p in problems] == ["error"] and "no .txt" in problems[0].message
    check = [sys.executable, "-m", "generator", "check", "--seeds"]
    proc = subprocess.run([*check, str(missing)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "hint:" in proc.stderr
    proc = subprocess.run([*check, str(empty)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and "holds no .txt speeches" in proc.stdout
    proc = subprocess.run([*check, str(empty), "--strict"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1


@pytest.mark.slow
def test_build_missing_and_empty_seeds(tmp_path: Path) -> None:
    """Missing seeds/: an error, the site untouched. Empty seeds/: an empty site, reported; --strict fails."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("old", encoding="utf-8")
    cmd = [sys.executable, "-m", "generator", "build", "--site", str(site), "--seeds"]
    proc = subprocess.run([*cmd, str(tmp_path / "nope")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert (site / "keep.html").read_text(encoding="utf-8") == "old"
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = subprocess.run([*cmd, str(empty), "--strict"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and (site / "keep.html").exists()
    proc = subprocess.run([*cmd, str(empty)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "holds no .txt speeches" in proc.stderr and (site / "index.html").is_file()


@pytest.mark.slow
def test_plain_build_prints_each_warning(tmp_path: Path) -> None:
    """`build` without -v prints every seed's warning (a damaged byte, a name cut short), one line each, and
    not the notes; it printed them only with -v."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    data = SPEECH.encode("utf-8")
    line3 = data.index(b"\n", data.index(b"\n") + 1) + 1
    (seeds / "cut.txt").write_bytes(data[: line3 + 4] + b"\xe4\xb8" + data[line3 + 4:])
    (seeds / LONG_NAME).write_text(SPEECH, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--site",
                           str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert any(ln.startswith("cut.txt:3: warning: is UTF-8 with ") and " — hint: " in ln for ln in lines)
    assert any(ln.startswith(f"{LONG_NAME}: warning: has a name too long") for ln in lines), lines
    assert not any(": note: " in ln for ln in lines) and "Traceback" not in proc.stderr


# --- the built site: odd names are working links; strict mode ---------------------------------------------


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("odd")
    seeds = base / "seeds"
    seeds.mkdir()
    (seeds / GOOD).write_text(SPEECH, encoding="utf-8")
    for case in CASES:
        if case.id in ("odd-names", "colliding-names", "reserved-names", "sub-folder", "png-as-txt", "empty"):
            case.make(seeds)
    site = base / "site"
    proc = mkdocs_build(site, env={"SPEECHES_SEEDS": str(seeds)})
    (base / "build.log").write_text(proc.stderr, encoding="utf-8")
    return seeds, site


def test_odd_names_are_working_links(odd_site: tuple[Path, Path]) -> None:
    seeds, site = odd_site
    names = [n for c in CASES if c.id in ("odd-names", "colliding-names", "reserved-names", "sub-folder")
             for n in c.files]
    with static_server(site) as base:
        index = urllib.request.urlopen(base + "speeches/", timeout=10).read().decode("utf-8")
        hrefs = re.findall(r'<td><a href="([^"]+)"', index)
        assert len(hrefs) == len(names) + 1, hrefs
        titles_seen = 0
        for href in hrefs:
            url = urllib.parse.urljoin(base + "speeches/", html.unescape(href))
            page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
            titles_seen += "在全市农业农村工作会议上的讲话" in page
        assert titles_seen == len(hrefs)
        # The section index page is ours, not a seed named index.txt or README.txt.
        assert "<h1" in index and ">讲话<" in index


def test_bad_seed_is_a_warning_and_strict_fails(odd_site: tuple[Path, Path], tmp_path: Path) -> None:
    seeds, _ = odd_site
    log = (odd_site[1].parent / "build.log").read_text(encoding="utf-8")
    assert re.search(r"WARNING .*image\.txt: is a binary file", log), log
    assert re.search(r"WARNING .*empty\.txt: holds no speech text", log), log
    proc = mkdocs_build(tmp_path / "strict", "--strict", env={"SPEECHES_SEEDS": str(seeds)}, check=False)
    assert proc.returncode != 0
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--strict", "--seeds", str(seeds), "--site",
                           str(tmp_path / "ours")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and "left as it was" in proc.stderr
    assert not (tmp_path / "ours").exists()


# --- size ---------------------------------------------------------------------------------------------------


def test_long_line_nothing_lost(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write("long.txt", long_line())(seeds)
    result = build(seeds)
    page = pages(result)[speech_path("long.txt")]
    assert _all_han_kept(long_line(), page)


@pytest.mark.slow
def test_20_mb_speech_builds(tmp_path: Path) -> None:
    """A 20 MB speech through the generator's stages (read to render): it builds, and nothing is lost."""
    seeds = tmp_path / "seeds"
    text = big_speech(20)
    write("big.txt", text)(seeds)
    start = time.perf_counter()
    result = build(seeds)
    seconds = time.perf_counter() - start
    page = pages(result)[speech_path("big.txt")]
    assert len(han(html.unescape(page))) >= len(han(text))
    print(f"20 MB speech: generator stages {seconds:.1f} s")
    assert seconds < 120


# --- faults of the machine, not of a seed: each with its message and what is left -----------------------------
#
# Every build below either builds, or fails with one last line that says what failed and that the site was left
# as it was; no traceback, no temporary folder left. Tests run as root, where permissions do not stop writing:
# the read-only cases drop the capabilities that let root ignore them (setpriv), and the file-system cases mount
# a small or read-only tmpfs; each is skipped where that cannot be done.

FAULT_SEEDS = ROOT / "seeds"


def _run_build(site: Path, *, tmpdir: Path, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "generator", "build", "--seeds", str(FAULT_SEEDS), "--site", str(site)]
    if unprivileged and os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search,-fowner"
        cmd = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *cmd]
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def a_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled seeds built once; each fault test copies it into place as the site to keep."""
    base = tmp_path_factory.mktemp("base")
    proc = _run_build(base / "site", tmpdir=base)
    assert proc.returncode == 0, proc.stderr
    return base / "site"


@contextlib.contextmanager
def _tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(path: Path) -> None:
    """Write until the disk is full."""
    with path.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * (1 << 20))
                f.flush()
        except OSError:
            pass


def _need_setpriv() -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("dropping root's capabilities needs setpriv")


def _last_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.strip().splitlines()[-1]


def _no_leftovers(parent: Path, site: Path, tmpdir: Path) -> None:
    assert not [p.name for p in parent.iterdir() if p.name.startswith(f".{site.name}.")], list(parent.iterdir())
    assert not [p.name for p in tmpdir.iterdir() if p.name.startswith("speeches-")], list(tmpdir.iterdir())


@pytest.mark.slow
def test_fault_site_folder_read_only(a_site: Path, tmp_path: Path) -> None:
    """The folder that holds the site is read-only: no temporary folder can be made there."""
    _need_setpriv()
    parent = tmp_path / "out"
    parent.mkdir()
    shutil.copytree(a_site, parent / "site")
    before = _tree(parent / "site")
    parent.chmod(0o555)
    try:
        proc = _run_build(parent / "site", tmpdir=tmp_path, unprivileged=True)
    finally:
        parent.chmod(0o755)
    assert proc.returncode == 1
    line = _last_line(proc)
    assert line.startswith(f"error: build failed, {parent / 'site'} left as it was: Permission denied"), line
    assert "hint: you may not write there" in line
    assert _tree(parent / "site") == before
    _no_leftovers(parent, parent / "site", tmp_path)


@pytest.mark.slow
def test_fault_old_site_cannot_be_deleted(a_site: Path, tmp_path: Path) -> None:
    """A read-only folder inside the site: the new site goes in, the old is set aside and reported, and later
    builds are not blocked by it (they were: ENOTEMPTY on .site.old)."""
    _need_setpriv()
    parent = tmp_path / "out"
    parent.mkdir()
    shutil.copytree(a_site, parent / "site")
    (parent / "site" / "assets").chmod(0o555)
    try:
        first = _run_build(parent / "site", tmpdir=tmp_path, unprivileged=True)
        assert first.returncode == 0, first.stderr
        assert "the previous site could not be removed entirely" in first.stderr and "hint:" in first.stderr
        assert _tree(parent / "site") == _tree(a_site)
        second = _run_build(parent / "site", tmpdir=tmp_path, unprivileged=True)
        assert second.returncode == 0, second.stderr
        assert "could not remove" in second.stderr and "left by an earlier build" in second.stderr
        assert "Traceback" not in second.stderr and second.stdout.strip() == f"site built in {parent / 'site'}"
    finally:
        for p in parent.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
    third = _run_build(parent / "site", tmpdir=tmp_path)  # with the folder writable again: all cleared
    assert third.returncode == 0 and "could not remove" not in third.stderr
    _no_leftovers(parent, parent / "site", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("fault, message, hint", [
    ("read-only-file-system", "Read-only file system", "that file system is read-only"),
    ("full-disk", "No space left on device", "free some space on that disk"),
])
def test_fault_file_system(a_site: Path, tmp_path: Path, fault: str, message: str, hint: str) -> None:
    mount = tmp_path / "mnt"
    with _tmpfs(mount, "size=64m"):
        shutil.copytree(a_site, mount / "site")
        before = _tree(mount / "site")
        if fault == "full-disk":
            _fill(mount / "filler")
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        proc = _run_build(mount / "site", tmpdir=tmp_path)
        after = _tree(mount / "site")
        leftovers = [p.name for p in mount.iterdir() if p.name not in ("site", "filler")]
    assert proc.returncode == 1
    line = _last_line(proc)
    assert line.startswith(f"error: build failed, {mount / 'site'} left as it was: {message}"), line
    assert f"hint: {hint}" in line
    assert after == before and not leftovers
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("speeches-")]


def test_fault_leftovers_of_killed_builds_are_removed(tmp_path: Path) -> None:
    """Folders left by builds that were killed go; those of a live build stay (its PID lives and it holds
    their lock); one of a dead PID whose lock is held (a build in another PID namespace) stays too."""
    import fcntl

    from generator import leftovers

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    site = tmp_path / "site"
    gone = [tmp_path / f".site.building-{dead.pid}-0a1b2c3d", tmp_path / f"speeches-spool-{dead.pid}-0a1b2c3d",
            tmp_path / f"speeches-workers-{dead.pid}-0a1b2c3d"]
    live = [tmp_path / f".site.building-{os.getpid()}-0a1b2c3d", tmp_path / f"speeches-spool-{os.getpid()}-1"]
    locked = tmp_path / f"speeches-spool-{dead.pid}-locked"
    for folder in gone + live + [locked]:
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "page.bin").write_bytes(b"x" * 100)
    fd = os.open(locked, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert leftovers.sweep(tmp_path, f".{site.name}.building-", leftovers.SPOOL, leftovers.WORKERS) == []
        left = sorted(p.name for p in tmp_path.iterdir())
    finally:
        os.close(fd)
    assert left == sorted(p.name for p in live + [locked])
    made = leftovers.make(leftovers.SPOOL, tmp_path)
    assert made.name.startswith(f"speeches-spool-{os.getpid()}-")
    leftovers.remove(made)
    assert not made.exists()


def test_fault_output_closed_early(tmp_path: Path) -> None:
    """`clean FILE | head`: the reader goes away; the command stops quietly (exit 141, as for SIGPIPE)."""
    seed = tmp_path / "long.txt"
    seed.write_text(big_speech(1), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "clean", str(seed)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().decode().strip() == "在全市经济工作会议上的讲话"
    proc.stdout.close()  # as `head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and err == "", err


def test_fault_port_in_use(tmp_path: Path) -> None:
    """`serve` where something listens already: one line naming the address and how to choose another, at once
    (before any build); the Makefile takes the port as PORT=."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}", "--seeds",
                               str(FAULT_SEEDS)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Building" not in proc.stderr
    line = _last_line(proc)
    assert line.startswith(f"error: 127.0.0.1:{port} is in use"), line
    assert f"make serve PORT={port + 1}" in line and f"serve -a 127.0.0.1:{port + 1}" in line
    make = subprocess.run(["make", "-n", "serve", "PORT=8123"], cwd=ROOT, capture_output=True, text=True)
    assert "serve -a 127.0.0.1:8123" in make.stdout, make.stdout + make.stderr
