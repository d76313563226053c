"""Node positions computed in Python, so the page opens already laid out and the same graph
always looks the same (fixed seed, sorted nodes).

Each connected component is laid out on its own, the components are packed in rows biggest
first (rather than flung apart), and — up to :data:`LABEL_PASS_LIMIT` nodes — a last pass
pushes apart nodes whose label boxes overlap.

A component of up to :data:`EXACT_LIMIT` nodes gets a *stress* layout: the distance between
two nodes on the page follows the number of steps between them in the graph (classical MDS
start, then stress majorization). Clusters stay compact and no edge is stretched across the
page, which a force layout does when two dense clusters repel each other. A bigger component
gets a force layout (Fruchterman–Reingold) whose repulsion comes from the centres of mass of
a grid of cells: a 5,000-node graph takes seconds (NetworkX's spring layout about a minute).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import numpy as np

#: Components larger than this are laid out with grid-approximated repulsion.
EXACT_LIMIT = 1000
#: Graphs larger than this skip the label-overlap pass (it is quadratic).
LABEL_PASS_LIMIT = 1500
#: Ideal edge length in canvas pixels.
EDGE_PX = 80.0
#: Width / height of the area the components are packed into (a landscape screen).
ASPECT = 1.6
GAP = 30.0
#: A component is enlarged until this share of its nodes clear their nearest neighbour's
#: label, by at most SPREAD_MAX: more room means a smaller default zoom, so less is readable.
SPREAD_QUANTILE = 0.3
SPREAD_MAX = 1.3
#: Overlap pass: share of an overlap removed per round, and the most rounds.
STEP = 1.0
OVERLAP_ROUNDS = 3000


#: Labels longer than this many characters are wrapped onto several lines on the canvas.
WRAP_CHARS = 22


def wrap_label(label: str) -> str:
    """The label as drawn: wrapped at word boundaries into lines of about WRAP_CHARS."""
    import textwrap

    return "\n".join(textwrap.wrap(label, WRAP_CHARS, break_long_words=False)) or label


def label_box(label: str, size: float, font_px: float) -> tuple[float, float]:
    """Approximate width and height (canvas px) of a node drawn with its (wrapped) label
    below it."""
    lines = label.split("\n")
    width = max(2 * size, 0.58 * font_px * max(len(line) for line in lines)) + 12
    height = 2 * size + 1.25 * font_px * len(lines) + 10
    return width, height


def layout(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable, float]], *,
           boxes: Mapping[Hashable, tuple[float, float]] | None = None,
           seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Positions in canvas pixels for ``nodes`` joined by weighted ``edges``.

    Parameters
    ----------
    nodes
        Node keys; their sorted order fixes the result.
    edges
        ``(u, v, weight)``; weight in (0, 1] pulls the ends together (stronger = closer).
    boxes
        Width and height of each node with its label (see :func:`label_box`), used to keep
        labels from overlapping and to space the components.
    seed
        Seed of the initial positions.

    Examples
    --------
    >>> pos = layout(["a", "b", "c"], [("a", "b", 1.0)])
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout(["a", "b", "c"], [("a", "b", 1.0)])
    True
    """
    order = sorted(set(nodes), key=str)
    if not order:
        return {}
    index = {n: i for i, n in enumerate(order)}
    pairs: dict[tuple[int, int], float] = {}
    for u, v, w in edges:
        if u == v or u not in index or v not in index:
            continue
        key = (min(index[u], index[v]), max(index[u], index[v]))
        pairs[key] = max(pairs.get(key, 0.0), float(w))
    sizes = np.array([(boxes or {}).get(n, (60.0, 40.0)) for n in order], dtype=float)
    rng = np.random.default_rng(seed)
    pos = np.zeros((len(order), 2))
    placed = []
    for comp in _components(len(order), pairs):
        sub = {c: i for i, c in enumerate(comp)}
        sub_edges = [(sub[a], sub[b], w) for (a, b), w in pairs.items() if a in sub]
        if len(comp) <= EXACT_LIMIT:
            local = _stress_layout(len(comp), sub_edges) * EDGE_PX
            local *= _spread(local, sizes[comp])
        else:
            local = _force_layout(len(comp), sub_edges, rng) * EDGE_PX
        placed.append((comp, local))
    pack(placed, sizes, pos)
    if len(order) <= LABEL_PASS_LIMIT:
        _remove_overlaps(pos, sizes)
    pos -= pos.mean(axis=0)
    return {n: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1))
            for i, n in enumerate(order)}


def _components(n: int, pairs: Mapping[tuple[int, int], float]) -> list[list[int]]:
    """Connected components, biggest first, each sorted; ties by their first node."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _spread(pos: np.ndarray, sizes: np.ndarray) -> float:
    """How much to enlarge a component so that most nodes clear their nearest neighbour's
    label box (dense clusters need room before the overlap pass, which only nudges)."""
    if len(pos) < 2:
        return 1.0
    dx = np.abs(pos[:, 0, None] - pos[None, :, 0])
    dy = np.abs(pos[:, 1, None] - pos[None, :, 1])
    need_x = (sizes[:, 0, None] + sizes[None, :, 0]) / 2
    need_y = (sizes[:, 1, None] + sizes[None, :, 1]) / 2
    # the factor that separates a pair along its easier axis
    with np.errstate(divide="ignore"):
        factor = np.minimum(need_x / np.maximum(dx, 1e-6), need_y / np.maximum(dy, 1e-6))
    np.fill_diagonal(factor, 0.0)
    return float(np.clip(np.quantile(factor.max(axis=1), SPREAD_QUANTILE), 1.0, SPREAD_MAX))


def _stress_layout(n: int, edges: list[tuple[int, int, float]], *,
                   iterations: int = 150) -> np.ndarray:
    """Stress majorization on hop distances; returns an (n, 2) array centred on 0."""
    if n <= 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])[:n]
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    rows = [a for a, b, _ in edges] + [b for a, b, _ in edges]
    cols = [b for a, b, _ in edges] + [a for a, b, _ in edges]
    adjacency = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    dist = shortest_path(adjacency, unweighted=True, directed=False)
    # classical MDS: the two main axes of the double-centred squared distances
    sq = dist ** 2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    values, vectors = np.linalg.eigh(centred)
    top = np.argsort(values)[::-1][:2]
    pos = vectors[:, top] * np.sqrt(np.maximum(values[top], 1e-9))
    # a fixed sign per axis: eigenvectors are defined up to sign, pick the one that puts the
    # first node on the non-negative side so the layout never flips between runs
    pos *= np.where(pos[0] < 0, -1.0, 1.0)
    with np.errstate(divide="ignore"):
        weight = np.where(dist > 0, dist ** -2.0, 0.0)
    total = weight.sum(axis=1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        length = np.maximum(np.hypot(dx, dy), 1e-9)
        pull = weight * dist / length
        new_x = (weight * pos[None, :, 0] + pull * dx).sum(axis=1) / total
        new_y = (weight * pos[None, :, 1] + pull * dy).sum(axis=1) / total
        pos = np.stack([new_x, new_y], axis=1)
    return pos - pos.mean(axis=0)


def _force_layout(n: int, edges: list[tuple[int, int, float]],
                  rng: np.random.Generator) -> np.ndarray:
    """Fruchterman–Reingold in unit edge lengths; returns an (n, 2) array centred on 0."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    pos = rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
    src = np.array([e[0] for e in edges], dtype=int)
    dst = np.array([e[1] for e in edges], dtype=int)
    weight = np.array([0.5 + e[2] for e in edges])
    iterations = 120 if n <= EXACT_LIMIT else 60
    temperature = math.sqrt(n) / 2
    for step in range(iterations):
        disp = _repulsion(pos) if n <= EXACT_LIMIT else _grid_repulsion(pos)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
            pull = (delta * (dist * weight)[:, None])
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 0.02  # gravity: keeps loosely joined parts of a component together
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        t = temperature * (1 - step / iterations) + 0.01
        pos += disp / length[:, None] * np.minimum(length, t)[:, None]
    return pos - pos.mean(axis=0)


def _repulsion(pos: np.ndarray) -> np.ndarray:
    dx = pos[:, 0, None] - pos[None, :, 0]
    dy = pos[:, 1, None] - pos[None, :, 1]
    inv = 1.0 / np.maximum(dx * dx + dy * dy, 1e-4)
    np.fill_diagonal(inv, 0.0)
    return np.stack([(dx * inv).sum(axis=1), (dy * inv).sum(axis=1)], axis=1)


def _grid_repulsion(pos: np.ndarray) -> np.ndarray:
    """Repulsion from the centres of mass of a grid of about n/4 cells (each node's own
    cell without itself), O(n · cells) instead of O(n²)."""
    n = len(pos)
    cells_per_side = max(2, int(math.sqrt(n / 4)))
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = np.maximum(hi - lo, 1e-6)
    cell = np.minimum(((pos - lo) / span * cells_per_side).astype(int), cells_per_side - 1)
    flat = cell[:, 0] * cells_per_side + cell[:, 1]
    count = np.bincount(flat, minlength=cells_per_side ** 2).astype(float)
    sums = np.stack([np.bincount(flat, weights=pos[:, d], minlength=cells_per_side ** 2)
                     for d in (0, 1)], axis=1)
    used = count > 0
    centres, mass = sums[used] / count[used][:, None], count[used]
    dx = pos[:, 0, None] - centres[None, :, 0]
    dy = pos[:, 1, None] - centres[None, :, 1]
    scale = mass / np.maximum(dx * dx + dy * dy, 1e-4)
    force = np.stack([(dx * scale).sum(axis=1), (dy * scale).sum(axis=1)], axis=1)
    # take the node's own contribution out of its cell's centre of mass
    own = np.searchsorted(np.flatnonzero(used), flat)
    rows = np.arange(n)
    force -= np.stack([dx[rows, own], dy[rows, own]], axis=1) * scale[rows, own][:, None]
    rest = mass[own] - 1
    has_rest = rest > 0
    centre_wo = (centres[own] * mass[own][:, None] - pos)
    centre_wo[has_rest] /= rest[has_rest][:, None]
    d = pos - centre_wo
    d2 = np.maximum((d ** 2).sum(axis=1), 1e-4)
    force[has_rest] += d[has_rest] * (rest[has_rest] / d2[has_rest])[:, None]
    return force


def pack(placed: list[tuple[list[int], np.ndarray]], sizes: np.ndarray,
          pos: np.ndarray) -> None:
    """Place the components on a landscape page: the biggest at the top left, the others in
    shelves to its right while they fit beside it, then in shelves below."""
    boxes = []
    for comp, local in placed:
        half = sizes[comp] / 2
        lo = (local - half).min(axis=0)
        hi = (local + half).max(axis=0)
        boxes.append((lo, hi - lo))
    total = sum(float(w * h) for _, (w, h) in boxes)
    page_width = max(math.sqrt(total * ASPECT), float(boxes[0][1][0]))
    first_w, first_h = boxes[0][1]
    # shelves beside the first component, then below everything
    left, top, bottom = first_w + GAP, 0.0, first_h
    x, y, shelf = left, top, 0.0
    offsets = [np.zeros(2)]
    for _, (w, h) in boxes[1:]:
        if x > left and x + w > page_width:  # next shelf
            x, y, shelf = left, y + shelf + GAP, 0.0
        if left > 0 and y + h > bottom:  # no room beside the first: continue below
            left, x, y, shelf = 0.0, 0.0, max(bottom, y + shelf) + GAP, 0.0
        offsets.append(np.array([x, y]))
        x += w + GAP
        shelf = max(shelf, h)
    for (comp, local), (lo, _), offset in zip(placed, boxes, offsets):
        pos[comp] = local - lo + offset


def _remove_overlaps(pos: np.ndarray, sizes: np.ndarray) -> None:
    """Push apart nodes whose label boxes overlap, along the axis of least overlap, until
    none do or the round budget (fewer rounds for bigger graphs: each is quadratic) ends."""
    n = len(pos)
    if n < 2:
        return
    rounds = int(min(OVERLAP_ROUNDS, max(100, 3e8 / n ** 2)))
    half_w = (sizes[:, 0][:, None] + sizes[:, 0][None, :]) / 2
    half_h = (sizes[:, 1][:, None] + sizes[:, 1][None, :]) / 2
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    for _ in range(rounds):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        over_x = half_w - np.abs(dx)
        over_y = half_h - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0) & upper
        if not clash.any():
            return
        i, j = np.nonzero(clash)
        ox, oy = over_x[i, j], over_y[i, j]
        along_x = ox < oy
        # equal positions: break the tie by index so the push is deterministic
        sx = np.where(dx[i, j] >= 0, 1.0, -1.0)
        sy = np.where(dy[i, j] >= 0, 1.0, -1.0)
        shift = np.zeros((len(i), 2))
        shift[along_x, 0] = sx[along_x] * (ox[along_x] / 2 + 1)
        shift[~along_x, 1] = sy[~along_x] * (oy[~along_x] / 2 + 1)
        move = np.zeros_like(pos)
        np.add.at(move, i, shift)
        np.add.at(move, j, -shift)
        pos += move * STEP
