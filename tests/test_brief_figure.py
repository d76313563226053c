"""The brief's network figure (and the map's site names) on the real data, read from the drawn matplotlib artists: every
name legible at print size, no name box over another or over a node marker, no two names
alike, every node either named or numbered in the key, and the same bytes on every run (in
this process and from the command line)."""

from __future__ import annotations

import itertools
import math

import pytest
from matplotlib.collections import PathCollection
from matplotlib.transforms import Bbox

from mineralgraph.brief import build_brief
from mineralgraph.brief.data import load_graph_data
from mineralgraph.brief.figures import WIDTH_IN, draw_map, draw_network, render_figures

from conftest import run_cli

#: Crowded scopes: the most nodes in the figure (us-exim: 38 entities around one financier).
FOCI = [("us-exim", None), ("tungsten", None), ("kazakhstan", "tungsten"), ("bakuta", None)]
PRINTED = (210 - 2 * 20) / 25.4 / WIDTH_IN  # A4 text width at 2 cm margins / figure width


@pytest.fixture(scope="module")
def specs(real_store):
    data = load_graph_data(real_store)
    return {focus: next(f for f in build_brief(real_store, focus, commodity=commodity,
                                               data=data).figures if f.key == "network")
            for focus, commodity in FOCI}


def drawn(fig):
    """(names, their boxes, numbers, marker boxes, key lines) of a drawn network figure."""
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    names, boxes, numbers = [], [], []
    for t in ax.texts:
        if (t.get_gid() or "").startswith("number-"):
            numbers.append(t)
            continue
        t.get_window_extent(renderer)
        t.update_bbox_position_size(renderer)
        names.append(t)
        patch = t.get_bbox_patch()
        boxes.append(patch.get_window_extent(renderer) if patch else
                     t.get_window_extent(renderer))
    markers = []
    for c in ax.collections:
        if isinstance(c, PathCollection):  # nodes: area in pt², centred on each offset
            for xy, size in zip(c.get_offsets(), itertools.cycle(c.get_sizes())):
                x, y = ax.transData.transform(xy)
                half = math.sqrt(size) / 2 * fig.dpi / 72
                markers.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    assert all(t.get_fontsize() * PRINTED >= 6.9 for t in fig.texts), "key ≥ 7 pt printed"
    lines = [t.get_window_extent(renderer) for t in fig.texts]
    assert all(fig.bbox.containsx(b.x0) and fig.bbox.containsx(b.x1) for b in lines), \
        "the key stays on the figure"
    assert not any(a.overlaps(b) for a, b in itertools.combinations(lines, 2))
    key = [t.get_text() for t in fig.texts]
    return names, boxes, numbers, markers, key


@pytest.mark.parametrize("focus", [f for f, _ in FOCI])
def test_names_are_legible_apart_and_unique(specs, focus):
    spec = specs[focus]
    names, boxes, numbers, markers, key = drawn(draw_network(spec))
    assert len(markers) == len(spec.nodes)
    assert len(names) + len(numbers) == len(spec.nodes), "every node named or numbered"
    assert len(names) >= len(spec.nodes) / 2, "most nodes keep their name"
    texts = [t.get_text() for t in names]
    assert len(set(texts)) == len(texts), "no two names alike"
    assert min(t.get_fontsize() for t in names + numbers) * PRINTED >= 6.9, "≥ 7 pt printed"
    crossing = [(texts[i], texts[j]) for i, j in itertools.combinations(range(len(boxes)), 2)
                if boxes[i].overlaps(boxes[j])]
    assert crossing == []
    on_markers = [texts[i] for i, b in enumerate(boxes) if any(b.overlaps(m) for m in markers)]
    assert on_markers == []
    # the key lists each number once, in order, with the node's name
    assert [line.split("  ", 1)[0] for line in key] == [str(i) for i in range(1, len(numbers) + 1)]
    assert sorted(n.get_text() for n in numbers) == sorted(str(i) for i in
                                                           range(1, len(numbers) + 1))
    labels = {n.label for n in spec.nodes}
    for line in key:
        name = line.split("  ", 1)[1]
        assert name in labels or (name.endswith("…") and any(
            label.startswith(name[:-1]) for label in labels))


def test_figure_bytes_are_the_same_each_run(specs, real_build, tmp_path):
    spec = specs["us-exim"]
    first, second = render_figures([spec]), render_figures([spec])
    assert first == second
    proc = run_cli("brief", "--focus", "us-exim", "--format", "md", "-o", str(tmp_path),
                   "--store", str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    for ext in ("png", "svg"):
        assert (tmp_path / f"brief-us-exim-network.{ext}").read_bytes() == \
            first["network"][ext], ext


#: Scopes whose map crowds several sites into one country (Kazakhstan's tungsten deposits).
MAP_FOCI = [("kazakhstan", None), ("tungsten", None), ("kazakhstan", "tungsten")]


@pytest.mark.parametrize("focus,commodity", MAP_FOCI)
def test_map_site_names_are_legible_apart_and_unique(real_store, focus, commodity):
    spec = next(f for f in build_brief(real_store, focus, commodity=commodity).figures
                if f.key == "map")
    sites = [p for p in spec.points if p.group == "Site"]
    assert len(sites) >= 4, "a crowded map: the test needs several sites"
    names, boxes, numbers, markers, key = drawn(draw_map(spec))
    assert len(markers) == len(spec.points)
    assert len(names) + len(numbers) == len(sites), "every site named or numbered"
    texts = [t.get_text() for t in names]
    assert len(set(texts)) == len(texts), "no two names alike"
    assert min(t.get_fontsize() for t in names + numbers) * PRINTED >= 6.9, "≥ 7 pt printed"
    assert not [(texts[i], texts[j]) for i, j in itertools.combinations(range(len(boxes)), 2)
                if boxes[i].overlaps(boxes[j])]
    assert not [texts[i] for i, b in enumerate(boxes) if any(b.overlaps(m) for m in markers)]
    assert [line.split("  ", 1)[0] for line in key] == [str(i) for i in range(1, len(numbers) + 1)]
    assert render_figures([spec]) == render_figures([spec]), "the same bytes each run"
