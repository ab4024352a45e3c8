"""The benchmark: ``python -m bench --speeches 100 1000 2000``.

For each N: make a deterministic corpus of N varied speeches (bench.corpus), build it with the project's
set-up in a child process (bench.child: time and peak memory of every stage), export the same pages as
Markdown and build the plain set-up on them (Markdown in docs/, flat nav, Material search with jieba), and
print both with the ratio; up to 1,000 speeches each set-up is built three times, in turn, and its median
build is shown (``--repeat``, ``--repeat-max``). With 1,000 and 2,000 among the sizes, the project's builds at
both sizes again, in turn, for the scaling ratio (``--scaling-rounds``). Optionally: edit-to-page latency under
`mkdocs serve --dirty` (``--serve-latency``) and the first search in headless Chromium (``--browser``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.stages import GEN_STAGES

ROOT = Path(__file__).resolve().parent.parent
MB = 1e6  # sizes and rates in decimal megabytes
# The first search's query: a formulation each corpus holds.
BROWSER_QUERY = {"seeds": "双联", "real": "改革开放"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_child(args: list[str], log: Path) -> tuple[dict[str, Any], float, int]:
    """Run ``python -m bench.child ARGS``; (figures, wall seconds, peak RSS in kB from wait4)."""
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.child", *args], cwd=ROOT, env=_env(),
                                stdout=subprocess.PIPE, stderr=err, text=True)
        out = proc.stdout.read() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    line = next((ln for ln in out.splitlines() if ln.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"bench child failed ({proc.returncode}): {' '.join(args)}\n  see {log}")
    return json.loads(line[6:]), wall, usage.ru_maxrss


def export_markdown(seeds: Path, out: Path, log: Path) -> float:
    """The plain set-up's input: the same pages as Markdown files, made by the same generator."""
    _, wall, _ = run_child(["export", "--seeds", str(seeds), "--docs", str(out), "--site", str(out.parent / "site")], log)
    return wall


def base_dir(work: Path, n: int, kind: str = "seeds") -> Path:
    """Where one corpus, its sites and logs live: work/N for the bundled seeds' corpus, work/real-N for the
    real-length one."""
    return work / (f"real-{n}" if kind == "real" else str(n))


def tree_bytes(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every file under folder."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def measure(n: int, work: Path, rng_seed: int, plain: bool, repeat: int = 1, kind: str = "seeds") -> dict[str, Any]:
    """Corpus, our build, the plain build: every figure for one N. With ``repeat`` > 1 each set-up is built that
    many times, in turn (ours, plain, ours, plain, ...), and the figures are those of its median build (by time;
    peak memory the highest of all): one build's time varies by up to 1.5x on these machines."""
    base = base_dir(work, n, kind)
    seeds, source_bytes, digest = write_corpus(base / "seeds", n, rng_seed, kind)
    res: dict[str, Any] = {"n": n, "kind": kind, "source_bytes": source_bytes, "corpus": digest}
    docs = base / "plain" / "docs"
    if plain:
        shutil.rmtree(docs.parent, ignore_errors=True)
        res["export_s"] = export_markdown(seeds, docs, base / "export.log")
    ours_runs, plain_runs = [], []
    for _ in range(max(1, repeat)):
        ours_runs.append(run_child(["ours", "--seeds", str(seeds), "--site", str(base / "site")], base / "ours.log"))
        if plain:
            plain_runs.append(run_child(["plain", "--docs", str(docs), "--site", str(base / "plain" / "site")],
                                        base / "plain.log"))
    for name, runs in (("ours", ours_runs), ("plain", plain_runs)):
        if not runs:
            continue
        figures, wall, _ = sorted(runs, key=lambda run: run[0]["build_s"])[len(runs) // 2]
        pss = [run[0].get("tree_peak_pss_kb") or 0 for run in runs]
        res.update({name: {**figures, "tree_peak_pss_kb": max(pss) or None}, f"{name}_wall": wall,
                    f"{name}_rss_kb": max(run[2] for run in runs), f"{name}_builds": [run[0]["build_s"] for run in runs]})
    res["site_bytes"], res["site_files"] = tree_bytes(base / "site")
    if plain:
        res["plain_site_bytes"], _ = tree_bytes(base / "plain" / "site")
    return res


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{t:.1f}" for t in times)


def report(r: dict[str, Any]) -> list[str]:
    """The figures for one N as printed lines."""
    o = r["ours"]
    st, cpu, peak = o["stages"], o["stages_cpu"], o["peak_kb"]
    total = o["build_s"]
    # The cleaning pool's workers clean and outline (the workers that render ahead are MkDocs's share).
    cpu = {**cpu, "pool": cpu.get("pool", 0.0) + o.get("pool_workers_cpu_s", o.get("workers_cpu_s", 0.0))}
    gen = sum(st.get(s, 0.0) for s in GEN_STAGES)
    gen_cpu = sum(cpu.get(s, 0.0) for s in GEN_STAGES)
    search = st.get("search index", 0.0)
    mk = total - gen - search
    mk_cpu = o["build_cpu_s"] - gen_cpu - cpu.get("search index", 0.0)
    whole_peak = max(r["ours_rss_kb"], *peak.values())
    load = ", ".join(f"{x:.1f}" for x in o.get("load_avg", ()))
    lines = [
        f"== {r['n']} {'real-length ' if r.get('kind') == 'real' else ''}speeches: "
        f"{r['source_bytes'] / MB:.1f} MB of source text (corpus {r['corpus']}); "
        f"segmenter {o.get('segmenter', {}).get('backend', 'jieba (Material)')}; "
        f"load average at the end {load}",
        f"  {'stage':<16}{'wall s':>8}{'share':>8}{'cpu s':>8}{'peak MB':>9}",
    ]

    def row(name: str, wall: float, cpu_s: float, kb: int | None, note: str = "") -> str:
        mb = _mb(kb) if kb else ""
        return f"  {name:<16}{wall:>8.2f}{wall / total:>8.1%}{cpu_s:>8.2f}{mb:>9}{'  ' + note if note else ''}"

    for s in GEN_STAGES:
        lines.append(row(s, st.get(s, 0.0), cpu.get(s, 0.0), peak.get(s, 0)))
    lines.append(row("generator", gen, gen_cpu, None,
                     f"{r['source_bytes'] / MB / gen:.1f} MB/s of source text ({r['source_bytes'] / MB / gen_cpu:.1f} on CPU time)"))
    mk_peak = max(peak.get(k, 0) for k in ("mkdocs: markdown", "mkdocs: markdown + search, ahead", "mkdocs: pages", "other"))
    ahead = st.get("mkdocs: markdown + search, ahead", 0.0)
    if ahead:
        ahead += st.get("mkdocs: markdown", 0.0)  # this process's share of rendering ahead, metered as Markdown
    lines.append(row("MkDocs build", mk, mk_cpu, mk_peak,
                     (f"Markdown and search entries ahead on every core {ahead:.1f} s, " if ahead else
                      f"Markdown {st.get('mkdocs: markdown', 0):.1f} s, ")
                     + f"pages {st.get('mkdocs: pages', 0):.1f} s, rest (imports, nav, files) {st.get('other', 0):.1f} s"))
    lines.append(row("search index", search, cpu.get("search index", 0.0), peak.get("search index", 0)))
    workers_kb = o.get("workers_peak_kb", 0)
    note = f"process wall {r['ours_wall']:.1f} s"
    if workers_kb:
        # Forked workers share most of their pages with the main process: their peak RSS counts those again.
        note += f"; worker processes' peak RSS {_mb(workers_kb)} MB each"
    if o.get("tree_peak_pss_kb"):
        note += f"; all processes together (PSS) {_mb(o['tree_peak_pss_kb'])} MB at the peak"
    if len(r.get("ours_builds", ())) > 1:
        note += f"; median of {len(r['ours_builds'])} builds ({_seconds(r['ours_builds'])} s)"
    lines.append(row("whole build", total, o["build_cpu_s"], whole_peak, note))
    md = o["speech_md_bytes"]
    lines.append(f"  search index {o['index_bytes'] / MB:.1f} MB = {o['index_bytes'] / md:.2f} x the speeches' "
                 f"Markdown ({md / MB:.1f} MB; all pages {o['all_md_bytes'] / MB:.1f} MB)")
    if "site_bytes" in r:
        lines.append(f"  site {r['site_bytes'] / MB:.1f} MB in {r['site_files']:,} files"
                     + (f" (plain set-up {r['plain_site_bytes'] / MB:.1f} MB)" if "plain_site_bytes" in r else ""))
    if "plain" in r:
        p = r["plain"]
        ps = p["stages"]
        ppeak = max(r["plain_rss_kb"], *p["peak_kb"].values())
        lines.append(f"  {'plain set-up':<16}{p['build_s']:>8.2f}{'':>8}{p['build_cpu_s']:>8.2f}{_mb(ppeak):>9}  "
                     f"search index {ps.get('search index', 0):.1f} s, pages {ps.get('mkdocs: pages', 0):.1f} s, "
                     f"Markdown {ps.get('mkdocs: markdown', 0):.1f} s; index {p['index_bytes'] / MB:.1f} MB "
                     f"= {p['index_bytes'] / md:.2f} x"
                     + (f"; median of {len(r['plain_builds'])} builds ({_seconds(r['plain_builds'])} s)"
                        if len(r.get("plain_builds", ())) > 1 else ""))
        lines.append(f"  plain / ours: {p['build_s'] / total:.2f} x wall, {p['build_cpu_s'] / o['build_cpu_s']:.2f} x CPU")
    return lines


def scaling(work: Path, rounds: int, kind: str = "seeds") -> dict[str, Any]:
    """This project's build at 1,000 and 2,000 speeches, one right after the other, in the order 1,000, 2,000,
    2,000, 1,000 (``rounds`` times): the machine's speed drifts by up to 1.5x over minutes, and between the two
    builds of the table above the plain set-up runs for a minute or more. In that order a drift that is steady
    over the four builds cancels out of the ratio of the two sums."""
    builds: list[tuple[int, float]] = []
    for _ in range(rounds):
        for n in (1000, 2000, 2000, 1000):
            base = base_dir(work, n, kind)
            ours, _, _ = run_child(["ours", "--seeds", str(base / "seeds"), "--site", str(base / "site")],
                                   base / "scaling.log")
            builds.append((n, ours["build_s"]))
    total = {n: sum(t for m, t in builds if m == n) for n in (1000, 2000)}
    return {"builds": builds, "ratio": total[2000] / total[1000]}


def serve_latency(n: int, work: Path, edits: int = 3, kind: str = "seeds") -> dict[str, Any]:
    """Under `mkdocs serve --dirty` on the N-speech corpus: seconds from writing an edited seed to the
    rebuilt page being served with the edit."""
    import urllib.request

    from bench.browser import free_port

    seeds = base_dir(work, n, kind) / "seeds"
    port = free_port()
    log = base_dir(work, n, kind) / "serve.log"
    err = open(log, "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "bench.serve", "--seeds", str(seeds), "--addr",
                             f"127.0.0.1:{port}"], cwd=ROOT, env=_env(),
                            stdout=err, stderr=err)
    target = sorted(seeds.glob("*.txt"))[len(list(seeds.glob("*.txt"))) // 2]
    url = f"http://127.0.0.1:{port}/speeches/{target.stem}/"
    original = target.read_text(encoding="utf-8")

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.read().decode("utf-8")
        except Exception:  # noqa: BLE001 - not up yet, or mid-rebuild
            return ""

    out: dict[str, Any] = {"n": n, "page": url, "latencies": []}
    try:
        start = time.perf_counter()
        while not fetch():
            if proc.poll() is not None or time.perf_counter() - start > 900:
                raise SystemExit(f"mkdocs serve did not come up; see {log}")
            time.sleep(0.2)
        out["first_build_s"] = time.perf_counter() - start
        time.sleep(1.0)
        for k in range(edits):
            # Each edit changes the speech's length, as a real one does (the speeches' list shows lengths).
            mark = "基准修改" + "甲乙丙丁戊己庚辛"[k] * (k + 1) + "号标记"
            # A new sentence in the middle of the longest line: inside the body, whatever the seed's chrome.
            at = original.find("。", original.find(max(original.split("\n"), key=len)) + len(max(original.split("\n"), key=len)) // 2) + 1
            edited = original[:at] + mark + "。" + original[at:]
            t0 = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            while mark not in fetch():
                if time.perf_counter() - t0 > 120:
                    raise SystemExit(f"edit never showed up at {url}; see {log}")
                time.sleep(0.02)
            out["latencies"].append(time.perf_counter() - t0)
            time.sleep(1.5)
    finally:
        target.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        err.close()
    out["unchanged_log"] = [ln.strip() for ln in log.read_text(encoding="utf-8").splitlines() if "unchanged" in ln]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speeches", type=int, nargs="*", default=[100, 1000, 2000], metavar="N",
                    help="corpus sizes to build (none: only --serve-latency or --browser on what is there)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "speeches-bench",
                    help="working folder for corpora and sites (default: $TMP/speeches-bench)")
    ap.add_argument("--rng-seed", type=int, default=7, help="corpus seed (default 7)")
    ap.add_argument("--corpus", choices=("seeds", "real"), default="seeds",
                    help="seeds: vary the bundled seeds (default); real: vary the real-length documents of "
                         "../shared/corpus/docs (the bundled seeds when that folder is absent)")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain set-up")
    ap.add_argument("--plain-max", type=int, default=10**9, help="build the plain set-up only up to this N")
    ap.add_argument("--serve-latency", type=int, metavar="N", help="edit-to-page latency under mkdocs serve at N")
    ap.add_argument("--browser", type=int, metavar="N", help="first search in headless Chromium on the N-speech site")
    ap.add_argument("--browser-query", metavar="Q",
                    help=f"what --browser searches for (default {BROWSER_QUERY['seeds']} on the seeds' corpus, "
                         f"{BROWSER_QUERY['real']} on the real-length one, which has no 双联)")
    ap.add_argument("--throttle", action="store_true",
                    help="--browser over an emulated 10 Mbit/s, 40 ms connection, as a reader's")
    ap.add_argument("--scaling-rounds", type=int, default=1, metavar="R",
                    help="with 1,000 and 2,000 in --speeches: R more rounds of builds at both sizes in turn "
                         "(1,000, 2,000, 2,000, 1,000) for the scaling ratio (default 1; 0: the table's two builds)")
    ap.add_argument("--repeat", type=int, default=3, metavar="R",
                    help="build each set-up R times in turn at every N up to --repeat-max, and show the median "
                         "build (default 3)")
    ap.add_argument("--repeat-max", type=int, default=1000, metavar="N",
                    help="above this N, build each set-up once (default 1,000)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    kind = args.corpus
    if kind == "real":
        from bench.real_corpus import REAL_DOCS, real_documents

        if not real_documents():
            print(f"== no real documents at {REAL_DOCS}: the corpus is made from the bundled seeds", flush=True)
            kind = "seeds"
    results: dict[str, Any] = {"runs": [], "corpus": kind}
    for n in args.speeches:
        r = measure(n, args.work, args.rng_seed, plain=not args.no_plain and n <= args.plain_max,
                    repeat=args.repeat if n <= args.repeat_max else 1, kind=kind)
        results["runs"].append(r)
        print("\n".join(report(r)), flush=True)
    by_n = {r["n"]: r for r in results["runs"]}
    if 1000 in by_n and 2000 in by_n:
        ratio = by_n[2000]["ours"]["build_s"] / by_n[1000]["ours"]["build_s"]
        results["scaling_2000_1000_single"] = ratio
        if args.scaling_rounds:
            s = scaling(args.work, args.scaling_rounds, kind)
            results["scaling"] = s
            results["scaling_2000_1000"] = s["ratio"]
            times = " / ".join(f"{n:,}: {t:.1f} s" for n, t in s["builds"])
            print(f"== scaling: 2,000 speeches take {s['ratio']:.2f} x the time of 1,000 (builds in turn, "
                  f"{times}); the two builds above: {ratio:.2f} x", flush=True)
        else:
            results["scaling_2000_1000"] = ratio
            print(f"== scaling: 2,000 speeches take {ratio:.2f} x the time of 1,000", flush=True)
    if args.serve_latency:
        if args.serve_latency not in by_n:
            write_corpus(base_dir(args.work, args.serve_latency, kind) / "seeds", args.serve_latency, args.rng_seed,
                         kind)
        s = serve_latency(args.serve_latency, args.work, kind=kind)
        results["serve"] = s
        lat = ", ".join(f"{x:.2f}" for x in s["latencies"])
        print(f"== mkdocs serve --dirty, {s['n']} speeches: first build {s['first_build_s']:.1f} s; "
              f"edit -> page served: {lat} s (max {max(s['latencies']):.2f} s)", flush=True)
        for ln in s["unchanged_log"]:
            print(f"   {ln}")
    if args.browser:
        from bench.browser import first_search

        site = base_dir(args.work, args.browser, kind) / "site"
        if not site.is_dir():
            raise SystemExit(f"no site at {site}: include {args.browser} in --speeches")
        query = args.browser_query or BROWSER_QUERY[kind]
        timeout = 600 if args.throttle else 120
        b = first_search(site, query, timeout_s=timeout, throttle=args.throttle)
        results["browser"] = b
        net = "10 Mbit/s, 40 ms" if args.throttle else "no throttling"
        print(f"== headless Chromium ({net}), {args.browser} speeches (ours): open search box -> first result "
              f"{b['open_to_result_s']:.2f} s (page load -> result {b['load_to_result_s']:.2f} s, "
              f"{b['results']} results for {b['query']}); {b['bytes_to_result'] / MB:.1f} MB over the wire "
              f"from page load to the result", flush=True)
        plain_site = base_dir(args.work, args.browser, kind) / "plain" / "site"
        if plain_site.is_dir():
            pb = first_search(plain_site, query, timeout_s=timeout, throttle=args.throttle)
            results["browser_plain"] = pb
            print(f"   plain set-up: open search box -> first result {pb['open_to_result_s']:.2f} s "
                  f"(page load -> result {pb['load_to_result_s']:.2f} s); {pb['bytes_to_result'] / MB:.1f} MB",
                  flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
