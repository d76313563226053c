"""Node labels of the brief's network figure: legible, never overlapping, the same bytes each run.

The rule, in order:

1. Every node gets its name (wrapped on two lines) at :data:`LABEL_PT` (the focus at
   :data:`FOCUS_PT`), and adjustText pushes the names apart and off the node markers, with a
   thin leader line to a name that moved away. It runs a fixed number of iterations
   (:data:`ITERATIONS`): its default is a one-second *time* limit, so the number of iterations,
   and with it the figure's bytes, depended on how busy the machine was (its only random draw
   is seeded, ``default_rng(42)``).
2. The renderer then measures every name's box. In the figure's order of importance (the focus,
   its sites, then actors by centrality), a name is kept where adjustText put it when its box
   stays inside the drawing and meets no kept name and no node marker; otherwise it is tried
   at the spots beside its marker listed in :data:`BESIDE`, in that order.
3. A name that fits nowhere, or that reads like one already kept, gives way to a number
   printed inside its marker, and its full name goes to a numbered key under the figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

LABEL_PT = 7.2  # printed at ~97 % (a 175 mm figure on a 170 mm text width): ≈ 7 pt
FOCUS_PT = 8.6
NUMBER_PT = 7.2
ITERATIONS = 100
WRAP = (20, 2)  # characters per line, lines
#: Text colour on each marker colour, for the numbers printed inside markers.
ON_COLOUR = {"#F0E442": "#000000", "#E69F00": "#000000", "#56B4E9": "#000000",
             "#BBBBBB": "#000000", "#999999": "#000000"}
MARKER_PAD_PT = 1.0


@dataclass(frozen=True)
class Placed:
    """What the labelling did: the slugs named in the figure and the numbered key."""

    named: tuple[str, ...]
    key: tuple[tuple[int, str], ...]  # (number, full name)


def marker_box(ax, xy: tuple[float, float], size: float):
    """The display-space box (pixels) of a marker of area ``size`` pt² centred at ``xy``."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform(xy)
    half = (math.sqrt(size) / 2 + MARKER_PAD_PT) * ax.figure.dpi / 72
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def label_box(text, renderer):
    """The display-space box of a label, its white background included."""
    patch = text.get_bbox_patch()
    extent = text.get_window_extent(renderer)
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    return extent


def place_labels(ax, renderer, pos: dict[str, tuple[float, float]], nodes: list,
                 sizes: dict[str, float], colours: dict[str, str], wrap,
                 obstacles: tuple[tuple[tuple[float, float], float], ...] = ()) -> Placed:
    """Draw the labels of ``nodes`` (in their order of importance) at ``pos`` on ``ax``;
    ``obstacles`` are further markers, ((x, y), area in pt²), that no name may cover."""
    from adjustText import adjust_text
    from matplotlib.transforms import Bbox

    texts = []
    for node in nodes:
        x, y = pos[node.slug]
        texts.append(ax.text(x, y, wrap(node.label, *WRAP), ha="center", va="center",
                             fontsize=FOCUS_PT if getattr(node, "focus", False) else LABEL_PT,
                             fontweight="bold" if getattr(node, "focus", False) else "normal", zorder=4,
                             bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                                   "alpha": 0.85}))
    markers = {n.slug: marker_box(ax, pos[n.slug], sizes[n.slug]) for n in nodes}
    others = [marker_box(ax, xy, size) for xy, size in obstacles]
    inverse = ax.transData.inverted()
    objects = [Bbox(inverse.transform(b.get_points()))
               for b in [*markers.values(), *others]]
    _, leaders = adjust_text(texts, ax=ax, objects=objects, iter_lim=ITERATIONS, time_lim=None,
                expand=(1.08, 1.25), ensure_inside_axes=True, prevent_crossings=False,
                min_arrow_len=6, arrowprops={"arrowstyle": "-", "color": "#666666",
                                             "lw": 0.45, "shrinkA": 0, "shrinkB": 2})
    kept: list[Any] = []
    named, seen, moved = [], set(), set()
    numbered: list = []
    free = ax.bbox  # names stay inside the drawing, clear of the key and legend

    def fits(box) -> bool:
        return (free.containsx(box.x0) and free.containsx(box.x1) and free.containsy(box.y0)
                and free.containsy(box.y1) and not any(box.overlaps(k) for k in kept)
                and not any(box.overlaps(m) for m in [*markers.values(), *others]))

    for node, text in zip(nodes, texts, strict=True):
        box = label_box(text, renderer)
        if text.get_text() in seen:
            box = None
        elif not fits(box):
            moved.add(id(text))
            box = _beside(ax, text, markers[node.slug], renderer, fits)
        if box is None:
            numbered.append(node)
            text.remove()
            continue
        kept.append(box)
        seen.add(text.get_text())
        named.append(node.slug)
    for leader in leaders:  # a name beside its node, or gone, needs no leader line
        if id(leader.patchA) in moved:
            leader.remove()
    # numbers run top to bottom, then left to right, so a reader finds them in order
    numbered.sort(key=lambda n: (-round(pos[n.slug][1], 6), pos[n.slug][0], n.slug))
    key = []
    for i, node in enumerate(numbered, start=1):
        colour = ON_COLOUR.get(colours[node.slug], "#FFFFFF")
        ax.text(*pos[node.slug], str(i), ha="center", va="center", fontsize=NUMBER_PT,
                fontweight="bold", color=colour, zorder=5, gid=f"number-{node.slug}")
        key.append((i, node.label))
    return Placed(tuple(named), tuple(key))


#: Spots beside a marker tried, in order, for a name adjustText left overlapping: (x, y) side
#: of the marker's box (-1, 0, 1) and the text's alignment there; each at the gaps of
#: :data:`GAPS_PT` in turn (nearest first), a farther one with a leader line to the marker.
BESIDE = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, -1, "center", "top"),
          (0, 1, "center", "bottom"), (1, -1, "left", "top"), (-1, -1, "right", "top"),
          (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"))
GAPS_PT = (1.5, 8.0, 16.0, 28.0, 40.0)


def _beside(ax, text, marker, renderer, fits):
    """Move ``text`` to the first spot of :data:`BESIDE` where its box ``fits``; its box, or
    None when no spot fits."""
    from matplotlib.lines import Line2D

    cx, cy = (marker.x0 + marker.x1) / 2, (marker.y0 + marker.y1) / 2
    inverse = ax.transData.inverted()
    for gap_pt in GAPS_PT:
        gap = gap_pt * ax.figure.dpi / 72
        for sx, sy, ha, va in BESIDE:
            x = cx if sx == 0 else (marker.x1 + gap if sx > 0 else marker.x0 - gap)
            y = cy if sy == 0 else (marker.y1 + gap if sy > 0 else marker.y0 - gap)
            text.set_position(inverse.transform((x, y)))
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = label_box(text, renderer)
            if fits(box):
                if gap_pt > GAPS_PT[0]:  # from the marker's edge to the name's near edge
                    edge = (cx + sx * (marker.x1 - marker.x0) / 2,
                            cy + sy * (marker.y1 - marker.y0) / 2)
                    ax.add_line(Line2D(*zip(*inverse.transform([edge, (x, y)])),
                                       color="#666666", linewidth=0.45, zorder=3))
                return box
    return None
