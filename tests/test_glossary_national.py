"""The list of standing national formulations (generator/data/formulations.yml) is well formed, and what it
says reaches the entries: meaning and its source, the year put forward, components, the other wordings."""

from __future__ import annotations

import re

import pytest
import yaml

from test_glossary import make_outline

from generator.glossary import collect_glossary
from generator.slogans.national import DATA, KINDS, DataError, formulations, known

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_record_has_a_meaning_a_kind_and_wordings_of_its_own() -> None:
    records = formulations()
    assert len(records) >= 300
    seen: set[str] = set()
    for f in records:
        assert f.kind in KINDS, f.term
        assert len(HAN.findall(f.meaning)) >= 4 and f.meaning != f.term, f.term
        assert f.year is None or 1890 <= f.year <= 2030, f.term
        assert f.term not in f.parts and f.term not in f.variants, f.term
        assert not (set(f.wordings) & seen), f.term
        seen |= set(f.wordings)
        assert all(w == w.strip() and len(w) >= 2 for w in f.wordings), f.term
        assert f.heads == () or f.quoted_only, f.term  # heads only say where a quoted-only term counts unquoted
    assert known("中央八项规定精神") is known("八项规定")
    assert known("创新、协调、绿色、开放、共享").term == "新发展理念"  # type: ignore[union-attr]


def test_a_bad_record_is_refused_with_its_place(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "formulations.yml"
    bad.write_text(yaml.safe_dump([{"term": "两个务必", "meaning": "……", "kind": "slogan"}], allow_unicode=True),
                   encoding="utf-8")
    with pytest.raises(DataError, match="record 1 \\(两个务必\\): unknown kind 'slogan'"):
        formulations(bad)
    dup = tmp_path / "dup.yml"
    dup.write_text(yaml.safe_dump([{"term": "甲乙", "meaning": "一二三四"}, {"term": "丙丁", "meaning": "一二三四",
                                                                              "variants": ["甲乙"]}],
                                  allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="甲乙 belongs to both"):
        formulations(dup)
    assert DATA.is_file()


def test_entries_say_where_their_meaning_comes_from() -> None:
    outlines = [make_outline("n.txt", "坚持“四个意识”。推广产业化、规模化、标准化的“三化”模式。推行“河湖双长”。")]
    by_term = {e.term: e for e in collect_glossary(outlines).entries}
    national, spelled, unexplained = by_term["四个意识"], by_term["三化"], by_term["河湖双长"]
    assert (national.meaning_from, national.year) == ("list", 2016)
    assert national.components == ("政治意识", "大局意识", "核心意识", "看齐意识")
    assert (spelled.meaning_from, spelled.meaning) == ("speech", "产业化、规模化、标准化")
    assert spelled.expansion_at is not None
    assert (unexplained.meaning_from, unexplained.meaning) == ("", "")
    assert unexplained.context is not None and unexplained.context.text == "河湖双长"
    assert "原文未作解释" in unexplained.tooltip


_HASHED = """
import json, sys
sys.path.insert(0, "tests")
from test_glossary import make_outline
from generator.glossary import collect_glossary, glossary_json
from generator.glossary_page import render_glossary
from generator.render import make_env, templates_dir_default
text = "要打赢精准脱贫攻坚战，推进脱贫攻坚，巩固拓展脱贫攻坚成果。坚持“一国两制”、“港人治港”、“澳人治澳”。"
outlines = [make_outline("h.txt", text), make_outline("i.txt", "打赢脱贫攻坚战。落实“一国两制”。")]
glossary = collect_glossary(outlines)
print(json.dumps([glossary_json(glossary), render_glossary(glossary, outlines, make_env(str(templates_dir_default()))).markdown],
                 ensure_ascii=False))
"""


def test_the_glossary_does_not_depend_on_the_hash_seed() -> None:
    """Sets and dicts iterate in an order Python salts per process: nothing the page shows may follow it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    runs = [subprocess.run([sys.executable, "-c", _HASHED], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")]
    assert runs[0] == runs[1] == runs[2]
    assert "脱贫攻坚战" in runs[0]
