"""The fast paths and caches of the pipeline give exactly what the plain computation gives."""

from __future__ import annotations

import random
import re

from generator import glossary, render
from generator.clean import _changed_chars
from generator.cleaning.damage import _junk_re
from generator.cleaning.draft import HAN
from generator.markers import FAMILIES, match_marker, read_numeral
from generator.records import Mark
from generator.script import common_chars, convert_marked, convert_marked_many, to_simplified, to_simplified_many
from generator.slogans.candidates import FINDERS, _may_share

TRAD = ["會議區著", "我們在會議上看到?nèi)裾猩虨閷I招商", "", "WTO 2022", "軟體與伺服器", "堅持著\n第二行", "干部要干"]


def test_cached_paths_match_the_plain_functions() -> None:
    for source in ("2019/讲话.txt", "a b.txt", "index.txt", "讲话 #1?.TXT"):
        assert render.speech_path(source) == render.speech_path.__wrapped__(source)
        page = render.speech_path(source)
        assert render.relative_link(page, "glossary.md") == render.relative_link.__wrapped__(page, "glossary.md")
    long = "會議" * 200
    for text in [*TRAD, long]:
        assert glossary.simplified(text) == glossary._same_length(text, to_simplified(text))
    assert glossary.simplified_many([*TRAD, long]) == [glossary.simplified(t) for t in [*TRAD, long]]
    for s in ("三", "十一", "１２", "③", "[三]", "二三", ""):
        assert read_numeral(s) == read_numeral.__wrapped__(s)


def test_batched_conversion_converts_each_text_as_on_its_own() -> None:
    assert to_simplified_many(TRAD) == [to_simplified(t) for t in TRAD]
    text = "我們在會議上看到?nèi)裾猩虨閷I招商，還有工業強金鄉縣戰略。"
    g, i = text.index("?"), text.index("金鄉縣")
    items = [(text, (Mark(g, g + 10, "garbled", "亂碼"), Mark(i, i + 3, "injected", "注入"))), ("會議", ()), ("", ())]
    assert convert_marked_many(items) == [convert_marked(t, m) for t, m in items]
    out, moved = convert_marked_many(items)[0]
    assert out[moved[1].start : moved[1].end] == "金乡县" and moved[0].why == "乱码"


def test_marker_prefilter_tries_the_families_in_order() -> None:
    def slow(text: str, pos: int, inline: bool) -> tuple[str, int, int | None] | None:
        for fam in FAMILIES:  # the original loop, without the first-character table
            if inline and not fam.inline:
                continue
            m = fam.pattern.match(text, pos)
            if not m or (fam.name == "shi" and not inline and not m.group("num")):
                continue
            group = "num2" if "num2" in m.groupdict() and m.group("num2") else "num"
            if not fam.numbered:
                return fam.name, m.end(), None
            raw = m.group(group)
            number = read_numeral(raw) if raw else None
            if raw and number is None:
                continue
            return fam.name, m.end(), number
        return None

    rng = random.Random(7)
    alphabet = "第一二三十两其是要（）()〔〕【】①⑴⒈㈠1２.．、，：:部分句话点个问题条“”「」方面南工 文"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        for inline in (False, True):
            mm = match_marker(text, 0, inline=inline)
            got = (mm.family.name, mm.end, mm.number) if mm else None
            assert got == slow(text, 0, inline), text


def test_bit_tricks_match_the_character_loops() -> None:
    rng = random.Random(3)
    shared = next(f.pattern for f in FINDERS if f.name == "shared-object")
    chars = "会會议議a \U0001f600\u3000\uffff一二"
    for _ in range(5000):
        a = "".join(rng.choice(chars) for _ in range(rng.randint(0, 30)))
        b = "".join(c if rng.random() < 0.8 else rng.choice(chars) for c in a)[: rng.randint(0, 32)]
        assert _changed_chars(a, b) == sum(map(str.__ne__, a, b)) + abs(len(a) - len(b))
        t = "".join(rng.choice("强农惠富一二，") for _ in range(rng.randint(0, 12)))
        assert _may_share(t) or not shared.search(t), t


def test_junk_class_is_rare_han_and_debris() -> None:
    common = "".join(re.escape(c) for c in sorted(common_chars()))
    plain = re.compile(f"(?:(?![{common}])[{HAN}]|[\ufe30-\ufe6f\ue000-\uf8ff\ufffd])")
    fast = _junk_re()
    for cp in range(0x3000, 0x10000, 7):
        if not 0xD800 <= cp < 0xE000:
            assert bool(plain.match(chr(cp))) == bool(fast.match(chr(cp))), hex(cp)
