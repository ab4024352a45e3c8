"""First search in headless Chromium on a 1,000-speech site: prints the time from opening the search box to
the first result. Slow (it builds the site, ~1 min on 2 cores); the timing goal is checked by the benchmark
(`python -m bench --speeches 1000 --browser 1000`), not here: this only asserts that search answers.

SPEECHES_PERF_N sets the corpus size; SPEECHES_PERF_SITE reuses a site already built (e.g. by the bench).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHROMIUM, ROOT, _have_chromium, in_own_process

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SPEECHES_PERF_SITE")
    if given:
        return Path(given)
    n = int(os.environ.get("SPEECHES_PERF_N", "1000"))
    work = tmp_path_factory.mktemp("perf")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", f"from bench.corpus import write_corpus; write_corpus(__import__('pathlib').Path({str(work / 'seeds')!r}), {n})"],
                   cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "bench.child", "ours", "--seeds", str(work / "seeds"), "--site", str(work / "site")],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=1800)
    return work / "site"


def test_first_search_answers(big_site: Path) -> None:
    if not _have_chromium():
        pytest.skip(f"{CHROMIUM} not installed")
    result = in_own_process("bench.browser", "first_search", str(big_site), "双联", timeout_s=120, timeout=300)
    print(f"\nfirst search on {big_site}: open search box -> first result {result['open_to_result_s']:.2f} s, "
          f"page load -> result {result['load_to_result_s']:.2f} s ({result['results']})")
    assert result["results"]
