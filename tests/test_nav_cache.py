"""Material's nav rendered once per section (generator/nav_cache.py) gives every page byte for byte the nav
Material renders for it alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from bench.corpus import write_corpus


def _site(tmp_path: Path, seeds: Path, name: str, nav_cache: bool, directory_urls: bool) -> dict[str, bytes]:
    text = (ROOT.joinpath("mkdocs.yml").read_text(encoding="utf-8")
            .replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
            .replace("templates: docs_templates", f"templates: {ROOT / 'docs_templates'}")
            .replace("use_directory_urls: true", f"use_directory_urls: {str(directory_urls).lower()}")
            .replace("      strict: false", f"      strict: false\n      nav_cache: {str(nav_cache).lower()}"))
    config = tmp_path / f"{name}.yml"
    config.write_text(text, encoding="utf-8")
    site = tmp_path / name
    mkdocs_build(site, "--strict", config=config, env={"SPEECHES_SEEDS": str(seeds), "SPEECHES_WORKERS": "1"})
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
            and p.name != "sitemap.xml.gz"}  # its gzip header holds the time of the build


@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_gets_the_nav_material_renders_for_it(tmp_path: Path, directory_urls: bool) -> None:
    seeds, _, _ = write_corpus(tmp_path / "seeds", 90)  # sections by year and month, of up to 40 speeches
    whole = _site(tmp_path, seeds, "whole", False, directory_urls)
    cached = _site(tmp_path, seeds, "cached", True, directory_urls)
    assert whole.keys() == cached.keys()
    assert [k for k in whole if whole[k] != cached[k]] == []
    # The pages compared are the kind the cache serves: many in sections, each with its own active item.
    pages = [k for k in whole if k.startswith("speeches/") and k.endswith(".html")]
    assert len(pages) >= 90
    assert all(b"md-nav__link--active" in whole[k] for k in pages)  # each page's nav marks one item active
    sections = {tuple(re.findall(rb'id="(__nav_[0-9_]+)" checked', whole[k])) for k in pages}  # the open sections
    assert len(sections) >= 3  # pages of several sections, each section's nav cut from its first page


def test_only_materials_own_nav_is_cut(tmp_path: Path) -> None:
    import jinja2
    import material

    from generator import nav_cache

    material_dir = str(Path(material.__file__).parent / "templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(material_dir))
    assert set(nav_cache.templates(env, material_dir)) == {nav_cache.NAV, nav_cache.ORIGINAL, nav_cache.ITEM}
    assert "speeches_nav" in env.globals
    # A theme override of the nav (custom_dir) may show anything of the page: it is left alone.
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "nav.html").write_text("{{ page.title }}", encoding="utf-8")
    custom = jinja2.Environment(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(tmp_path)),
                                                            jinja2.FileSystemLoader(material_dir)]))
    assert nav_cache.templates(custom, material_dir) == {}
    assert "speeches_nav" not in custom.globals
