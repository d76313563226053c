"""Stage 5 — ``explore`` at about 100, 1k and 5k nodes: time to write the page, its size, and
the time until it is interactive in headless Chromium (Playwright, Debian's chromium; the
page's own ready flag, set after its first drawing). Every request other than the page
itself is aborted and counted: the page must work offline."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from context import Context, StageReport, Table, module_available
from timing import Stat, fmt_mb, fmt_s, repeat, run_child

KEY, TITLE = "explore", "Stage 5 — Explorer: write the page, open it in Chromium"
FULL_NODES = [100, 1_000, 5_000]
QUICK_NODES = [100]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
READY = "() => window.mgExplorer && window.mgExplorer.ready === true"
READY_LIMIT_S = 180.0
INTERACTIVE_S = 5.0


def missing(ctx: Context) -> str | None:
    if not module_available("mineralgraph.explore"):
        return "mineralgraph.explore (write_explorer) has not landed"
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    return None


# -- children -------------------------------------------------------------------------------
def write_page(store_dir: str, html_path: str) -> dict:
    from mineralgraph.explore import explorer_page
    from mineralgraph.store import EmbeddedStore

    target = Path(html_path)
    t0 = time.perf_counter()
    store = EmbeddedStore(store_dir)  # opened as `mineralgraph explore` opens it: timed too
    page = explorer_page(store)  # what write_explorer does, keeping the counts it returns
    tmp = target.with_suffix(".tmp")
    tmp.write_text(page.html, encoding="utf-8")
    tmp.replace(target)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "nodes": page.nodes, "edges": page.edges,
            "bytes": Path(html_path).stat().st_size}


def open_page(html_path: str, runs: int) -> dict:
    """Open the page ``runs`` times in a fresh page each; time navigation → ready flag."""
    from playwright.sync_api import sync_playwright

    url = Path(html_path).resolve().as_uri()
    blocked: list[str] = []
    errors: list[str] = []
    times, in_page = [], []

    def only_the_page(route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/*", only_the_page)
                page.on("pageerror", lambda exc: errors.append(str(exc)[:200]))
                t0 = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.wait_for_function(READY, timeout=READY_LIMIT_S * 1000, polling=50)
                times.append(time.perf_counter() - t0)
                # the page's own clock: milliseconds since navigation started
                in_page.append(page.evaluate("() => performance.now()") / 1000)
                page.close()
        finally:
            browser.close()
    return {"seconds": statistics.median(times), "times": times, "in_page": in_page,
            "blocked": sorted(set(blocked)), "errors": errors[:5]}


# -- the stage ------------------------------------------------------------------------------
def run(ctx: Context) -> StageReport:
    from stage_network import NODES_PER_ACTOR

    rep = StageReport(KEY, TITLE)
    table = Table("Explorer page of the whole projected graph (median of runs, min–max)",
                  ["target nodes", "nodes shown", "relations shown", "write the page", "file",
                   "ready in Chromium", "memory (write)", "memory (browser driver)"], [])
    facts = []
    for target in (QUICK_NODES if ctx.quick else FULL_NODES):
        actors = max(100, round(target / NODES_PER_ACTOR))
        out = ctx.work / f"explore-{actors}-s{ctx.seed}"
        run_child("fast_store:make_store",
                  {"actors": actors, "seed": ctx.seed, "out_dir": str(out)}, timeout=1800)
        html = out / "explorer.html"
        write, w_res = repeat(lambda: run_child(
            "stage_explore:write_page", {"store_dir": str(out / "store"),
                                         "html_path": str(html)}, timeout=1800),
            runs=ctx.runs, single_run_over=60)
        opened = run_child("stage_explore:open_page", {"html_path": str(html),
                                                       "runs": ctx.runs},
                           timeout=READY_LIMIT_S * ctx.runs + 120)
        ready = Stat.of(opened["times"])
        first = w_res[0]
        table.rows.append([f"{target:,}", f"{first['nodes']:,}", f"{first['edges']:,}",
                           str(write), fmt_mb(first["bytes"] / 2**20), str(ready),
                           fmt_mb(max(r["peak_mb"] for r in w_res)),
                           fmt_mb(opened["peak_mb"])])
        if opened["blocked"]:
            rep.findings.append(f"The explorer page at {first['nodes']:,} nodes tried to fetch "
                                f"{len(opened['blocked'])} address(es) (aborted): "
                                f"{', '.join(opened['blocked'][:3])}")
        if opened["errors"]:
            rep.notes.append(f"Page errors at {first['nodes']:,} nodes: "
                             + "; ".join(opened["errors"]))
        facts.append((first["nodes"], write.median, ready.median, first["bytes"]))
        shutil.rmtree(out, ignore_errors=True)
    rep.tables.append(table)
    rep.notes.append("\"Ready\" is the time from navigation until the page's own ready flag "
                     "(`window.mgExplorer.ready`, set after vis-network's first drawing); "
                     "requests other than the page are aborted and counted (none expected). "
                     "Browser memory is the Python driver's; Chromium runs in its own "
                     "processes.")
    _bends(rep, facts)
    return rep


def _bends(rep: StageReport, facts: list[tuple[int, float, float, int]]) -> None:
    if not facts:
        return
    nodes, write_s, ready_s, size = facts[-1]
    rep.headlines.append(f"Explorer at {nodes:,} nodes: written in {fmt_s(write_s)}, "
                         f"{fmt_mb(size / 2**20)}, interactive in Chromium after "
                         f"{fmt_s(ready_s)}.")
    slow = [(n, r) for n, _, r, _ in facts if r > INTERACTIVE_S]
    text = (f"the page becomes usable within {INTERACTIVE_S:.0f} s up to {nodes:,} nodes "
            "(positions are precomputed, no physics in the browser)" if not slow else
            f"at {slow[0][0]:,} nodes the page needs {fmt_s(slow[0][1])} to become usable")
    rep.bends.append(text + "; for larger graphs show a focus (`--focus`, `--depth`) or a "
                     "country (`--country`) rather than the whole graph, and keep layouts "
                     "precomputed.")
