"""A deterministic corpus of N speech-sized seeds made from the bundled ones, for the benchmark.

Each seed is one bundled seed varied so that no two are alike: paragraphs shuffled inside each top-level
section (the outline stays plausible), Arabic numerals changed, a dated chrome line added (so the nav has
years), the title re-placed, and the script changed (whole file or some paragraphs) with OpenCC. The same
(N, rng seed) always gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "seeds"

_SALUTATION = re.compile(r"^.{0,60}?(?:同志[們们]|各位[代表來来委员員]*|女士[們们])[^。]{0,20}[:：]\s*$")
_RELATED = re.compile(r"^(?:相[關关](?:閱讀|阅读|推薦|推荐)|【.*】相[關关]文章)")
_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")  # 相關(guān)閱讀 -> 相關閱讀
_TOP_MARKER = re.compile(r"^[一二三四五六七八九十]+[、，,]")
_DATE_CHROME = re.compile(r"^(?:時間|时间)[:：]")
_DIGITS = re.compile(r"\d+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Invented place names (Simplified; converted with the rest of the file when the script changes).
PLACES = (
    "青山县", "东湖区", "临江市", "南岭县", "北川区", "西平县", "安宁市", "清河县", "白云区", "长乐县",
    "永兴县", "金城区", "新华区", "平阳县", "和顺县", "丰泽区", "高阳县", "宁远县", "望城区", "云和县",
)


@dataclass(frozen=True, slots=True)
class CorpusSeed:
    name: str  # file name, e.g. 00042_002.txt
    base: str  # the bundled seed it was made from
    text: str


@lru_cache(maxsize=4)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def _script_of(text: str) -> str:
    """'traditional' when the text has more Traditional-only characters than Simplified-only ones."""
    sample = "".join(_HAN.findall(text))[:4000]
    to_s = _opencc("t2s").convert(sample)
    return "traditional" if sum(a != b for a, b in zip(sample, to_s)) > len(sample) // 50 else "simplified"


def _split(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(head, body, tail): head ends at the salutation when one opens the speech, tail at related links."""
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    head_end = 0
    for i in nonblank[:8]:
        if _SALUTATION.match(lines[i].strip()):
            head_end = i + 1
            break
    tail_start = len(lines)
    for i in range(head_end, len(lines)):
        if _RELATED.match(_GLOSS.sub("", lines[i].strip())):
            tail_start = i
            break
    return lines[:head_end], lines[head_end:tail_start], lines[tail_start:]


def _shuffle_sections(body: list[str], rng: random.Random) -> list[str]:
    """Shuffle paragraphs inside each top-level section; headings stay first, sections stay in order."""
    paras = [ln for ln in body if ln.strip()]
    sections: list[list[str]] = [[]]
    for p in paras:
        if _TOP_MARKER.match(p.strip()) and sections[-1]:
            sections.append([])
        sections[-1].append(p)
    out: list[str] = []
    for sec in sections:
        lead, rest = (sec[:1], sec[1:]) if sec and _TOP_MARKER.match(sec[0].strip()) else ([], sec)
        # The opening paragraph before the first heading keeps its place: it often carries the salutation's
        # follow-up, and reports open with their lead sentence.
        if not lead and rest:
            lead, rest = rest[:1], rest[1:]
        rng.shuffle(rest)
        out += lead + rest
    return out


def _vary_numbers(text: str, rng: random.Random) -> str:
    """Every run of Arabic digits gets new digits of the same length (no leading zero)."""

    def repl(m: re.Match[str]) -> str:
        n = len(m.group())
        first = str(rng.randint(1, 9)) if n > 1 or m.group() != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))

    return _DIGITS.sub(repl, text)


def _title_line(head: list[str]) -> int | None:
    """Index of the first head line that reads as a title (short, no sentence end)."""
    for i, ln in enumerate(head):
        t = ln.strip()
        if 4 <= len(t) <= 60 and not re.search(r"[。！？!?；;]", t) and not t.startswith(("-", "下面", "導語", "导语")):
            if not _DATE_CHROME.match(t) and not _SALUTATION.match(t):
                return i
    return None


def make_seed(index: int, base_name: str, base_text: str, rng: random.Random) -> CorpusSeed:
    """One varied seed from one bundled seed."""
    lines = base_text.split("\n")
    head, body, tail = _split(lines)
    head = [ln for ln in head if not _DATE_CHROME.match(ln.strip())]
    body = [_vary_numbers(p, rng) for p in _shuffle_sections(body, rng)]
    place = rng.choice(PLACES)
    script = _script_of(base_text)
    if script == "traditional":
        place = _opencc("s2t").convert(place)
    t = _title_line(head)
    if t is not None:
        old = head[t].strip()
        new = old.replace("全縣", place, 1).replace("全县", place, 1)
        new = new if new != old else f"{place}{old}"
        # The title is often repeated (and glued to the salutation) in the next lines: replace it everywhere.
        head = [ln.replace(old, new) for ln in head]
    year = rng.randint(2008, 2024)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00"
    stamp = "時間:" if script == "traditional" else "时间:"
    out = [stamp + date, ""] + head + body + tail
    text = "\n".join(out)
    # Mix scripts: a quarter of the seeds switch script, another quarter switch some paragraphs only.
    roll = rng.random()
    conv = _opencc("t2s" if script == "traditional" else "s2t")
    if roll < 0.25:
        text = conv.convert(text)
    elif roll < 0.5:
        parts = text.split("\n")
        text = "\n".join(conv.convert(p) if rng.random() < 0.3 else p for p in parts)
    stem = Path(base_name).stem.split("_")[0]
    return CorpusSeed(name=f"{index:05d}_{stem}.txt", base=base_name, text=text)


def bundled(seeds_dir: Path = BUNDLED) -> list[tuple[str, str]]:
    """The bundled seeds as (name, text), in name order."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]


def make_corpus(n: int, rng_seed: int = 7, bases: Sequence[tuple[str, str]] | None = None) -> list[CorpusSeed]:
    """N varied seeds; the same arguments always give the same texts."""
    bases = list(bases or bundled())
    rng = random.Random(rng_seed)
    out: list[CorpusSeed] = []
    for i in range(n):
        name, text = bases[i % len(bases)] if i < len(bases) else rng.choice(bases)
        out.append(make_seed(i, name, text, random.Random(rng.getrandbits(64))))
    return out


def write_corpus(target: Path, n: int, rng_seed: int = 7, kind: str = "seeds") -> tuple[Path, int, str]:
    """Write the corpus to target/ (replacing .txt files there); returns (folder, total bytes, digest).
    ``kind``: "seeds" varies the bundled seeds, "real" the real-length documents (bench.real_corpus)."""
    if kind == "real":
        from bench.real_corpus import make_real_corpus

        seeds = make_real_corpus(n, rng_seed)
    elif kind == "seeds":
        seeds = make_corpus(n, rng_seed)
    else:
        raise ValueError(f"corpus kind must be seeds or real, not {kind!r}")
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.txt"):
        old.unlink()
    digest = hashlib.sha256()
    total = 0
    for seed in seeds:
        data = seed.text.encode("utf-8")
        (target / seed.name).write_bytes(data)
        digest.update(seed.name.encode() + b"\0" + data)
        total += len(data)
    return target, total, digest.hexdigest()[:16]
