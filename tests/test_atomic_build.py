"""`python -m generator build` builds into a temporary folder and swaps it in: a build killed midway, or one
that fails, leaves the previous site/ exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(site: Path, seeds: Path, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "generator", "build", "--site", str(site), "--seeds", str(seeds), *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def old_site(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A site built once from the bundled seeds, and its digest."""
    site = tmp_path / "out" / "site"
    proc = build(site, SEEDS)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return site, tree_digest(site)


def _wait_for(predicate, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["temp-folder-created", "files-being-written"])
def test_killed_build_leaves_previous_site(old_site: tuple[Path, dict[str, str]], tmp_path: Path, moment: str) -> None:
    site, before = old_site
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "extra.txt").write_text((ROOT / "tests" / "fixtures" / "speech.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    temp = lambda: list(site.parent.glob(f".{site.name}.building-*"))  # noqa: E731
    proc = build(site, seeds)
    try:
        _wait_for(lambda: bool(temp()) or proc.poll() is not None)
        if moment == "files-being-written":
            _wait_for(lambda: not temp() or any(temp()[0].rglob("*.html")) or proc.poll() is not None)
        assert proc.poll() is None, "the build finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after = tree_digest(site)
    if moment == "temp-folder-created":
        assert after == before, "the previous site changed"
    else:
        # Killed while MkDocs wrote: the swap had not happened (site unchanged), or it had (the whole new site).
        assert after == before or ("speeches/extra/index.html" in after and "index.html" in after)
    # The next build recovers: it succeeds and leaves no temporary folder of its own behind.
    proc = build(site, seeds)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert (site / "speeches" / "extra" / "index.html").is_file()


def test_failing_build_leaves_previous_site(old_site: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """A bad seed under --strict fails the build: exit 1, the site untouched, no temporary folder left."""
    site, before = old_site
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = build(site, seeds, "--strict")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert "binary.txt" in err.decode() and "left as it was" in err.decode()
    assert tree_digest(site) == before
    assert not list(site.parent.glob(f".{site.name}.*")), "a temporary folder was left behind"


def test_killed_between_renames_is_recovered(old_site: tuple[Path, dict[str, str]]) -> None:
    """If a build dies after moving site/ aside and before moving the new one in, the next build puts it back
    first (and then builds as usual)."""
    site, before = old_site
    aside = site.with_name(f".{site.name}.old")
    site.rename(aside)
    proc = build(site, site.parent / "no-such-seeds")  # fails at once, after the recovery step
    proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert tree_digest(site) == before and not aside.exists()


def test_builds_killed_at_random_points(tmp_path: Path) -> None:
    """Builds killed with SIGKILL at random moments (as `kill -9 PID` does: the main process only; its workers
    end with it), with workers and the spool in use: each time the site is the old one or the whole new one,
    and the next build leaves no temporary folder of any killed build behind, beside the site or in TMPDIR."""
    import random

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "SPEECHES_WORKERS": "2"}  # workers and spool even for a few seeds

    def run(site: Path, seeds: Path) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, "-m", "generator", "build", "--site", str(site), "--seeds", str(seeds)]
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def finish(proc: subprocess.Popen[bytes]) -> None:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    site = tmp_path / "out" / "site"
    finish(run(site, seeds))
    old = tree_digest(site)
    (seeds / "extra.txt").write_text((ROOT / "tests" / "fixtures" / "speech.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    reference = tmp_path / "reference" / "site"
    start = time.monotonic()
    finish(run(reference, seeds))
    took = time.monotonic() - start
    new = tree_digest(reference)
    assert new != old
    killed = []
    for _ in range(4):
        proc = run(site, seeds)
        time.sleep(rng.uniform(0.05, 0.95) * took)
        if proc.poll() is not None:
            continue  # finished first: the site is the new one, as checked below
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        killed.append(proc.pid)
        assert tree_digest(site) in (old, new), f"a mixed site after a kill (random seed {seed})"
    assert killed, f"every build finished before it was killed (random seed {seed})"
    finish(run(site, seeds))
    assert tree_digest(site) == new
    left = [p.name for p in site.parent.iterdir() if p.name != "site"] + [p.name for p in temp.iterdir()]
    assert not left, f"left behind: {left} (killed: {killed}, random seed {seed})"
