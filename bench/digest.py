"""One digest per corpus of everything the generator makes: the built site, the Markdown export and the JSON
outputs (outline, glossary, every seed's cleaning report). Two checkouts that print the same digests make the
same site byte for byte: run it before and after a change that must not change the output.

    python -m bench.digest                 # the bundled seeds, the development corpus, 1,000 benchmark speeches
    python -m bench.digest --only seeds    # one corpus
    python -m bench.digest --keep DIR      # keep what was made, to diff two runs file by file
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import ROOT, write_corpus

DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


def _seeds(name: str, folder: Path) -> Path | None:
    """The seeds folder of a corpus, made (or copied, for the development corpus, which is never kept) in ``folder``."""
    target = folder / name / "seeds"
    if name == "seeds":
        shutil.copytree(ROOT / "seeds", target)
    elif name == "dev":
        if not DEV_CORPUS.is_dir():
            return None
        shutil.copytree(DEV_CORPUS, target)
    else:
        write_corpus(target, int(name.removeprefix("bench")))
    return target


def _run(*args: str, out: Path | None = None) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env, capture_output=True)
    if proc.returncode not in (0, 1):  # 1: a seed could not be used, which the outputs say too
        raise SystemExit(f"generator {' '.join(args[:3])} … exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(proc.stdout)


def make_all(seeds: Path, made: Path) -> None:
    """Every output of the generator for these seeds, under ``made``."""
    files = sorted(str(p) for p in seeds.rglob("*.txt"))
    _run("build", "--seeds", str(seeds), "--site", str(made / "site"))
    _run("export", "--seeds", str(seeds), "--out", str(made / "export"))
    _run("outline", *files, "--json", out=made / "json" / "outline.json")
    _run("glossary", *files, "--json", out=made / "json" / "glossary.json")
    for f in files:
        _run("clean", f, "--report", out=made / "json" / "clean" / (Path(f).stem + ".json"))


def digest(folder: Path) -> str:
    """sha256 over every file's path and bytes, in path order."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.digest", description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("seeds", "dev", "bench1000"), action="append")
    ap.add_argument("--keep", type=Path, help="keep the outputs here (replaced)")
    args = ap.parse_args(argv)
    names = args.only or ["seeds", "dev", "bench1000"]
    work = Path(tempfile.mkdtemp(prefix="speeches-digest-"))
    try:
        for name in names:
            seeds = _seeds(name, work)
            if seeds is None:
                print(f"{name}: skipped (no {DEV_CORPUS})")
                continue
            made = work / name / "made"
            make_all(seeds, made)
            print(f"{name}: {digest(made)}", flush=True)
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(work, args.keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
