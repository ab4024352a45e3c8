"""One instrumented build in its own process; prints one JSON line of figures. Run by bench.run.

``python -m bench.child ours --seeds DIR --site DIR`` : the project's build (mkdocs.yml, speeches plugin).
``python -m bench.child plain --docs DIR --site DIR`` : the plain set-up on Markdown already in DIR.
"""

from __future__ import annotations

import time

T0, CPU0 = time.perf_counter(), time.process_time()  # before MkDocs, Material, jieba or the generator are imported: their load is build time

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.stages import Meter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _instrument_mkdocs(meter: Meter) -> None:
    import mkdocs.commands.build as mb
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.structure.pages import Page

    meter.wrap(SearchPlugin, "on_page_context", "search index")
    meter.wrap(SearchPlugin, "on_post_build", "search index")
    meter.wrap(Page, "render", "mkdocs: markdown")
    import generator.mkdocs_plugin as plugin

    # A full build of many pages renders and indexes them ahead, on every core: that wall time is both stages'.
    meter.wrap(plugin, "_render_ahead", "mkdocs: markdown + search, ahead")
    meter.wrap(plugin, "_write_search_index", "search index")  # a one-off build's writer, in Material's stead
    meter.wrap(mb, "_build_page", "mkdocs: pages")


def run_ours(args: argparse.Namespace, meter: Meter) -> dict[str, object]:
    os.environ["SPEECHES_SEEDS"] = str(Path(args.seeds).resolve())
    # What MkDocs and Material load for any site is MkDocs's share; what importing the generator adds to that
    # (its modules, OpenCC, pypinyin, cn2an, the cleaner's patterns) is the generator's.
    import markdown  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401

    meter.enter("import")
    import generator.build as gb

    meter.leave()

    for name, stage in (
        ("find_seeds", "read"),
        ("process_seeds", "pool"),  # what is left of read/clean/outline: the worker processes' wall time
        ("read_bytes", "read"),
        ("read_data", "read"),
        ("clean_speech", "clean"),
        ("detect_outline", "outline"),
        ("collect_glossary", "glossary"),
        ("render_home", "render"),
        ("render_speech_index", "render"),
        ("render_speech", "render"),
        ("render_glossary", "render"),
        ("nav_items", "nav"),
    ):
        if hasattr(gb, name):
            meter.wrap(gb, name, stage)
    _instrument_mkdocs(meter)
    # The cleaning pool's worker processes have exited when process_seeds returns: their CPU time is theirs.
    pool_cpu = [0.0]
    metered = gb.process_seeds

    def process_seeds(*a: object, **kw: object) -> object:
        before = _children_cpu()
        try:
            return metered(*a, **kw)
        finally:
            pool_cpu[0] += _children_cpu() - before

    gb.process_seeds = process_seeds
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(args.config), site_dir=str(Path(args.site).resolve()))
    build(config)
    plugin = config.plugins["speeches"]
    result = plugin.result
    speeches = [p for p in result.pages if p.path.startswith("speeches/") and not p.path.endswith("index.md")]
    speech_md = sum(len(p.markdown.encode()) for p in speeches)
    all_md = sum(len(p.markdown.encode()) for p in result.pages)
    from generator.mkdocs_plugin import SEGMENTER

    extra: dict[str, object] = {"speech_md_bytes": speech_md, "all_md_bytes": all_md,
                                "speeches": len(speeches), "glossary_entries": len(result.glossary.entries),
                                "pool_workers_cpu_s": pool_cpu[0]}
    extra["segmenter"] = {"backend": SEGMENTER.backend, "hits": SEGMENTER.hits, "misses": SEGMENTER.misses}
    return extra


PLAIN_YML = """\
site_name: 讲话文库（plain）
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - tables
  - toc:
      permalink: "¶"
      toc_depth: 4
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
nav:
{nav}
"""


def plain_config(docs: Path, site: Path) -> Path:
    """The plain set-up: Markdown in docs/, Material, search with jieba, and a flat nav of every page."""
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.name != "SUMMARY.md")
    first = [p for p in ("index.md", "speeches/index.md") if p in pages]
    rest = [p for p in pages if p not in first]
    nav = "\n".join(f"  - {json.dumps(p)}" for p in first + rest)
    path = docs.parent / "mkdocs.plain.yml"
    path.write_text(PLAIN_YML.format(docs=json.dumps(str(docs)), site=json.dumps(str(site)), nav=nav), encoding="utf-8")
    return path


def run_plain(args: argparse.Namespace, meter: Meter) -> dict[str, object]:
    _instrument_mkdocs(meter)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = plain_config(Path(args.docs).resolve(), Path(args.site).resolve())
    build(load_config(str(cfg)))
    return {}


def run_export(args: argparse.Namespace, meter: Meter) -> dict[str, object]:
    """The plain set-up's input: the very pages our build makes (same generator, same fixes), as files."""
    import shutil

    import generator.build as gb
    from generator.render import templates_dir_default

    result = gb.build_pages(Path(args.seeds), templates_dir_default())
    out = Path(args.docs)
    shutil.rmtree(out, ignore_errors=True)
    gb.write_export(result, out)
    (out / "SUMMARY.md").unlink()
    return {"pages": len(result.pages)}


class TreeMemory:
    """The peak memory of this process and its worker processes together, sampled every INTERVAL seconds as
    the sum of their PSS (/proc/PID/smaps_rollup): a page the forked workers share with this process counts
    once, split between them, where adding up their peak RSS would count it in every one.

    Reading smaps_rollup walks the process's page tables: ~10 ms for a 300 MB process, so sampling three
    processes every 0.1 s took ~30 % of a core from the build it measures. Every 0.5 s it takes ~6 %; the
    memory grows over seconds, not in spikes between two samples."""

    INTERVAL = 0.5

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return out

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            self.peak_kb = max(self.peak_kb, sum(self._pss_kb(p) for p in self._tree(os.getpid())))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("ours", "plain", "export"))
    ap.add_argument("--seeds")
    ap.add_argument("--docs")
    ap.add_argument("--site", required=True)
    ap.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    args = ap.parse_args()
    import logging

    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)  # MkDocs's page warnings would drown the figures
    meter = Meter()
    tree = TreeMemory() if os.path.exists("/proc/self/smaps_rollup") else None
    out = {"ours": run_ours, "plain": run_plain, "export": run_export}[args.mode](args, meter)
    meter.finish()
    total = time.perf_counter() - T0
    index = Path(args.site) / "search" / "search_index.json"
    out.update(
        mode=args.mode,
        build_s=total,
        build_cpu_s=time.process_time() - CPU0 + _children_cpu(),  # the worker processes' CPU too
        workers_cpu_s=_children_cpu(),
        stages={k: round(v, 4) for k, v in meter.time.items()},
        stages_cpu={k: round(v, 4) for k, v in meter.cpu.items()},
        load_avg=os.getloadavg(),
        peak_kb=dict(meter.peak_kb),
        calls=dict(meter.calls),
        index_bytes=index.stat().st_size if index.exists() else 0,
        workers_peak_kb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        tree_peak_pss_kb=tree.stop() if tree else None,
    )
    print("BENCH " + json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
