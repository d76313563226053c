"""The brief's figures, drawn with matplotlib (imported lazily, rendered by its Agg and SVG
canvases): the influence network of the focus and a timeline of projects and events.

Output is stable: a deterministic layout (Kamada–Kawai) of sorted nodes, names placed by a
fixed number of adjustText iterations (:mod:`.figure_labels`), no date in the SVG, a fixed SVG
id salt, and no software stamp in the PNG, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from typing import Any

from .document import FigureSpec

DPI = 200
WIDTH_IN = 6.9  # an A4 page's text width at 2 cm margins
NETWORK_HEIGHT_IN = 3.5  # ≈ 9 cm: brief.css and render_docx.py print it at this height
LEGEND_IN = 0.62  # the network's legend: up to 3 rows of 4
KEY_ROW_IN = 0.135  # one row of the network's numbered key (7.2 pt)
KEY_COLUMNS = 2
MAP_HEIGHT_IN = 4.4
MAP_LEGEND_IN = 0.5  # the map's legend: one row
KEY_CHARS = 54  # a key column's width (3.45 in) in 7.2 pt characters, with room to spare
FONT = "DejaVu Sans"
# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
NODE_STYLE: dict[str, tuple[str, str]] = {  # group -> (colour, marker)
    "State / government": ("#D55E00", "h"),
    "Company": ("#0072B2", "o"),
    "State-owned enterprise": ("#CC79A7", "o"),
    "Financial institution": ("#009E73", "o"),
    "Person": ("#999999", "^"),
    "Forum / organisation": ("#56B4E9", "p"),
    "Site": ("#E69F00", "s"),
    "Commodity": ("#F0E442", "D"),
    "Other": ("#BBBBBB", "o"),
}
EDGE_STYLE: dict[str, str] = {
    "ownership / control": "#0072B2",
    "development / operation": "#E69F00",
    "finance / investment": "#009E73",
    "political backing": "#D55E00",
    "offtake": "#CC79A7",
    "other": "#AAAAAA",
}
STATUS_STYLE = {  # timeline: status -> (marker, filled, colour, legend)
    "actual": ("o", True, "#0072B2", "happened (actual)"),
    "target": ("o", False, "#D55E00", "target / plan"),
    "event": ("D", True, "#555555", "deal, listing, announcement"),
}


def render_figures(specs: list[FigureSpec]) -> dict[str, dict[str, bytes]]:
    """``{key: {"png": bytes, "svg": bytes}}`` for each figure spec.

    Figures are drawn on :class:`matplotlib.figure.Figure` objects, never through pyplot, so
    no global backend is switched and nothing stays open between calls.
    """
    out = {}
    for spec in specs:
        draw = {"network": draw_network, "timeline": _timeline, "map": draw_map}[spec.key]
        out[spec.key] = _save(draw(spec))
    return out


def _rc() -> dict[str, Any]:
    """Settings applied for the duration of one drawing (``rc_context``): the SVG id salt is
    only read from rcParams."""
    return {"svg.hashsalt": "mineralgraph-brief", "font.family": FONT, "font.size": 7,
            "svg.fonttype": "path", "path.simplify": True}


def _save(fig) -> dict[str, bytes]:
    import matplotlib

    with matplotlib.rc_context(_rc()):
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return {"png": png.getvalue(), "svg": svg.getvalue()}


def _wrap(text: str, width: int = 18, lines: int = 2) -> str:
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


def draw_network(spec: FigureSpec):
    """The network, its names placed by :mod:`.figure_labels`; names that could not be placed
    without overlap are numbered, listed in a key between the drawing and the legend. The
    drawing is redone with room for the key until the key fits (it only grows, so this ends)."""
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(sorted(n.slug for n in spec.nodes))
    for e in sorted(spec.edges, key=lambda e: (e.source, e.target, e.group)):
        G.add_edge(e.source, e.target)
    pos = _layout(G)  # computed once: the redrawings differ only in the key's room
    return _until_key_fits(lambda rows: _network_drawing(spec, G, pos, rows))


def _until_key_fits(drawing):
    """``drawing(key_rows)`` → (figure, placed names), redrawn with room for the numbered key
    until it fits (the key only grows, so this ends)."""
    rows = 0
    while True:
        fig, placed = drawing(rows)
        need = math.ceil(len(placed.key) / KEY_COLUMNS)
        if need <= rows:
            return fig
        rows = need


def _network_drawing(spec: FigureSpec, G, pos: dict[str, Any], key_rows: int):
    import matplotlib
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from .figure_labels import place_labels

    with matplotlib.rc_context(_rc()):
        # drawn at the size it is printed (the page's width, NETWORK_HEIGHT_IN high), so its
        # labels keep their point size instead of being scaled down to fit the page; at the
        # PNG's resolution, so the names are measured as they are rasterised
        fig = Figure(figsize=(WIDTH_IN, NETWORK_HEIGHT_IN), dpi=DPI)
        FigureCanvasAgg(fig)
        bottom = (LEGEND_IN + key_rows * KEY_ROW_IN) / NETWORK_HEIGHT_IN
        ax = fig.add_axes((0.0, bottom, 1.0, 1.0 - bottom))
        ax.set_axis_off()
        nodes = {n.slug: n for n in spec.nodes}
        sizes = {s: 520.0 if n.focus else 200.0 for s, n in nodes.items()}
        for group, edges in _grouped(spec.edges).items():
            for tentative in (False, True):
                chosen = [(e.source, e.target) for e in edges if e.tentative == tentative]
                if chosen:
                    nx.draw_networkx_edges(
                        G, pos, edgelist=chosen, ax=ax, edge_color=EDGE_STYLE[group],
                        style="dashed" if tentative else "solid", width=1.1, alpha=0.85,
                        arrows=True, arrowstyle="-|>", arrowsize=7, node_size=260,
                        connectionstyle="arc3,rad=0.06")
        for group, (colour, marker) in NODE_STYLE.items():
            members = sorted(s for s, n in nodes.items() if n.group == group)
            if not members:
                continue
            nx.draw_networkx_nodes(G, pos, nodelist=members, ax=ax, node_color=colour,
                                   node_shape=marker, node_size=[sizes[s] for s in members],
                                   edgecolors=["#000000" if nodes[s].focus else "#333333"
                                               for s in members],
                                   linewidths=[1.8 if nodes[s].focus else 0.5
                                               for s in members])
        ax.margins(0.06)
        ax.set_xlim(ax.get_xlim())  # fixed before the names are placed against them
        ax.set_ylim(ax.get_ylim())
        colours = {s: NODE_STYLE.get(n.group, NODE_STYLE["Other"])[0] for s, n in nodes.items()}
        placed = place_labels(ax, fig.canvas.get_renderer(), pos, list(spec.nodes), sizes,
                              colours, _wrap)
        if placed.key:
            _key(fig, placed.key, bottom)
        used_nodes = {n.group for n in spec.nodes}
        used_edges = {e.group for e in spec.edges}
        handles = [Line2D([], [], marker=NODE_STYLE[g][1], linestyle="", markersize=6,
                          markerfacecolor=NODE_STYLE[g][0], markeredgecolor="#333333", label=g)
                   for g in NODE_STYLE if g in used_nodes]
        handles += [Line2D([], [], color=EDGE_STYLE[g], linewidth=1.5, label=g)
                    for g in EDGE_STYLE if g in used_edges]
        if any(e.tentative for e in spec.edges):
            handles.append(Line2D([], [], color="#555555", linestyle="dashed", linewidth=1.2,
                                  label="tentative or stage not stated"))
        fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=6.5, frameon=False,
                   bbox_to_anchor=(0.5, 0.0), columnspacing=1.2, handletextpad=0.4)
        return fig, placed


def _key(fig, key: tuple[tuple[int, str], ...], top: float,
         height: float = NETWORK_HEIGHT_IN) -> None:
    """The numbered names, in :data:`KEY_COLUMNS` columns filled top to bottom, just under the
    drawing (``top`` is the drawing's lower edge, in figure fractions)."""
    rows = math.ceil(len(key) / KEY_COLUMNS)
    step = KEY_ROW_IN / height
    for i, (number, name) in enumerate(key):
        column, row = divmod(i, rows)
        fig.text(0.02 + column / KEY_COLUMNS, top - (row + 0.5) * step,
                 f"{number}  {_wrap(name, KEY_CHARS, 1)}", ha="left", va="center",
                 fontsize=7.2)


def _layout(G) -> dict[str, Any]:
    """Kamada–Kawai (deterministic, evenly spaced) for each connected part; the largest
    part fills the left, the others are stacked in a column beside it, each with room in
    proportion to its size."""
    import networkx as nx

    und = nx.Graph(G.to_undirected())
    parts = sorted((sorted(c) for c in nx.connected_components(und)),
                   key=lambda c: (-len(c), c[0]))
    if not parts:
        return {}
    pos: dict[str, Any] = {}
    main = parts[0]
    size = len(main) ** 0.5
    pos.update(_fit(_part_layout(und.subgraph(main)), 0.0, 0.0, size, size))
    rest = parts[1:]
    if rest:
        heights = [max(1.0, len(c) ** 0.5) for c in rest]
        gap = 0.4
        scale = min(1.0, size / (sum(heights) + gap * (len(rest) - 1)))
        width = max(heights) * scale
        y = size
        for part, h in zip(rest, heights, strict=True):
            h *= scale
            pos.update(_fit(_part_layout(und.subgraph(part)), size + 0.8, y - h, width, h))
            y -= h + gap * scale
    return pos


def _part_layout(H) -> dict[str, Any]:
    import networkx as nx

    if H.number_of_nodes() == 1:
        return {next(iter(H.nodes)): (0.0, 0.0)}
    if H.number_of_nodes() == 2:
        a, b = sorted(H.nodes)
        return {a: (0.0, 0.0), b: (1.0, 0.0)}
    return nx.kamada_kawai_layout(H)


def _fit(pos: dict[str, Any], x0: float, y0: float, w: float, h: float) -> dict[str, Any]:
    """Scale positions into the box (x0, y0, w, h), keeping their aspect ratio, centred."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    k = min(w, h) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (x0 + w / 2 + (p[0] - cx) * k, y0 + h / 2 + (p[1] - cy) * k)
            for n, p in pos.items()}


def _grouped(edges) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in edges:
        out.setdefault(e.group, []).append(e)
    return {g: out[g] for g in EDGE_STYLE if g in out}


def _decimal_year(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    day = dt.date(*parts)
    return parts[0] + (day.timetuple().tm_yday - 0.5) / 365.25


def _timeline(spec: FigureSpec):
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    with matplotlib.rc_context(_rc()):
        rows: list[str] = []
        for item in spec.items:
            if item.row not in rows:
                rows.append(item.row)
        lines: list[tuple[str, Any]] = []  # (label, item or None for a row header)
        for row in rows:
            lines.append((row, None))
            for item in spec.items:
                if item.row == row:
                    lines.append((item.label, item))
        height = max(1.6, 0.19 * len(lines) + 0.75)
        fig = Figure(figsize=(WIDTH_IN, height))
        ax = fig.add_axes((0.47, 0.55 / height, 0.5, 1 - 0.65 / height))
        if not spec.items:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No dated milestones or events recorded.", ha="center",
                    va="center", transform=ax.transAxes)
            return fig
        years = [_decimal_year(i.date) for i in spec.items]
        lo, hi = int(min(years)) - 0.2, int(max(years)) + 1.2
        n = len(lines)
        for idx, (label, item) in enumerate(lines):
            y = n - idx
            if item is None:
                ax.axhspan(y - 0.5, y + 0.5, color="#EEF2F7", zorder=0)
                ax.text(0.01, y, _wrap(label, 110, 1), ha="left", va="center",
                        fontsize=7.5, fontweight="bold", zorder=3,
                        transform=blended_transform_factory(fig.transFigure, ax.transData))
                continue
            marker, filled, colour, _ = STATUS_STYLE[item.status]
            x = _decimal_year(item.date)
            ax.plot([lo, x], [y, y], color="#DDDDDD", linewidth=0.6, zorder=1)
            ax.plot([x], [y], marker=marker, markersize=5.5, color=colour,
                    markerfacecolor=colour if filled else "white", markeredgewidth=1.2,
                    zorder=3)
        ax.set_yticks([n - i for i, (_, it) in enumerate(lines) if it is not None])
        ax.set_yticklabels([f"{_wrap(lbl, 38, 1)}  ({it.date})" for lbl, it in lines
                            if it is not None], fontsize=7)
        ax.set_ylim(0.4, n + 0.6)
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
        ax.tick_params(axis="x", labelsize=6.5)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        handles = [Line2D([], [], marker=m, linestyle="", color=c, markerfacecolor=c if f
                          else "white", markersize=5.5, label=lab)
                   for m, f, c, lab in STATUS_STYLE.values()]
        fig.legend(handles=handles, loc="lower left", ncol=3, fontsize=6.5, frameon=False,
                   bbox_to_anchor=(0.0, 0.0))
        return fig


def draw_map(spec: FigureSpec):
    """The map; the sites' names placed by :mod:`.figure_labels` as in the network figure (a
    name that fits nowhere is numbered and listed in a key under the map), redrawn with room
    for the key until it fits."""
    return _until_key_fits(lambda rows: _map_drawing(spec, rows))


def _map_drawing(spec: FigureSpec, key_rows: int):
    """Country shapes (equirectangular, zoomed to the points), points by group, links as
    straight lines coloured by group; points sharing a centroid are fanned out a little."""

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from ..geo.countries import countries
    from .figure_labels import place_labels

    with matplotlib.rc_context(_rc()):
        height = MAP_HEIGHT_IN + key_rows * KEY_ROW_IN
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(fig)
        bottom = (MAP_LEGEND_IN + key_rows * KEY_ROW_IN) / height
        ax = fig.add_axes((0.0, bottom, 1.0, 1.0 - bottom))
        ax.set_axis_off()
        # the view: the points' extent, padded, widened to the axes' shape (width / height)
        lons, lats = [p.lon for p in spec.points], [p.lat for p in spec.points]
        shape = WIDTH_IN / (MAP_HEIGHT_IN - MAP_LEGEND_IN)
        w = max(max(lons) - min(lons), (max(lats) - min(lats)) * shape, 30.0) * 1.25
        h = w / shape
        cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
        pos: dict[str, tuple[float, float]] = {}
        taken: dict[tuple[float, float], int] = {}
        for p in sorted(spec.points, key=lambda p: (p.group != "Site", p.slug)):
            k = taken.get((p.lon, p.lat), 0)
            taken[(p.lon, p.lat)] = k + 1
            r = 0.018 * w * math.sqrt(k)
            pos[p.slug] = (p.lon + r * math.cos(k * 2.39996), p.lat + r * math.sin(k * 2.39996))
        polys = []
        for c in countries().values():
            g = c.geometry
            for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
                polys.append(poly[0])
        ax.add_collection(PolyCollection(polys, facecolors="#EEEEEE", edgecolors="#AAAAAA",
                                         linewidths=0.3))
        for e in sorted(spec.edges, key=lambda e: (e.source, e.target, e.group)):
            (a, b), (c, d) = pos[e.source], pos[e.target]
            ax.plot([a, c], [b, d], color=EDGE_STYLE.get(e.group, "#AAAAAA"), linewidth=0.7,
                    linestyle="--" if e.tentative else "-", alpha=0.7, zorder=2)
        sizes = {p.slug: 28.0 if p.group == "Site" else 14.0 for p in spec.points}
        for p in spec.points:
            colour, marker = NODE_STYLE.get(p.group, NODE_STYLE["Other"])
            x, y = pos[p.slug]
            ax.scatter([x], [y], s=sizes[p.slug], c=colour, marker=marker,
                       edgecolors="#333333", linewidths=0.4, zorder=3)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        sites = sorted((p for p in spec.points if p.group == "Site"), key=lambda p: p.slug)
        colours = {p.slug: NODE_STYLE.get(p.group, NODE_STYLE["Other"])[0] for p in sites}
        others = tuple((pos[p.slug], sizes[p.slug]) for p in spec.points if p.group != "Site")
        placed = place_labels(ax, fig.canvas.get_renderer(), pos, sites, sizes, colours, _wrap,
                              obstacles=others)
        if placed.key:
            _key(fig, placed.key, bottom, height)
        groups = sorted({p.group for p in spec.points})
        handles = [Line2D([], [], marker=NODE_STYLE.get(g, NODE_STYLE["Other"])[1], ls="",
                          color=NODE_STYLE.get(g, NODE_STYLE["Other"])[0], label=g)
                   for g in groups]
        fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 5),
                   frameon=False, fontsize=6.5)
    return fig, placed
