"""Temporary folders that name their maker, so that a later run removes those a killed run left behind.

A build makes folders beside the site (``.site.building-…``) and in the system's temporary folder
(``speeches-workers-…``, ``speeches-spool-…``). Killed by SIGKILL (or the machine going down), it cannot remove
them, and they pile up. Each such folder is named ``{prefix}{pid}-{random}`` and its maker holds a lock on it
(``flock``) for as long as it lives. ``sweep`` removes a folder only when both say its maker is gone: never the
folder of another live build, nor of one in another PID namespace (a container sharing the folder), whose PID
means nothing here but whose lock holds.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: the PID alone tells
    fcntl = None  # type: ignore[assignment]

# The folders of the system's temporary folder that builds make (build.parallel_map, the plugin's spool).
WORKERS = "speeches-workers-"
SPOOL = "speeches-spool-"

_LOCKS: dict[str, int] = {}  # folder -> the open descriptor that holds its lock


def name(prefix: str, parent: Path) -> Path:
    """A new, unused name for a folder of this process: ``parent/{prefix}{pid}-{random}``."""
    return parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"


def make(prefix: str, parent: Path | None = None) -> Path:
    """A new empty folder named for this process, in ``parent`` (default: the system's temporary folder), locked
    until ``remove`` or the end of the process. Forked workers share the lock. In the system's temporary folder,
    those of the same prefix whose maker is gone are removed first."""
    if parent is None:
        sweep(None, prefix)
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    if fcntl is not None:
        fd = os.open(path, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _LOCKS[str(path)] = fd
    return path


def release(path: Path) -> None:
    """Give up the lock on a folder made by ``make`` (after it was renamed into place, or removed)."""
    fd = _LOCKS.pop(str(path), None)
    if fd is not None:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a folder made by ``make`` (whatever it holds) and its lock."""
    shutil.rmtree(path, ignore_errors=True)
    release(path)


def sweep(parent: Path | None, *prefixes: str) -> list[str]:
    """Remove the folders ``{prefix}{pid}-…`` in ``parent`` (default: the system's temporary folder) whose maker is
    gone. Returns a message for each that could not be removed."""
    failed: list[str] = []
    if os.name == "nt":
        return failed  # os.kill there would end the process it asks about
    parent = Path(parent or tempfile.gettempdir())
    try:
        entries = list(parent.iterdir())
    except OSError:
        return failed
    for path in sorted(entries):
        prefix = next((p for p in prefixes if path.name.startswith(p)), None)
        if prefix is None or not path.is_dir() or path.is_symlink():
            continue
        pid = path.name[len(prefix):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        with _unlocked(path) as free:
            if not free:
                continue
            errors: list[str] = []
            shutil.rmtree(path, onerror=lambda _f, p, exc: errors.append(f"{p}: {exc[1]}"))
            if path.exists():
                failed.append(f"could not remove {path}, left by an earlier build "
                              f"({errors[0] if errors else 'unknown reason'})")
    return failed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextlib.contextmanager
def _unlocked(path: Path):  # type: ignore[no-untyped-def]
    """Yields whether no one holds the folder's lock; while it is True, this process holds it."""
    if fcntl is None:
        yield True
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        yield False
        return
    try:
        yield True
    finally:
        os.close(fd)
