"""What the two figures show: the influence network of the focus and the timeline of its
projects, as plain specs (nodes, edges, dated items) with cited captions; :mod:`.figures`
draws them."""

from __future__ import annotations

import datetime as dt

from ..model import date_bounds
from . import analysis as A
from . import findings as F
from .cite import Run, para
from .context import Ctx
from .document import FigureSpec, MapPoint, NetEdge, NetNode, TimelineItem
from .fmt import kind_label, plural, relation_label
from .phrases import stage_words

#: Relation kinds shown as dated events on the timeline.
TIMELINE_KINDS = frozenset({"signs", "partner-in", "finances", "listed-on", "acquires",
                            "invests-in", "launches", "offtake", "owns", "develops",
                            "party-to", "holds-licence", "backs"})
MAX_NETWORK_NODES = 40
MAX_TIMELINE_ROWS = 3  # the body's figure stays legible at print size (issue 21)
MAX_TIMELINE_ITEMS = 8

NODE_GROUPS = {
    "state": "State / government", "government-agency": "State / government",
    "company": "Company", "joint-venture": "Company", "state-owned-enterprise":
    "State-owned enterprise", "financial-institution": "Financial institution",
    "person": "Person", "forum": "Forum / organisation",
    "intergovernmental-organisation": "Forum / organisation",
    "organisation": "Forum / organisation", "stock-exchange": "Forum / organisation",
    "deposit": "Site", "mine": "Site", "project": "Site", "ore-field": "Site",
    "facility": "Site", "commodity": "Commodity",
}
EDGE_GROUPS = {
    "owns": "ownership / control", "controls": "ownership / control",
    "partner-in": "ownership / control", "acquires": "ownership / control",
    "holds-licence": "ownership / control", "develops": "development / operation",
    "operates": "development / operation", "contractor-for": "development / operation",
    "finances": "finance / investment", "invests-in": "finance / investment",
    "backs": "political backing", "applies-to": "political backing",
    "issues": "political backing", "offtake": "offtake",
}


def network_figure(ctx: Ctx, ranked: list[A.Central]) -> FigureSpec:
    """The focus and the most central entities of the scope (at most
    :data:`MAX_NETWORK_NODES`), one edge per related pair and kind of relation."""
    sc, d = ctx.scope, ctx.data
    score = {c.slug: c.score for c in ranked}
    # who stays when the figure is full: the focus, its sites, then actors by centrality
    order = {"site": 1, "actor": 2}
    nodes = sorted(sc.members, key=lambda n: (
        n != sc.focus.entity.slug,
        order.get(d.entities[n].category if n in d.entities else "", 3),
        -score.get(n, 0.0), d.label(n)))
    keep = set(nodes[:MAX_NETWORK_NODES])
    edges, seen, sources = [], set(), []
    for s in sc.statements:
        if s.subject in keep and s.object in keep and s.subject != s.object:
            pair = (s.subject, s.object, EDGE_GROUPS.get(s.kind, "other"))
            sources.extend(s.sources)
            if pair in seen:
                continue
            seen.add(pair)
            edges.append(NetEdge(s.subject, s.object, pair[2], s.tentative))
    linked = {e.source for e in edges} | {e.target for e in edges} | {sc.focus.entity.slug}
    shown = [n for n in nodes if n in keep and n in linked]  # in order of importance
    names = unique_labels(ctx, shown)
    net_nodes = [NetNode(n, names[n], d.kind(n), NODE_GROUPS.get(d.kind(n), "Other"),
                         n == sc.focus.entity.slug) for n in shown]
    dropped = len(sc.members) - len(keep)
    more = (f"; {plural(dropped, 'less central entity', 'less central entities')} left out"
            if dropped > 0 else "")
    entities = plural(len(net_nodes), "entity", "entities")
    caption = para(f"Influence network of {sc.focus.title}: {entities}, "
                   f"{plural(len(edges), 'link')}{more}. Dashed lines are links that are "
                   "tentative or have no stated stage (reported, announced, planned, letter of "
                   "interest). Sources: ",
                   Run("", ctx.cites.cite(dict.fromkeys(sources))), ".")
    return FigureSpec("network", "Influence network", caption, nodes=net_nodes, edges=edges)


def map_figure(ctx: Ctx) -> FigureSpec | None:
    """Sites and actors of the scope at their points (GeoSPARQL: a source's coordinates, or
    the country's centroid, approximate), with the relations between them; None when the
    scope has no placed site."""
    sc, d = ctx.scope, ctx.data
    placed = {n: d.places[n] for n in sc.members if n in d.places and n in d.entities}
    if not any(d.entities[n].category == "site" for n in placed):
        return None
    points = [MapPoint(n, d.label(n), NODE_GROUPS.get(d.kind(n), "Other"), p["lat"], p["lon"],
                       p["precision"]) for n, p in sorted(placed.items())]
    edges, seen, sources = [], set(), []
    for s in sc.statements:
        if s.subject in placed and s.object in placed and s.subject != s.object:
            pair = (s.subject, s.object, EDGE_GROUPS.get(s.kind, "other"))
            if pair not in seen:
                seen.add(pair)
                sources.extend(s.sources)
                edges.append(NetEdge(s.subject, s.object, pair[2], s.tentative))
    approx = sum(1 for p in points if p.precision == "approximate")
    caption = para(f"Map of {sc.focus.title}: {plural(len(points), 'placed entity', 'placed entities')}"
                   f", {plural(len(edges), 'link')}. {approx} of them are drawn at their "
                   "country's centroid (approximate: no source in hand gives their "
                   "coordinates). Country shapes: Natural Earth (public domain). Sources: ",
                   Run("", ctx.cites.cite(dict.fromkeys(sources))), ".")
    return FigureSpec("map", "Map", caption, edges=edges, points=points)


def unique_labels(ctx: Ctx, slugs: list[str]) -> dict[str, str]:
    """Slug → its label, with the kind (then the country, then the slug) appended where two
    different entities of the figure share a label."""
    d = ctx.data
    names = {n: d.label(n) for n in slugs}
    extras = (lambda n: kind_label(d.kind(n)).lower(),
              lambda n: ctx.label(d.entities[n].country)
              if n in d.entities and d.entities[n].country else "",
              lambda n: n)
    for extra in extras:
        seen: dict[str, list[str]] = {}
        for n, name in names.items():
            seen.setdefault(name, []).append(n)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for n in group:
                names[n] = f"{d.label(n)} ({extra(n) or n})"
    return names


def timeline_figure(ctx: Ctx) -> FigureSpec:
    """Dated milestones and figures of each project, and the dated deals on it or on the
    companies that run it; one row per project, earliest first."""
    d = ctx.data
    items: list[tuple[TimelineItem, tuple[str, ...]]] = []
    for site in ctx.ventures:
        for o in ctx.figures_of(ctx.family(site), F.TIMELINE_MEASURES):
            if o.date:
                text = o.milestone if o.measure == "milestone" else F.timeline_text(ctx, o)
                items.append((TimelineItem(d.label(site), o.date, text.split(" — ")[0],
                                           "actual" if o.is_actual else "target"), o.sources))
    family = {m: site for site in ctx.ventures for m in ctx.family(site)}
    for s in ctx.scope.statements:
        site = family.get(s.object)
        if s.kind in TIMELINE_KINDS and s.start and site is not None:
            label = f"{d.label(s.subject)} {relation_label(s.kind)}"
            if s.object != site:
                label += f" {d.label(s.object)}"
            if A.prospective(s.status):
                label += f" ({stage_words(s.status)})"
            status = "target" if s.status in ("planned", "targeted") else "event"
            items.append((TimelineItem(d.label(site), s.start, label, status), s.sources))
    merged: dict[TimelineItem, list[str]] = {}
    for it, src in items:  # the same event recorded by two statements is drawn once
        merged.setdefault(it, []).extend(src)
    items = [(it, tuple(dict.fromkeys(src))) for it, src in merged.items()]
    rows = sorted({it.row for it, _ in items},
                  key=lambda r: (min(_midpoint(it.date) for it, _ in items if it.row == r), r))
    rows = rows[:MAX_TIMELINE_ROWS]
    kept = sorted(((it, src) for it, src in items if it.row in rows),
                  key=lambda p: (_midpoint(p[0].date), p[0].row, p[0].label)
                  )[:MAX_TIMELINE_ITEMS]
    rows = [r for r in rows if any(it.row == r for it, _ in kept)]
    sources = [sid for _, src in kept for sid in src]
    count = plural(len(kept), "dated milestone or event", "dated milestones or events")
    if len(items) > len(kept):  # the body's figure keeps the earliest; say how many in all
        count = f"the earliest {len(kept):,} of {len(items):,} dated milestones or events"
    caption = para(f"Timeline: {count} across "
                   f"{plural(len(rows), 'row')}; filled markers are what happened, hollow ones "
                   "targets and plans. Sources: ", Run("", ctx.cites.cite(dict.fromkeys(sources))),
                   ".") if kept else para("Timeline: the graph holds no dated milestones or "
                                          "events for this scope.")
    return FigureSpec("timeline", "Timeline of projects and events", caption,
                      items=[it for it, _ in kept])


def _midpoint(date: str) -> dt.date:
    first, last = date_bounds(date)
    return first + (last - first) / 2
