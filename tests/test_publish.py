"""Publishing without a browser: nothing external in any build, sub-path-safe links, the offline build and its zip."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, mkdocs_build
from generator.offline import (
    SHIM_PATH,
    SHIM_SHA256,
    Reference,
    broken_local_references,
    external_references,
    file_references,
    site_references,
    zip_site,
)
from generator.read import read_seed

SPEECH = "002_d785b1ea62eb0eee"
SITE_URL = "https://example.org/team/speeches/"
_URL = re.compile(r"""https?://[^\s"'<>）」】，。；、]+""")


def seed_links() -> set[str]:
    """The http(s) URLs written in the speeches themselves: the only external links a page may carry."""
    links: set[str] = set()
    for path in SEEDS.rglob("*.txt"):
        links.update(_URL.findall("\n".join(line.text for line in read_seed(path, path.name).lines)))
    return links


def config_variant(tmp_path: Path, replacements: dict[str, str]) -> Path:
    """mkdocs.yml with some lines replaced, written outside the repo, paths made absolute."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {"docs_dir: docs": f"docs_dir: {ROOT / 'docs'}",
                    "templates: docs_templates": f"templates: {ROOT / 'docs_templates'}",
                    "[SPEECHES_SEEDS, seeds]": f"[SPEECHES_SEEDS, {SEEDS}]", **replacements}
    for old, new in replacements.items():
        assert old in text, f"mkdocs.yml no longer contains {old!r}: update this test"
        text = text.replace(old, new)
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m generator build --offline --zip PATH --strict`, as a user would run it."""
    out = tmp_path_factory.mktemp("offline")
    dest = out / "speeches-offline.zip"
    proc = run_cli("build", "--offline", "--zip", str(dest), "--site", str(out / "site"), "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return dest


@pytest.fixture(scope="session")
def offline_site(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip unpacked somewhere else: the folder a colleague would open."""
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / "speeches-offline"


# --- the scanner itself -----------------------------------------------------------------------------------------

def test_scanner_tells_resources_from_links(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        f'<link rel="canonical" href="{SITE_URL}a/">'
        '<style>@import "https://cdn.example/x.css"; body { background: url(//cdn.example/bg.png) }</style></head>'
        '<body><img srcset="local.png 1x, https://cdn.example/2x.png 2x">'
        '<a href="https://www.gov.cn/">gov</a><a href="#top">top</a>'
        '<mark title="x" style="background:url(\'data:image/png;base64,AA\')">x</mark></body></html>',
        encoding="utf-8")
    refs = file_references(tmp_path, tmp_path / "a.html")
    external = {(r.kind, r.url) for r in external_references(refs, allowed_links=[SITE_URL])}
    assert external == {
        ("resource", "https://unpkg.com/iframe-worker/shim"),
        ("resource", "https://fonts.gstatic.com"),
        ("resource", "https://fonts.googleapis.com/css?family=Roboto"),
        ("resource", "https://cdn.example/x.css"),
        ("resource", "//cdn.example/bg.png"),
        ("resource", "https://cdn.example/2x.png"),
        ("link", "https://www.gov.cn/"),
    }
    # A link the speeches contain is allowed; a resource never is, whatever the allow-list says.
    allowed = external_references(refs, allowed_links=[SITE_URL, "https://www.gov.cn/", "https://unpkg.com/"])
    assert "https://www.gov.cn/" not in {r.url for r in allowed}
    assert "https://unpkg.com/iframe-worker/shim" in {r.url for r in allowed}


def test_broken_local_references(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "page.html").write_text("x", encoding="utf-8")
    refs = [Reference("page.html", "link", "a[href]", u)
            for u in ("sub/", "sub/index.html#p3", "missing.html", "/assets/x.css", "../outside.html", "#top",
                      "mailto:a@b.c", "page.html?x=1")]
    assert [r.url for r in broken_local_references(tmp_path, refs)] == ["missing.html", "/assets/x.css",
                                                                       "../outside.html"]
    # From file:// a folder link shows a listing, not index.html.
    assert [r.url for r in broken_local_references(tmp_path, refs, file_urls=True)] == [
        "sub/", "missing.html", "/assets/x.css", "../outside.html"]


def test_zip_is_deterministic_and_never_inside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "speeches").mkdir(parents=True)
    (site / "index.html").write_text("首页", encoding="utf-8")
    (site / "speeches" / "a.html").write_text("讲话", encoding="utf-8")
    one = zip_site(site, tmp_path / "one" / "pack.zip")
    two = zip_site(site, tmp_path / "two" / "pack.zip")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as zf:
        assert zf.namelist() == ["pack/index.html", "pack/speeches/a.html"]
        assert zf.read("pack/speeches/a.html").decode("utf-8") == "讲话"
    with pytest.raises(ValueError, match="inside the site"):
        zip_site(site, site / "pack.zip")


# --- the vendored shim ---------------------------------------------------------------------------------------------

def test_vendored_shim_is_the_npm_release_with_its_license() -> None:
    shim = ROOT / "docs" / SHIM_PATH
    assert hashlib.sha256(shim.read_bytes()).hexdigest() == SHIM_SHA256, "shim.js differs from iframe-worker 1.0.4"
    license_text = (shim.parent / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in license_text and "Martin Donath" in license_text


# --- the normal build (served from any sub-path) ------------------------------------------------------------------

def test_normal_build_references_nothing_external(built_site: Path) -> None:
    refs = list(site_references(built_site))
    assert len(refs) > 100, "the scanner found almost nothing: is it reading the site?"
    bad = external_references(refs, allowed_links=seed_links())
    assert not bad, "\n".join(r.format() for r in bad)


def test_normal_build_links_are_relative_and_resolve(built_site: Path) -> None:
    refs = list(site_references(built_site))
    bad = broken_local_references(built_site, refs)
    assert not bad, "\n".join(r.format() for r in bad[:20])
    page = built_site / "speeches" / SPEECH / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f'<script src="../../{SHIM_PATH}"></script>' in html
    assert 'href="../../assets/print.css"' in html
    assert re.search(r'<a href="\.\./\.\./glossary/#[^"]+" title="[^"]+">', html), "glossary links are relative"


def test_site_url_build_stays_relative_and_404_uses_its_path(tmp_path: Path) -> None:
    config = config_variant(tmp_path, {"site_name: 讲话文库": f"site_name: 讲话文库\nsite_url: {SITE_URL}"})
    site = tmp_path / "site"
    mkdocs_build(site, "--strict", config=config)
    refs = list(site_references(site))
    assert not external_references(refs, allowed_links=[SITE_URL, *seed_links()])
    assert not broken_local_references(site, refs)
    canonical = [r.url for r in refs if r.where == "link[href]" and r.kind == "link" and r.url.startswith("https:")]
    assert f"{SITE_URL}speeches/{SPEECH}/" in canonical
    # 404.html is served at any depth, so MkDocs writes it with absolute URLs from site_url's path.
    not_found = [r.url for r in refs if r.file == "404.html" and r.kind == "resource" and not r.url.startswith("data:")]
    assert not_found and all(u.startswith("/team/speeches/") for u in not_found), not_found


# --- the offline build and its zip ---------------------------------------------------------------------------------

def test_offline_zip_unpacks_to_a_complete_file_url_site(offline_zip: Path, offline_site: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
    assert all(n.startswith("speeches-offline/") for n in names)
    for needed in ("index.html", "glossary.html", f"speeches/{SPEECH}.html", "search/search_index.js", SHIM_PATH,
                   "assets/vendor/iframe-worker/LICENSE"):
        assert f"speeches-offline/{needed}" in names, needed
    refs = list(site_references(offline_site))
    bad = external_references(refs, allowed_links=seed_links())
    assert not bad, "\n".join(r.format() for r in bad)
    # From file:// every link must name a file: no folder URLs, no root-absolute paths.
    broken = broken_local_references(offline_site, refs, file_urls=True)
    assert not broken, "\n".join(r.format() for r in broken[:20])


def test_offline_search_index_is_inlined_and_shim_is_local(offline_site: Path) -> None:
    script = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    assert "双联" in script or "\\u53cc\\u8054" in script
    html = (offline_site / "speeches" / f"{SPEECH}.html").read_text(encoding="utf-8")
    assert f'<script src="../{SHIM_PATH}"></script>' in html
    assert "unpkg.com" not in html


def test_offline_build_fails_when_something_would_come_from_a_cdn(tmp_path: Path) -> None:
    # Without the vendored polyfill, Material's offline plugin adds the shim from unpkg.com: the CLI must refuse.
    config = config_variant(tmp_path, {"  polyfills:\n    - assets/vendor/iframe-worker/shim.js\n": "  polyfills: []\n"})
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("the previous site", encoding="utf-8")
    proc = run_cli("build", "--offline", "-f", str(config), "--site", str(site))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "unpkg.com/iframe-worker" in proc.stderr and "extra.polyfills" in proc.stderr
    assert (site / "keep.txt").is_file(), "a failed build leaves the old site intact"
    assert not list(tmp_path.glob(".site.*")), "no temporary folder left behind"


def test_offline_needs_the_plugin_in_mkdocs_yml(tmp_path: Path) -> None:
    config = config_variant(tmp_path, {"  - offline:\n      enabled: !ENV [SPEECHES_OFFLINE, false]\n": ""})
    proc = run_cli("build", "--zip", str(tmp_path / "x.zip"), "-f", str(config), "--site", str(tmp_path / "site"))
    assert proc.returncode == 2
    assert "offline plugin" in proc.stderr and "SPEECHES_OFFLINE" in proc.stderr
    assert not (tmp_path / "x.zip").exists()
