"""Compute a brief's content from the graph: summary, findings, figures, tables, contested
facts, risks and the numbered sources.

>>> from mineralgraph.store import open_store
>>> brief = build_brief(open_store(), "kazakhstan", commodity="tungsten")   # doctest: +SKIP
>>> brief.title                                                             # doctest: +SKIP
'Tungsten in Kazakhstan'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import replace

from ..store import Store
from . import analysis as A
from . import body as B
from . import findings as F
from . import tables as T
from .cite import Para, Run, para, series
from .context import Ctx
from .data import GraphData, Observation, Statement, load_graph_data
from .document import Brief, Finding, RiskGroup, SourceEntry, Table
from .changes import changes_finding
from .figure_data import map_figure, network_figure, timeline_figure
from .fmt import kind_label, label_case, money, plural
from .mentions import short_after_first
from .phrases import stage_words
from .scope import Focus, compute_scope, resolve_focus

SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def build_brief(store: Store, focus: str | Focus, *, commodity: str | None = None,
                as_of: dt.date | str | None = None, title: str | None = None,
                data: GraphData | None = None) -> Brief:
    """The content of a brief about ``focus``.

    Parameters
    ----------
    store
        The graph (embedded store or SPARQL endpoint).
    focus
        Name of an entity, country/region or commodity (slug, label or alias), or a resolved
        :class:`~mineralgraph.brief.scope.Focus`.
    commodity
        With a country or region focus: only its sites that hold or produce this commodity.
    as_of
        Date the brief describes (default: date of the newest source; ``"all"``: every
        date).
    title
        Title to print instead of the focus name.
    data
        Graph data already read (to write several briefs from one read).
    """
    if not isinstance(focus, Focus):
        focus = resolve_focus(store, focus, commodity=commodity)
    data = data or load_graph_data(store, as_of=as_of)
    return compose(data, focus, title=title)


def compose(data: GraphData, focus: Focus, *, title: str | None = None,
            since: tuple[str, list] | None = None) -> Brief:
    """Assemble the brief from graph data already read (pure: no store access);
    ``since`` = (date, changes from :func:`.changes.changes_since`) opens it with them."""
    scope = compute_scope(data, focus)
    ctx = Ctx(data, scope)
    opening = changes_finding(ctx, since[0], since[1]) if since else None
    ranked = A.central_actors(data, scope)
    blocs = A.blocs(data, scope)
    summary = _summary(ctx, blocs)
    items = B.BODY_ITEMS
    # (full, short form) of each theme; the body shows the short form, cut to its budget
    themes = [(F.central_actors(ctx, ranked[:3]), None),
              (F.backing_blocs(ctx, blocs), F.backing_blocs(ctx, blocs,
                                                             per_item=items["blocs"])),
              (F.financing(ctx), None),
              (F.offtake(ctx), F.offtake(ctx, per_item=items["offtake"])),
              (F.production_timeline(ctx), F.production_timeline(
                  ctx, per_item=items["timeline"])),
              (F.concentration(ctx), None)]
    if focus.mode in ("commodity", "place-commodity"):
        themes.append((F.instruments(ctx), None))
    findings = [B.shorten(full, short) for full, short in themes]
    in_full = [full for (full, _), body in zip(themes, findings) if B.differs(full, body)]
    used = F.concentration_figures(ctx)
    figures = [network_figure(ctx, ranked), timeline_figure(ctx)]
    placed = map_figure(ctx)
    if placed is not None:
        figures.append(placed)
    for fig in figures:
        fig.annex = fig.key in B.ANNEX_FIGURES
    observations = _scoped_observations(ctx, used)
    actor_order = [c.slug for c in ranked] + sorted(
        (m for m in scope.members if data.entities.get(m) is not None
         and data.entities[m].category == "actor" and m not in {c.slug for c in ranked}
         and m != focus.entity.slug), key=data.label)
    # reading order fixes the citation numbers: main tables, contested facts, risks, annex
    all_projects = T.projects(ctx)
    # the body: projects before the deposits they are made of, and only sites of which
    # something is known (a stage, an owner, a financier), at most BODY_ROWS of them
    first = ctx.ventures + [s for s in ctx.sites if s not in ctx.ventures
                            and s not in ctx.parent_of]
    order = [s for s in first + [s for s in ctx.sites if s not in first]
             if data.entities[s].stage or ctx.into(ctx.family(s), T.OWNER_KINDS
                                                   + T.FINANCE_KINDS + ("offtake",))]
    short_projects = T.projects(ctx, per_cell=B.BODY_CELL_NAMES, sites=order)
    tables = [B.body_table(short_projects, total=len(ctx.sites))]
    annex_tables = ([B.annex_copy(all_projects)]
                    if B.differs_table(all_projects, tables[0]) else [])
    contested = [T.contested(ctx, c) for c in _contested_clusters(ctx, observations)]
    risks = _risks(ctx)
    # the financing table gives exact amounts: the body's text gives them scaled (US$1.1B)
    annex = [T.financing(ctx), T.actors(ctx, actor_order), T.figures(ctx, observations)]
    brief = Brief(
        title=title or f"{focus.title}: who controls supply",
        focus_label=focus.title, focus_kind=_FOCUS_KINDS[focus.mode](focus),
        as_of=data.as_of_label, as_of_note=data.as_of_note,
        summary=summary, findings=findings, figures=figures, tables=tables,
        contested=contested, risks=risks, sources=[], slug=focus.slug,
        scope_note=_scope_note(ctx), annex=annex, changes=opening,
        findings_in_full=in_full, annex_tables=annex_tables)
    return short_after_first(_renumber(brief, ctx), data)


_FOCUS_KINDS = {
    "entity": lambda f: kind_label(f.entity.kind).lower(),
    "place": lambda f: "country" if f.entity.kind == "state" else "region",
    "commodity": lambda f: "commodity",
    "place-commodity": lambda f: "commodity in a "
    + ("country" if f.entity.kind == "state" else "region"),
}


# -- summary -------------------------------------------------------------------------------
def _summary(ctx: Ctx, blocs: dict[str, list[A.BlocProject]]) -> Para:
    d, sc = ctx.data, ctx.scope
    actors = [m for m in sc.members if d.entities.get(m) is not None
              and d.entities[m].category == "actor"]
    parts: list = [
        f"This brief covers {sc.focus.title} as recorded in the mineralgraph knowledge graph "
        f"as of {d.as_of_label}: {plural(len(actors), 'actor')}, "
        f"{plural(len(ctx.sites), 'site')} and {plural(len(sc.statements), 'sourced relation')}."]
    top = F.bloc_order(ctx, blocs)[:3]
    if top:
        backers = []
        for state, projects in top:
            notes = [plural(len(projects), "project")]
            if {d.entities[p.project].country for p in projects} == {state}:
                notes.insert(0, "host country")
            if all(p.tentative for p in projects):
                notes.append("tentative links only")
            if all(p.home_only for p in projects):
                notes.append("through companies based there")
            backers.append(ctx.run(f"{d.label(state)} ({', '.join(notes)})",
                                   [e["source"] for p in projects[:2]
                                    for h in p.chains[0].chain for e in h.evidence]))
        parts += [" Backing comes from ", series(backers, sep=", ", last=" and ", end=".")]
    fin = [s for s in sc.statements if s.kind == "finances" and s.q("amount") is not None]
    if fin:
        big = max(fin, key=lambda s: (s.q("amount"), s.object in ctx.sites, s.id))
        money_text = money(big.q("amount"), big.q("currency"), big.q("amount_qualifier"))
        parts.append(" The largest financing recorded, ")
        parts.append(ctx.run(f"{money_text} from {d.label(big.subject)} to "
                             f"{d.label(big.object)}", big.sources))
        capex = F._capex(ctx, [big.object])
        if capex is not None:
            parts.append(" of an estimated ")
            parts.append(ctx.run(f"{F._obs_value(capex)} capital expenditure", capex.sources))
        words = stage_words(big.status)
        if big.tentative:
            verdict = (f"a {words}" if "not a" in words
                       else f"{words} — not committed financing")
        else:
            verdict = words
        parts.append(f", is {verdict}.")
    producing = []
    for site in ctx.ventures:
        acts = [o for o in ctx.figures_of(ctx.family(site), ["milestone"])
                if o.is_actual and o.milestone and "production" in o.milestone.lower()]
        if acts:
            producing.append((site, acts[0]))
    if ctx.ventures:
        n = len(ctx.ventures)
        parts.append(f" Of the {plural(n, 'project')} covered, " if n > 1 else " ")
        if producing:
            parts.append(series((ctx.run(f"{d.label(site)} ({o.milestone}, {o.date})",
                                         o.sources) for site, o in producing),
                                sep=", ", last=" and "))
            parts.append(f" {'is' if len(producing) == 1 else 'are'} in production")
        else:
            parts.append(f"{'none is' if n > 1 else d.label(ctx.ventures[0]) + ' is not'} "
                         "recorded in production")
        without = A.offtake_unknown(d, ctx.ventures)
        if n == 1:
            parts.append("; no offtaker is recorded." if without
                         else "; an offtaker is recorded.")
        else:
            parts.append(f"; no offtaker is recorded for {len(without)} of them." if without
                         else "; every one has a recorded offtaker.")
    parts.extend(_concentration_headline(ctx))
    return para(*parts)


def _concentration_headline(ctx: Ctx) -> list:
    """`` Tungsten supply is highly concentrated: China held 82.7% of world production in
    2024 [n].`` for the brief's main commodity, when the data allow."""
    for com in sorted(ctx.scope.commodities):
        found = F.best_concentrations(ctx, com)
        if not found or not found[0].shares:
            continue
        conc = found[0]
        lead = conc.shares[0]
        level = ("highly concentrated" if conc.hhi > F.HIGHLY_CONCENTRATED else
                 "concentrated" if conc.hhi > 1500 else "not concentrated")
        obs = {o.id: o for o in ctx.data.observations}.get(lead.observation)
        return [f" {ctx.label(com)} supply is {level}: ",
                ctx.run(f"{lead.label} held {lead.share_pct:.1f}% of world {conc.measure} "
                        f"in {conc.year}", obs.sources if obs else [conc.source]), "."]
    return []


def _scope_note(ctx: Ctx) -> str:
    f = ctx.scope.focus
    if f.mode == "entity" and ctx.scope.portfolio:
        return (f"Scope: the portfolio of {f.entity.label} — the {len(ctx.scope.portfolio)} "
                "projects and companies it finances or invests in, with their owners, "
                "developers, co-financiers, offtakers and backers — and everything within two "
                "relations of it (states, regions, commodities and forums are included but "
                "not walked through).")
    if f.mode == "entity":
        return (f"Scope: {f.entity.label} and everything within two relations of it "
                "(states, regions, commodities and forums are included but not walked "
                "through).")
    if f.mode == "commodity":
        return (f"Scope: sites that hold or produce {f.entity.label} (or a commodity under "
                "it), the instruments that list it, and the owners, financiers, offtakers "
                "and backers of those sites (two relations out).")
    what = f"sites that hold or produce {f.commodity.label}" if f.commodity else (
        "sites located in it and actors based there")
    return (f"Scope: {f.entity.label} — {what} — with their owners, financiers, offtakers "
            "and backers (two relations out).")


# -- observations, contested facts, risks ----------------------------------------------------
def _scoped_observations(ctx: Ctx, used: set[str]) -> list[Observation]:
    sc, d = ctx.scope, ctx.data
    filtered = sc.focus.mode in ("commodity", "place-commodity")
    out = [o for o in d.observations
           if o.id in used or (sc.inner(o.entity) and (
               not filtered or o.commodity is None or o.commodity in sc.commodities))]
    return sorted(out, key=lambda o: (d.label(o.entity), o.measure, o.date or o.as_of or "",
                                      o.id))


def _contested_clusters(ctx: Ctx, observations: list[Observation]
                        ) -> list[list[Observation | Statement]]:
    d = ctx.data
    facts = d.contested  # every side of a contest, whatever the brief's date
    shown = {o.id for o in observations} | {s.id for s in ctx.scope.statements}
    parent = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, others in sorted(d.contests.items()):
        for b in sorted(others):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[str]] = defaultdict(list)
    for rid in sorted(d.contests):
        clusters[find(rid)].append(rid)
    out = []
    for root in sorted(clusters):
        ids = clusters[root]
        if any(i in shown for i in ids):
            out.append([facts[i] for i in ids if i in facts])
    return [c for c in out if len(c) > 1]


def _risks(ctx: Ctx) -> list[RiskGroup]:
    d, sc = ctx.data, ctx.scope
    by_subject: dict[str, list] = defaultdict(list)
    for r in d.risks:
        by_subject[r.subject].append(r)
    actors = sorted((m for m in sc.members if sc.inner(m) and d.entities.get(m) is not None
                     and d.entities[m].category == "actor"), key=d.label)
    places = sorted(sc.places, key=d.label)
    groups = []
    for subject in [*ctx.sites, *actors, *places]:
        risks = by_subject.get(subject)
        if not risks:
            continue
        note = ""
        if subject in sc.places and subject not in ctx.sites:
            note = (f"Stated for {d.label(subject)} as a whole: applies to the projects of "
                    "this brief located there.")
        risks = sorted(risks, key=lambda r: r.id)
        said = {ctx.said(r.evidence) for r in risks}
        shared = len(risks) > 1 and len(said) == 1 and "" not in said
        if shared:  # one speaker for the whole group: said once, not on every line
            note = f"{note} All {next(iter(said))}.".strip()
        items = [para(ctx.run(f"{label_case(r.category)}: {r.description}", r.sources),
                      "" if shared else _said(ctx, r.evidence)) for r in risks]
        groups.append(RiskGroup(d.label(subject), note, items))
    return groups


def _said(ctx: Ctx, evidence) -> str:
    said = ctx.said(evidence)
    return f" ({said})" if said else ""


# -- numbering -------------------------------------------------------------------------------
def _renumber(brief: Brief, ctx: Ctx) -> Brief:
    """Number sources in reading order and attach the source list."""
    mapping: dict[int, int] = {}

    def walk(p: Para) -> Para:
        out = []
        for run in p:
            for n in run.cites:
                mapping.setdefault(n, len(mapping) + 1)
            out.append(Run(run.text, tuple(sorted({mapping[n] for n in run.cites}))))
        return tuple(out)

    def table(t: Table) -> Table:
        return replace(t, rows=[[walk(c) for c in row] for row in t.rows])

    def finding(f: Finding) -> Finding:
        return replace(f, points=[walk(p) for p in f.points], notes=[walk(p) for p in f.notes])

    def caption(fig) -> None:
        fig.caption = walk(fig.caption)

    # the body: what changed (--since), summary, findings, figures, tables, risks
    if brief.changes is not None:
        brief.changes = finding(brief.changes)
    brief.summary = walk(brief.summary)
    brief.findings = [finding(f) for f in brief.findings]
    for fig in brief.body_figures:
        caption(fig)
    brief.tables = [table(t) for t in brief.tables]
    brief.risks = [RiskGroup(g.subject, g.note, [walk(p) for p in g.items])
                   for g in brief.risks]
    # the annex, in its printed order
    brief.findings_in_full = [finding(f) for f in brief.findings_in_full]
    brief.annex_tables = [table(t) for t in brief.annex_tables]
    brief.contested = [table(t) for t in brief.contested]
    brief.annex = [table(t) for t in brief.annex]
    for fig in brief.annex_figures:
        caption(fig)
    by_old = {n: sid for n, sid in ctx.cites.order()}
    entries = []
    for old, new in sorted(mapping.items(), key=lambda kv: kv[1]):
        entries.append(_source_entry(ctx, new, by_old[old]))
    brief.sources = entries
    return brief


def _source_entry(ctx: Ctx, number: int, sid: str) -> SourceEntry:
    src = ctx.data.sources.get(sid)
    if src is None:
        return SourceEntry(number, sid, "", sid, "", None, "")
    url = src.url if src.url and SAFE_URL.match(src.url) else None
    note = "" if url or not src.url else f"address not shown (not http/https): {src.url}"
    return SourceEntry(number, sid, src.publisher or "", src.title or src.label,
                       src.date or "n.d.", url, src.kind or "", note)


__all__ = ["build_brief", "compose"]
