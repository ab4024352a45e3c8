"""Publishing checks and packaging for a built site: what it references, whether that resolves, and a zip of it.

Pure Python over the files MkDocs wrote; nothing here imports MkDocs. The checks are what tells a site that works
from any sub-path or from ``file://`` apart from one that only works at the root of a web server:

- every resource the browser loads (script, stylesheet, image, font, CSS ``url()``/``@import``) is local;
- every local reference resolves to a file in the site (for ``file://``, never to a bare folder).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The vendored iframe-worker shim (npm iframe-worker 1.0.4, MIT): Material's offline plugin loads it from a CDN
# unless a polyfill whose URL contains "iframe-worker" is already configured.
SHIM_PATH = "assets/vendor/iframe-worker/shim.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"

# <link rel=…> values that name a page rather than make the browser fetch something.
NAVIGATIONAL_RELS = frozenset({"canonical", "alternate", "prev", "next", "author", "license", "help", "bookmark"})
# Attributes that make the browser fetch what they name.
RESOURCE_ATTRS = frozenset({"src", "srcset", "poster", "data", "xlink:href"})
# Schemes that never reach the network or the file system.
INERT_SCHEMES = frozenset({"data", "blob", "mailto", "tel", "javascript", "about"})

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reference:
    """One URL a built file names: `resource` if the browser fetches it, `link` if a reader may follow it."""

    file: str  # path relative to the site root, e.g. "speeches/002/index.html"
    kind: str  # "resource" | "link"
    where: str  # e.g. "script[src]", "a[href]", "css url()"
    url: str

    def format(self) -> str:
        return f"{self.file}: {self.where} {self.url}"


def is_external(url: str) -> bool:
    """True for a URL that leaves the site: ``https://cdn.example/x.js``, ``//cdn.example/x.js``."""
    return url.startswith("//") or urlsplit(url).scheme.lower() in ("http", "https")


def css_references(text: str) -> Iterator[tuple[str, str]]:
    """(where, url) for each ``url()`` and ``@import`` in CSS: ``@import "a.css"`` -> ("css @import", "a.css")."""
    for m in _CSS_URL.finditer(text):
        yield "css url()", next(g for g in m.groups() if g is not None)
    for m in _CSS_IMPORT.finditer(text):
        yield "css @import", m.group(1) or m.group(2)


class _HtmlRefs(HTMLParser):
    """Collects (kind, where, url) from tag attributes, inline style attributes and <style> blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        self._in_style = tag == "style"
        for name, value in values.items():
            if name == "style":
                self.refs.extend(("resource", f"{tag}[style] {w}", u) for w, u in css_references(value))
            elif name in RESOURCE_ATTRS:
                urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                self.refs.extend(("resource", f"{tag}[{name}]", u.strip()) for u in urls)
            elif name in ("href", "action", "formaction"):
                rels = set(values.get("rel", "").lower().split())
                # <link rel=stylesheet|icon|preload|preconnect…> and SVG <image>/<use> fetch; <a>, canonical do not.
                fetched = tag in ("image", "use") or (tag == "link" and not rels <= NAVIGATIONAL_RELS)
                self.refs.append(("resource" if fetched else "link", f"{tag}[{name}]", value.strip()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs.extend(("resource", f"style {w}", u) for w, u in css_references(data))


def file_references(root: Path, path: Path) -> list[Reference]:
    """Every URL one built HTML or CSS file names (JavaScript is code, not markup: it is not scanned)."""
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [Reference(rel, "resource", w, u) for w, u in css_references(text)]
    parser = _HtmlRefs()
    parser.feed(text)
    parser.close()
    return [Reference(rel, k, w, u) for k, w, u in parser.refs if u]


def site_references(root: Path) -> Iterator[Reference]:
    """Every reference in every HTML and CSS file of a built site, files in path order."""
    for path in sorted(root.rglob("*")):
        if path.suffix in (".html", ".css") and path.is_file():
            yield from file_references(root, path)


def external_references(refs: Iterable[Reference], allowed_links: Iterable[str] = ()) -> list[Reference]:
    """External references that are not allowed: every external resource, and links not in `allowed_links`.

    `allowed_links` are URL prefixes: the links the speeches themselves contain, and the site's own `site_url`.
    """
    prefixes = tuple(a for a in allowed_links if a)
    return [
        r for r in refs
        if is_external(r.url) and (r.kind == "resource" or not r.url.startswith(prefixes))
    ]


def broken_local_references(root: Path, refs: Iterable[Reference], *, file_urls: bool = False,
                            skip: Iterable[str] = ("404.html",)) -> list[Reference]:
    """Local references that do not resolve to a file of the site.

    A root-absolute URL (``/assets/x.css``) counts as broken: it breaks under a sub-path and on ``file://``.
    With `file_urls`, a reference to a folder (``speeches/``) is broken too: ``file://`` shows a listing, not
    its index.html. 404.html is skipped by default: MkDocs writes it with absolute URLs on purpose (it is served
    at any depth), from `site_url`'s path.
    """
    skipped = set(skip)
    broken: list[Reference] = []
    for r in refs:
        if r.file in skipped or is_external(r.url):
            continue
        parts = urlsplit(r.url)
        if parts.scheme.lower() in INERT_SCHEMES or (not parts.path and not parts.scheme):
            continue  # data:, mailto:, a bare "#fragment" or "?query"
        if parts.scheme or r.url.startswith("/"):
            broken.append(r)
            continue
        target = (root / r.file).parent / unquote(parts.path)
        if target.is_dir():
            ok = not file_urls and (target / "index.html").is_file()
        else:
            ok = target.is_file()
        if not _inside(root, target) or not ok:
            broken.append(r)
    return broken


def _inside(root: Path, target: Path, *, or_equal: bool = True) -> bool:
    base, path = os.path.normpath(root), os.path.normpath(target)
    return (or_equal and path == base) or path.startswith(base + os.sep)


def zip_site(root: Path, dest: Path, folder: str | None = None) -> Path:
    """Write `root` as a zip whose entries sit under `folder`/ (default: the zip's name without .zip).

    Deterministic: entries sorted, fixed timestamps (``SOURCE_DATE_EPOCH`` if set), so the same site gives the
    same bytes. Written to a temporary file first: a failure leaves an existing zip intact.
    """
    root, dest = root.resolve(), dest.resolve()
    if _inside(root, dest, or_equal=False):
        raise ValueError(f"the zip {dest} cannot be written inside the site it packs ({root})")
    folder = (folder or dest.stem).strip("/")
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, the earliest a zip can hold
    stamp = _zip_time(epoch)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{folder}/{path.relative_to(root).as_posix()}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = time.gmtime(max(epoch, 315532800))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)
