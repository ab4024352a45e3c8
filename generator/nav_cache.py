"""Material's navigation, rendered once per section instead of once for every page. Pure Jinja.

Material renders the whole nav into every page (``partials/nav.html``). At 1,000 speeches, rendering every
page's theme template took 3.4-4.3 s in one process without this and 2.6-3.1 s with it, out of ~15 s for
rendering the pages ahead (Markdown ~8 s, search entries ~4 s).

Two pages of one nav section, whose URLs lie in the same folder, get the same nav but for two items: the
page itself, shown active (with its table of contents), and the page that was active in the other one.
Links are relative to the page's folder, and the active state marks the same sections, so all the rest is
the same text.

So the first page of a section gets the nav as Material renders it. Each page item of that section is then
rendered alone with Material's own macro (``nav-item.html``'s ``render``), found in that nav, and cut out:
what is left is the section's *skeleton*. Every other page of the section gets the skeleton with the items
put back: its own rendered alone as active, the first page's rendered alone as inactive, and the rest as
they were. Where an item is not found exactly once, in order, the section is rendered whole for every
page. Pages outside a section, index pages, and any nav that is not Material's own are rendered whole too.

``tests/test_nav_cache.py`` builds sites with and without it and compares every page byte for byte.
"""

from __future__ import annotations

import posixpath
from typing import Any, NamedTuple

import jinja2
import markupsafe

NAV = "partials/nav.html"
ORIGINAL = "speeches-material-nav.html"  # Material's nav.html, under a name of its own
ITEM = "speeches-material-nav-item.html"
ITEM_SOURCE = '{% import "partials/nav-item.html" as item with context %}{{ item.render(speeches_nav_item, "", 1, none) }}'


class _Skeleton(NamedTuple):
    first: Any  # the page whose nav it was cut from
    leaves: tuple[Any, ...]  # the section's page items, in order
    items: tuple[str, ...]  # each item as rendered in the first page's nav
    parts: tuple[str, ...]  # the text around them: len(leaves) + 1 parts


def templates(env: jinja2.Environment, material_dir: str) -> dict[str, str]:
    """The templates to put before ``env``'s loader, and the ``speeches_nav`` global set in ``env``; nothing
    when the theme's nav templates are not Material's own, from ``material_dir``."""
    if env.loader is None:
        return {}
    try:
        source, nav_file, _ = env.loader.get_source(env, NAV)
        _, item_file, _ = env.loader.get_source(env, "partials/nav-item.html")
    except jinja2.TemplateNotFound:
        return {}
    for path in (nav_file, item_file):
        if path is None or not posixpath.normpath(path.replace("\\", "/")).startswith(material_dir.replace("\\", "/")):
            return {}  # an override (custom_dir) may draw from the page anywhere: render it whole
    made: dict[tuple[Any, ...], _Skeleton | None] = {}

    @jinja2.pass_context
    def speeches_nav(ctx: jinja2.runtime.Context) -> markupsafe.Markup:
        return markupsafe.Markup(_render(env, ctx, made))

    env.globals["speeches_nav"] = speeches_nav
    return {NAV: "{{ speeches_nav() }}", ORIGINAL: source, ITEM: ITEM_SOURCE}


def _whole(env: jinja2.Environment, ctx: jinja2.runtime.Context) -> str:
    return env.get_template(ORIGINAL).render(ctx.get_all())


def _item(env: jinja2.Environment, ctx: jinja2.runtime.Context, item: Any) -> str:
    return env.get_template(ITEM).render({**ctx.get_all(), "speeches_nav_item": item})


def _leaves(section: Any, features: Any) -> tuple[Any, ...]:
    """The section's page items as nav-item.html renders them: with navigation.indexes, its first index page
    is the section's own link instead."""
    children = list(section.children or ())
    if "navigation.indexes" in features:
        index = next((c for c in children if getattr(c, "is_index", False)), None)
        children = [c for c in children if c is not index]
    return tuple(c for c in children if getattr(c, "is_page", False))


def _key(page: Any, ctx: jinja2.runtime.Context) -> tuple[Any, ...] | None:
    parent = getattr(page, "parent", None)
    if parent is None or not getattr(page, "is_page", False) or not isinstance(getattr(page, "url", None), str):
        return None
    if "navigation.indexes" in (ctx.get("features") or ()) and getattr(page, "is_index", False):
        return None  # a section's index page is marked active in the section's own link
    url = page.url
    return (id(ctx.get("nav")), id(parent), posixpath.dirname(url.rstrip("/")), url.endswith("/"))


def _render(env: jinja2.Environment, ctx: jinja2.runtime.Context, made: dict[tuple[Any, ...], _Skeleton | None]) -> str:
    page = ctx.get("page")
    key = _key(page, ctx)
    if key is None:
        return _whole(env, ctx)
    if key not in made:
        whole = _whole(env, ctx)
        made[key] = _cut(env, ctx, page, _leaves(page.parent, ctx.get("features") or ()), whole)
        return whole
    skeleton = made[key]
    if skeleton is None or not any(leaf is page for leaf in skeleton.leaves):
        return _whole(env, ctx)
    out = [skeleton.parts[0]]
    for leaf, text, part in zip(skeleton.leaves, skeleton.items, skeleton.parts[1:]):
        out.append(_item(env, ctx, leaf) if leaf is page or leaf is skeleton.first else text)
        out.append(part)
    return "".join(out)


def _cut(env: jinja2.Environment, ctx: jinja2.runtime.Context, page: Any, leaves: tuple[Any, ...], whole: str
         ) -> _Skeleton | None:
    """The skeleton of ``whole`` (``page``'s nav), or None where an item is not found once, in order."""
    if not any(leaf is page for leaf in leaves):
        return None
    items = tuple(_item(env, ctx, leaf) for leaf in leaves)
    parts: list[str] = []
    at = 0
    for text in items:
        found = whole.find(text, at)
        if not text or found < 0 or whole.count(text) != 1:
            return None
        parts.append(whole[at:found])
        at = found + len(text)
    parts.append(whole[at:])
    return _Skeleton(page, leaves, items, tuple(parts))
