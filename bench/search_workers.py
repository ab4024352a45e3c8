"""Run a built site's search_index.json through two search workers in headless Chromium and compare what
they find: the site's own worker (generator/data/search-worker.js, served at Material's worker URL) and
Material's lunr worker from the installed mkdocs-material. Both get the same messages Material's page sends
(SETUP with the index, then one QUERY at a time), so this is what a reader's search box would show.

`python -m bench.search_workers SITE [QUERY ...]` prints, per query, the pages each worker finds and the
time each took to get ready. The tests use ``compare``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM, CHROMIUM_ARGS, static_server

_RUN = """
async ({ workers, index, queries, asked }) => {
  const data = await (await fetch(index)).json();
  const out = {};
  for (const [name, url] of Object.entries(workers)) {
    const worker = new Worker(url);
    const next = () => new Promise(resolve => worker.addEventListener("message", ev => resolve(ev.data), { once: true }));
    const t0 = performance.now();
    worker.postMessage({ type: 0, data: { config: data.config, docs: data.docs, options: { suggest: false } } });
    await next();
    const ready = performance.now() - t0;
    const results = {};
    for (const q of queries) {
      const t = performance.now();
      worker.postMessage({ type: 2, data: (asked[name] || {})[q] ?? q });
      const { data: result } = await next();
      results[q] = {
        ms: performance.now() - t,
        groups: result.items.map(group => group.map(item => ({
          location: item.location, score: item.score, terms: item.terms,
          title: item.title, text: item.text.slice(0, 400),
        }))),
      };
    }
    worker.terminate();
    out[name] = { ready_ms: ready, results };
  }
  return out;
}
"""


def material_worker() -> Path:
    import material

    found = sorted((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))
    if not found:
        raise FileNotFoundError("mkdocs-material's search worker is not where it used to be")
    return found[0]


# Material's segment() never lets a word end at the last character of a run of Han characters (双联 is
# searched as 双*); our worker's does. A rare character after each run makes Material cut the run as ours does
# (the pad itself is dropped), so the two can be compared on what they match rather than on that bug.
PAD = "龘"
_HAN_RUN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)")


def padded(query: str) -> str:
    return _HAN_RUN.sub(lambda m: m.group(1) + PAD, query)


def compare(site: Path | str, queries: list[str], timeout_s: float = 600, pad: bool = True) -> dict[str, Any]:
    """{"speeches": {...}, "material": {...}}: each worker's ready time and, per query, its result groups.
    ``pad``: Material is asked ``padded(query)``, so both cut the query's Han characters alike."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    ours = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    theirs = material_worker()
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(timeout_s * 1000)
            page.route("**/__material_worker__.js", lambda route: route.fulfill(path=str(theirs),
                                                                                content_type="text/javascript"))
            page.goto(base)
            worker_url = base + str(ours.relative_to(site))
            return page.evaluate(_RUN, {"workers": {"speeches": worker_url, "material": base + "__material_worker__.js"},
                                        "index": base + "search/search_index.json", "queries": queries,
                                        "asked": {"material": {q: padded(q) for q in queries} if pad else {}}})
        finally:
            browser.close()


def pages(result: dict[str, Any]) -> list[str]:
    """The pages a query's result lists, in its order."""
    return [group[0]["location"].split("#")[0] if group else "" for group in result["groups"]]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("queries", nargs="*", default=["双联", "南工北农中商贸", "经济工作", "高质量发展", "招商引资"])
    ap.add_argument("--json", type=Path, help="write both workers' full results here")
    args = ap.parse_args(argv)
    out = compare(args.site, args.queries)
    for name, run in out.items():
        print(f"{name}: ready in {run['ready_ms'] / 1000:.2f} s")
    for q in args.queries:
        a, b = out["speeches"]["results"][q], out["material"]["results"][q]
        same = set(pages(a)) == set(pages(b))
        print(f"{q}: speeches {len(a['groups'])} pages in {a['ms']:.0f} ms, material {len(b['groups'])} pages in "
              f"{b['ms']:.0f} ms, same pages: {same}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
