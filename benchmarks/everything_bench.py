"""The explorer's "Show everything" at 1366×768 in headless Chromium: time to write the page,
time from the click to the next drawing, and the labels drawn when the view is fitted and
after zooming in ×2 and ×4 (how many, the smallest in screen px, overlapping pairs), on the
real data set and on a synthetic graph; screenshots to look at go to --shots.

    python benchmarks/everything_bench.py [--synthetic 5000] [--shots /tmp/everything]

On pages drawn by vis-network itself (no overview: the page before the grouped view) the
labels counted are those vis-network draws (its threshold, not the 10 px a reader needs).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SCREEN = {"width": 1366, "height": 768}
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# the labels drawn, in screen px of the canvas: the overview's own, else vis-network's
LABELS = """() => { const api = mgExplorer, n = api.network, s = n.getScale();
  if (api.overviewOn && api.overviewOn()) return api.labelBoxes();
  const c = document.querySelector('#mg-network canvas').getBoundingClientRect();
  const out = [];
  api.nodes.get({filter: x => !x.hidden}).forEach(node => {
    const b = n.body.nodes[node.id]; if (!b || !b.labelModule.visible()) return;
    const z = b.labelModule.size;
    const a = n.canvasToDOM({x: z.left, y: z.top});
    const d = n.canvasToDOM({x: z.left + z.width, y: z.top + z.height});
    if (d.x < 0 || d.y < 0 || a.x > c.width || a.y > c.height) return;
    out.push({id: node.id, px: b.options.font.size * s, box: [a.x, a.y, d.x, d.y]});
  });
  return out; }"""


def overlapping(labels: list[dict]) -> int:
    count = 0
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            A, B = a["box"], b["box"]
            count += A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]
    return count


def measure(browser, path: Path, name: str, shots: Path) -> dict:
    page = browser.new_page(viewport=SCREEN)
    url = path.resolve().as_uri()
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page.goto(url)
    page.wait_for_function("() => window.mgExplorer && mgExplorer.ready === true",
                           timeout=180_000)
    page.evaluate("() => { window.__drawn = 0; "
                  "mgExplorer.network.on('afterDrawing', () => { window.__drawn += 1; }); }")
    t0 = time.perf_counter()
    page.click("#mg-show-all")
    page.wait_for_function("() => window.__drawn > 0")
    page.evaluate(FRAME)
    out = {"click_to_drawn_s": round(time.perf_counter() - t0, 2),
           "entities": len(page.evaluate("mgExplorer.visibleNodeIds()"))}
    for zoom in (1, 2, 4):
        if zoom > 1:
            page.evaluate("() => { const n = mgExplorer.network; "
                          "n.moveTo({scale: n.getScale() * 2, animation: false}); }")
        page.evaluate("mgExplorer.network.redraw()")
        page.evaluate(FRAME)
        labels = page.evaluate(LABELS)
        px = [l["px"] for l in labels]
        out[f"x{zoom}"] = {"labels": len(labels), "min_px": round(min(px), 1) if px else None,
                           "under_10px": sum(p < 10 for p in px),
                           "overlapping_pairs": overlapping(labels)}
        page.screenshot(path=str(shots / f"{name}-x{zoom}.png"))
    page.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=5000)
    parser.add_argument("--shots", type=Path, default=Path(tempfile.gettempdir()) / "everything")
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from explore_graphs import synthetic_graph
    from mineralgraph.build import build
    from mineralgraph.explore import explorer_page, graph_page
    from mineralgraph.load import load_dataset
    from mineralgraph.store import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        built = build(load_dataset(), Path(tmp) / "out")
        pages = {}
        t0 = time.perf_counter()
        pages["real"] = explorer_page(EmbeddedStore(built.store_dir)).html
        written = {"real": time.perf_counter() - t0}
        t0 = time.perf_counter()
        pages["synthetic"] = graph_page(synthetic_graph(args.synthetic)).html
        written["synthetic"] = time.perf_counter() - t0
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, html in pages.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            print(name, f"write {written[name]:.1f} s", measure(browser, path, name, args.shots))
        browser.close()
    print(f"screenshots: {args.shots}/")


if __name__ == "__main__":
    main()
