"""generator.search_index: rjieba gives jieba's index, the cache holds across rebuilds, the slim index
finds what Material's plain index finds.

The hits are compared with a Python port of what Material's browser search does with the index: its
tokenizer (markup-aware ``extract`` + ``split`` on the configured separator), its query segmentation of
Han text against the index's vocabulary, and lunr's trailing-wildcard term matching.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import ROOT, SEEDS

if str(ROOT) not in sys.path:  # the benchmark's corpus maker lives in bench/, beside generator/
    sys.path.insert(0, str(ROOT))

material_search = pytest.importorskip("material.plugins.search.plugin")
jieba = pytest.importorskip("jieba")
from generator import search_index as si  # noqa: E402

TERMS = ("双联", "南工北农中商贸", "一团五园三基地", "强产兴城", "五化")
QUERIES = ("双联", "南工北农中商贸", "经济工作", "招商引资", "项目建设", "同志们", "乡镇", "一团五园三基地",
           "OpenCC", "utf", "2022", "高质量发展", "群众", "qqqxyz", "强产", "规模化")


# --- a port of Material's browser-side tokenizer and matcher (src/.../integrations/search) -------------

def js_separator(separator: str) -> re.Pattern[str]:
    """The configured separator as Python reads it, with JavaScript's \\s."""
    return re.compile(separator.replace(r"\s", si._JS_SPACE))


def extract_text(value: str) -> list[str]:
    """Material's ``extract``: the text sections of a field value, markup left out."""
    out: list[str] = []
    start = end = stack = 0
    while end < len(value):
        ch = value[end]
        if ch == "<" and end > start:
            out.append(value[start:end])
            start = end
        elif ch == ">":
            if value[start + 1 : start + 2] == "/":
                stack -= 1
            elif value[end - 1] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        out.append(value[start:end])
    return out


def tokens(value: str, separator: re.Pattern[str]) -> list[str]:
    """Every token Material's tokenizer indexes for a field value, in order, lowercased."""
    return [t.lower() for section in extract_text(value) for t in separator.split(section) if t]


def segment_query(query: str, vocab: set[str]) -> list[str]:
    """Material's ``segment``: cut a Han query greedily into pieces the index knows."""
    segments: dict[str, None] = {}
    n = len(query)
    cuts = [0] * (n + 1)
    for i in range(n):
        for j in range(i + 1, n):
            if query[i:j] in vocab:
                cuts[i] = j - i
    stack = [0]
    s = 1
    while s > 0:
        s -= 1
        p = stack[s]
        for q in range(1, cuts[p]):
            if p + q < n and cuts[p + q] > cuts[p] - q:
                segments[query[p : p + q]] = None
                stack[s:] = [p + q]
                s += 1
        q = p + cuts[p]
        if q < n and cuts[q] and q < n - 1:
            stack[s:] = [q]
            s += 1
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


class Index:
    """An index as the browser sees it: per document, the token set of title and text."""

    def __init__(self, raw: str) -> None:
        data = json.loads(raw)
        self.separator = js_separator(data["config"]["separator"])
        self.docs: dict[str, tuple[list[str], list[str]]] = {
            d["location"]: (tokens(d["title"], self.separator), tokens(d["text"], self.separator)) for d in data["docs"]
        }
        self.vocab = {t for title, text in self.docs.values() for t in (*title, *text)}

    def hits(self, query: str) -> set[str]:
        """Documents a query finds: every term is a trailing-wildcard clause, any one clause matching."""
        han = re.compile("[\u3400-\u9fff]+")
        query = han.sub(lambda m: "* ".join(segment_query(m.group(), self.vocab)), query)
        terms = [t.rstrip("*").lower() for part in query.split() for t in self.separator.split(part) if t.rstrip("*")]
        return {
            loc for loc, (title, text) in self.docs.items()
            if any(tok.startswith(term) for term in terms for tok in (*title, *text))
        }


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reference() -> Any:
    """A private jieba (the global one is left alone), taught the same terms."""
    tk = jieba.Tokenizer()
    for term in TERMS:
        tk.add_word(term, freq=2_000_000)
    return tk


@pytest.fixture(scope="module")
def segmenter() -> si.Segmenter:
    pytest.importorskip("rjieba")
    seg = si.Segmenter("rjieba")
    for term in TERMS:
        seg.add_word(term, freq=2_000_000)
    return seg


def material_segment(tk: Any, text: str) -> str:
    """Material's own _segment_chinese, run with the given jieba."""
    saved = material_search.jieba
    material_search.jieba = tk
    try:
        return material_search.SearchIndex()._segment_chinese(text)
    finally:
        material_search.jieba = saved


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    from bench.corpus import make_corpus

    return [s.text for s in make_corpus(12, rng_seed=3)]


@pytest.fixture(scope="module")
def pages() -> list[SimpleNamespace]:
    """The bundled seeds' speech pages as MkDocs would hand them to the search plugin (HTML, toc, url)."""
    import markdown
    from mkdocs.config import load_config

    from generator.build import build_pages
    from generator.render import templates_dir_default

    config = load_config(str(ROOT / "mkdocs.yml"))
    result = build_pages(SEEDS, templates_dir_default())
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    out = []
    for page in result.pages:
        md.reset()
        html = md.convert(page.markdown)
        toc = [SimpleNamespace(id=t["id"], url="#" + t["id"], children=[]) for t in _flat(md.toc_tokens)]
        url = page.path[: -len("index.md")] if page.path.endswith("index.md") else page.path[:-3] + "/"
        out.append(SimpleNamespace(content=html, toc=toc, url=url, meta={}, title=page.title))
    return out


def _flat(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for t in items:
        yield t
        yield from _flat(t["children"])


def plain_index(pages: list[SimpleNamespace], tk: Any, separator: str) -> str:
    """search_index.json as Material writes it with jieba."""
    saved = material_search.jieba
    material_search.jieba = tk
    try:
        index = material_search.SearchIndex(lang=["zh"], separator=separator, pipeline=["stemmer"],
                                            fields={"title": {"boost": 1e3}, "text": {"boost": 1.0}})
        for page in pages:
            index.add_entry_from_context(page)
        return index.generate_search_index(None)
    finally:
        material_search.jieba = saved


def our_index(pages: list[SimpleNamespace], seg: si.Segmenter, separator: str, slim: bool) -> str:
    """The same through the proposed wiring: Segmenter.segment (slimming as it cuts), the slim writer."""
    saved = material_search.jieba
    material_search.jieba = seg
    seg.slim_for(separator if slim else None)
    try:
        index = material_search.SearchIndex(lang=["zh"], separator=separator, pipeline=["stemmer"],
                                            fields={"title": {"boost": 1e3}, "text": {"boost": 1.0}})
        index._segment_chinese = seg.segment
        for page in pages:
            index.add_entry_from_context(page)
        if not slim:
            return index.generate_search_index(None)
        config = {k: index.config[k] for k in ("lang", "separator", "pipeline", "fields")}
        return si.slim_index_json(config, si.merge_entries(None, index.entries))
    finally:
        material_search.jieba = saved
        seg.slim_for(None)


ZH_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"


# --- the segmenter ----------------------------------------------------------------------------------

def test_rjieba_cuts_like_jieba_on_the_seeds_and_a_corpus(reference: Any, segmenter: si.Segmenter,
                                                          corpus_texts: list[str]) -> None:
    from generator.script import to_simplified

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [to_simplified(t) for t in texts] + corpus_texts
    for text in texts:
        assert segmenter.segment(text) == material_segment(reference, text)
        for run in si.HAN_SCRIPT.findall(text)[:200]:
            assert segmenter.cut(run) == list(reference.cut(run))


def test_cut_matches_jieba_on_any_text(reference: Any, segmenter: si.Segmenter) -> None:
    """Text jieba-rs reads differently (digits, Latin, dashes, rare Han) goes to jieba itself."""
    for text in ("時間:2022-01-22 09:33:00", "在全县经济工作会议上的讲话08-22", "GDP增长7.2%", "〇〇七年々", "㐀丁"):
        assert segmenter.cut(text) == list(reference.cut(text))
        assert segmenter.cut(text.encode("utf-8")) == list(reference.cut(text))


def test_a_taught_term_stays_one_token(segmenter: si.Segmenter) -> None:
    assert "南工北农中商贸" in segmenter.cut("坚持南工北农中商贸的发展思路")
    assert "一团五园三基地" in segmenter.cut("以一团五园三基地为重点")


def test_add_word_is_idempotent_and_changes_the_cache_key() -> None:
    pytest.importorskip("rjieba")
    seg = si.Segmenter("rjieba")
    before = seg.segment("坚持南工北农中商贸")
    version = seg._version
    seg.add_word("南工北农中商贸", freq=2_000_000)
    assert seg._version != version
    after = seg.segment("坚持南工北农中商贸")
    assert before != after and "南工北农中商贸" in after.split(si.ZWSP)
    version = seg._version
    seg.add_word("南工北农中商贸", freq=2_000_000)  # again, as every rebuild does
    assert seg._version == version


def test_segmentation_is_cached_across_rebuilds() -> None:
    seg = si.Segmenter()
    text = "今天，我们召开全县经济工作会议。"
    first = seg.segment(text)
    assert (seg.hits, seg.misses) == (0, 1)
    seg.new_build()
    assert seg.segment(text) is first  # the string itself: the cache costs no second copy
    assert (seg.hits, seg.misses) == (1, 1)
    seg.new_build()
    seg.new_build()  # a build that did not use it: dropped
    seg.segment(text)
    assert seg.misses == 2


def test_a_one_off_build_keeps_no_cuts() -> None:
    seg = si.Segmenter()
    text = "今天，我们召开全县经济工作会议。"
    kept = seg.segment(text)
    seg.new_build(keep=False)
    assert seg.segment(text) == kept and seg._cache == {}  # still the cut, from the last build's cache
    seg.new_build(keep=False)
    assert seg.segment(text) == kept and seg._cache == {} and seg._previous == {}
    assert seg.misses == 2


def test_set_dictionary_falls_back_to_jieba(tmp_path: Path) -> None:
    seg = si.Segmenter()
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    seg.set_dictionary(str(dictionary))
    assert seg.backend == "jieba"
    assert seg.cut("认真贯彻落实") == ["认真", "贯彻落实"]


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend"):
        si.Segmenter("pkuseg")


# --- the index --------------------------------------------------------------------------------------

def test_rjieba_index_is_byte_identical_to_jiebas(pages: list[SimpleNamespace], reference: Any,
                                                   segmenter: si.Segmenter) -> None:
    plain = plain_index(pages, reference, ZH_SEPARATOR)
    assert our_index(pages, segmenter, ZH_SEPARATOR, slim=False) == plain
    assert "\\u200b" in plain


def test_slim_index_has_the_same_tokens_and_is_smaller(pages: list[SimpleNamespace], reference: Any,
                                                        segmenter: si.Segmenter) -> None:
    plain_raw = plain_index(pages, reference, ZH_SEPARATOR)
    slim_raw = our_index(pages, segmenter, ZH_SEPARATOR, slim=True)
    plain, slim = Index(plain_raw), Index(slim_raw)
    assert list(slim.docs) == list(plain.docs)
    for location in plain.docs:
        assert slim.docs[location] == plain.docs[location], location
    docs = slim_raw[slim_raw.index('"docs"'):]
    assert "\\u" not in docs and "双联" in docs  # UTF-8, not escaped
    assert len(slim_raw.encode()) < 0.5 * len(plain_raw.encode())  # 0.46 on the bundled seeds


def test_slim_index_finds_what_the_plain_index_finds(pages: list[SimpleNamespace], reference: Any,
                                                      segmenter: si.Segmenter) -> None:
    plain = Index(plain_index(pages, reference, ZH_SEPARATOR))
    slim = Index(our_index(pages, segmenter, ZH_SEPARATOR, slim=True))
    found = 0
    for query in QUERIES:
        hits = plain.hits(query)
        assert slim.hits(query) == hits, query
        found += bool(hits)
    assert found >= len(QUERIES) - 2  # the matcher works: all but the nonsense queries find something
    assert any("002_d785b1ea62eb0eee" in loc for loc in plain.hits("双联"))
    assert not plain.hits("qqqxyz")


def test_the_index_made_as_bytes_is_the_index_made_as_a_str(pages: list[SimpleNamespace], segmenter: si.Segmenter) -> None:
    """What the plugin writes (slim_index_utf8, an entry at a time) is slim_index_json's text, byte for byte."""
    text = our_index(pages, segmenter, ZH_SEPARATOR, slim=True)
    data = json.loads(text)
    made = si.slim_index_utf8(data["config"], data["docs"], texts_slim=True)
    assert bytes(made) == text.encode("utf-8")
    assert bytes(si.slim_index_utf8(data["config"], [])) == si.slim_index_json(data["config"], []).encode()
    # A one-off build writes it in pieces, letting go of each entry once written: the same bytes.
    entries = list(data["docs"])
    assert b"".join(si.slim_index_pieces(data["config"], entries, True, consume=True)) == text.encode("utf-8")
    assert entries == []
    # Entries a worker encoded ahead (a page's, comma-joined, or none) stand in for the entries themselves.
    docs = data["docs"]
    pattern = si.entry_pattern(str(data["config"]["separator"]), True)
    mixed = [si.encode_entries(docs[:3], pattern), si.encode_entries([], pattern), *docs[3:5],
             si.encode_entries(docs[5:], pattern)]
    assert b"".join(si.slim_index_pieces(data["config"], mixed, True)) == text.encode("utf-8")


def test_pieces_kept_across_rebuilds_give_the_same_index() -> None:
    config = {"lang": ["en"], "separator": ZH_SEPARATOR, "pipeline": ["stemmer"], "fields": {}}
    a = {"location": "a/", "title": "双联", "text": "今天\u200b，我们"}
    b = {"location": "b/", "title": "标题", "text": "正文"}
    memo = si.PieceMemo()
    assert si.slim_index_utf8(config, [a, b], memo=memo) == si.slim_index_utf8(config, [a, b])
    assert len(memo.now) == 2
    piece = memo.now[id(a)][1]
    c = {"location": "b/", "title": "标题", "text": "改过的正文"}  # b/ rebuilt: a new entry object
    assert si.slim_index_utf8(config, [a, c], memo=memo) == si.slim_index_utf8(config, [a, c])
    assert {id(e) for e, _ in memo.now.values()} == {id(a), id(c)}  # b's piece is gone
    assert memo.now[id(a)][1] is piece  # a's piece taken from the last index, not made again
    assert si.slim_index_utf8(config, [a], True, memo=memo) == si.slim_index_utf8(config, [a], True)


def test_a_one_off_build_writes_the_index_itself(tmp_path: Path) -> None:
    """The plugin stands in for Material's on_post_build (written in pieces); under `serve --dirty` it calls
    Material's, which keeps the index for the next rebuild. The file is checked in the built-site tests."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    search = config.plugins["material/search"]
    handlers = config.plugins.events["post_build"]
    assert search.on_post_build not in handlers
    ours = [h for h in handlers if getattr(h, "__name__", "") == "post_build"]
    assert len(ours) == 1
    search.search_index.entries = [{"location": "a/", "title": "标题", "text": "正文"}]
    ours[0](config=config)
    written = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert written["docs"] == [{"location": "a/", "title": "标题", "text": "正文"}]
    assert search.search_index.entries == []  # let go once written


def test_slim_keeps_a_separator_wherever_one_is_needed() -> None:
    sep = js_separator(ZH_SEPARATOR)
    text = "<p>\u200b双联\u200b”\u200b行动\u200b，\u200b认真\u200b贯彻\u200b</p><li>\u200bGDP\u200b增长</li>"
    slim = si.slim_text(text, ZH_SEPARATOR)
    assert tokens(slim, sep) == tokens(text, sep)
    assert slim == "<p>双联\u200b”\u200b行动，认真\u200b贯彻</p><li>GDP\u200b增长</li>"


def test_slimming_while_cutting_equals_slimming_after(segmenter: si.Segmenter, corpus_texts: list[str]) -> None:
    for text in corpus_texts[:4]:
        whole = segmenter.segment(text)
        segmenter.slim_for(ZH_SEPARATOR)
        try:
            assert segmenter.segment(text) == si.slim_text(whole, ZH_SEPARATOR)
        finally:
            segmenter.slim_for(None)
        assert segmenter.segment(text) == whole


def test_slim_leaves_text_alone_when_the_separator_has_no_zwsp() -> None:
    text = "双联\u200b行动"
    assert si.slim_text(text, r"[\s\-]+") == text
    assert si.slim_text(text, r"(?:\s|\u200b)+") == text  # not one character class: left as it is


def test_merge_keeps_every_page_not_rebuilt() -> None:
    prev = [{"location": "", "text": "home"}, {"location": "speeches/a/", "text": "a"},
            {"location": "speeches/a/#p1", "text": "a1"}, {"location": "speeches/b/", "text": "b"}]
    current = [{"location": "speeches/a/", "text": "a*"}, {"location": "", "text": "home*"}]
    merged = si.merge_entries(prev, current)
    assert [e["text"] for e in merged] == ["b", "a*", "home*"]
    assert si.merge_entries(None, current) == current
    assert si.merge_entries(prev, []) == prev
