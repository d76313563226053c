"""The explorer's map view at 5,000 sites: time from opening the page to the map's first
drawing in headless Chromium (goal: within 2 s), against the network view of the same
graph opened the same way (baseline, same run).

    python benchmarks/map_bench.py [--sites 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def sites_graph(n: int):
    from explore_graphs import synthetic_graph

    from mineralgraph.geo.countries import countries

    G = synthetic_graph(n)
    ids = sorted(countries())
    for i, node in enumerate(sorted(G.nodes)):
        G.nodes[node].update(kind="mine", category="site", country=ids[i % len(ids)])
    return G


BUILD_MS: list[float] = []


def open_time(browser, path: Path, flag: str) -> float:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    url = path.resolve().as_uri()
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_function(f"() => window.mgExplorer && window.mgExplorer.{flag} === true",
                           timeout=120_000)
    took = time.perf_counter() - t
    if flag == "mapDrawn":
        BUILD_MS.append(page.evaluate("mgExplorer.mapBuildMs"))
    page.close()
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from mineralgraph.explore import graph_page

    G = sites_graph(args.sites)
    work = Path(tempfile.mkdtemp(prefix="mg-map-bench-"))
    pages = {}
    for view in ("map", "network"):
        pages[view] = work / f"{view}.html"
        pages[view].write_text(graph_page(G, view=view).html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        times = {v: [open_time(browser, p, "mapDrawn" if v == "map" else "ready")
                     for _ in range(args.runs)] for v, p in pages.items()}
        browser.close()
    m, n = statistics.median(times["map"]), statistics.median(times["network"])
    print(f"{args.sites:,} sites: map drawn in {m:.2f} s (median of {args.runs}; "
          f"{min(times['map']):.2f}–{max(times['map']):.2f}), network view ready in {n:.2f} s; "
          f"ratio {m / n:.2f}; goal ≤ 2 s: {'met' if m <= 2 else 'NOT met'} (shared machine); "
          f"of which drawing the map itself: {statistics.median(BUILD_MS):.0f} ms; page "
          f"{pages['map'].stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
