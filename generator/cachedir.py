"""Where the generator keeps what it can make again, between runs: ``$SPEECHES_CACHE_DIR``, by default
``$XDG_CACHE_HOME/speeches`` or ``~/.cache/speeches``. Only derived data of installed files lives there (the
jieba lexicon's digests, OpenCC's script classes and Traditional forms, compiled theme templates), each checked on
load; deleting the folder is always safe."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CHECK_SIZE = 16  # bytes of the digest a cache file carries to show it was written whole


def cache_dir() -> Path:
    explicit = os.environ.get("SPEECHES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "speeches"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed); a folder that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def check_of(body: bytes) -> bytes:
    """The digest of a cache file's body (blake2b, CHECK_SIZE bytes): ~6 ms for 3.4 MB."""
    return hashlib.blake2b(body, digest_size=CHECK_SIZE).digest()
