"""Key findings, generated from the data with their numbers and citations.

Each function returns one :class:`Finding`. Tentative statuses (letters of interest,
announcements, plans — :data:`mineralgraph.kinds.TENTATIVE_STATUSES`) are always said to be
tentative and never counted as committed money or production.
"""

from __future__ import annotations

from collections import defaultdict

from ..network.blocs import Backing
from ..network.concentration import HIGHLY_CONCENTRATED
from . import analysis as A
from .cite import Para, para, series
from .context import Ctx
from .data import Observation, Statement
from .document import Finding
from .fmt import (join_words, kind_label, measure_label, money, number, plural,
                  relation_label, value_text, with_unit)
from .phrases import from_side, stage_words

FINANCE_KINDS = ("finances", "invests-in", "acquires")


def central_actors(ctx: Ctx, ranked: list[A.Central]) -> Finding:
    """The top actors on the brief's influence graph, with the relations that carry their
    score."""
    points: list[Para] = []
    for c in ranked:
        ent = ctx.data.entities[c.slug]
        where = f", {ctx.label(ent.country)}" if ent.country else ""
        parts: list = [f"{ent.label} ({kind_label(ent.kind).lower()}{where}; "
                       f"{plural(c.degree, 'relation')} in this brief) — "]
        why = ctx.roles(c.slug)[:3]
        parts.append(series((ctx.run(from_side(ctx.data, s, c.slug), s.sources) for s in why),
                            end="."))
        points.append(para(*parts))
    if not points:
        points.append(para("The graph records no relations between actors in this scope."))
        return Finding("Most central actors", points, key="actors")
    notes = [para("Ranked by the mean of PageRank, betweenness, closeness, eigenvector and "
                  "degree centrality on this brief's influence graph; each actor is shown "
                  "with its most telling relations.")]
    return Finding("Most central actors", points, notes, key="actors")


def bloc_order(ctx: Ctx, blocs: dict[str, list[A.BlocProject]]
               ) -> list[tuple[str, list[A.BlocProject]]]:
    """Blocs backing the most projects first (state chains before home-country ones)."""
    return sorted(blocs.items(), key=lambda kv: (
        -len(kv[1]), -sum(not p.home_only for p in kv[1]),
        -sum(not p.tentative for p in kv[1]), ctx.label(kv[0])))


def backing_blocs(ctx: Ctx, blocs: dict[str, list[A.BlocProject]], *,
                  per_item: int | None = None) -> Finding:
    """Which states back which projects, with the chains; ``per_item``: at most this many
    projects per state (the body's short form)."""
    points: list[Para] = []
    for state, projects in bloc_order(ctx, blocs):
        host = {ctx.data.entities[p.project].country for p in projects}
        role = " (host country)" if host == {state} else ""
        count = plural(len(projects), "project")
        tentative = [p for p in projects if p.tentative]
        if tentative:
            count += f", {len(tentative)} only through tentative links"
        shown = projects[:per_item] if per_item else projects
        more = (f"; and {plural(len(projects) - len(shown), 'more project')}"
                if len(shown) < len(projects) else "")
        points.append(para(f"{ctx.label(state)}{role} — {count}: ",
                           series((_bloc_project(ctx, state, p) for p in shown)), more, "."))
    if not points:
        points.append(para("No ownership, control, finance or support chain in the graph "
                           "links a state to the projects of this brief."))
        return Finding("Backing blocs", points, key="blocs")
    notes = [para("A chain from a state-owned company or agency based in a state (its home "
                  "country) is weaker evidence than one from the state itself and is marked "
                  "“home country”; a private company's home country is not counted as state "
                  "backing.")]
    return Finding("Backing blocs", points, notes, key="blocs")


def _bloc_project(ctx: Ctx, state: str, p: A.BlocProject) -> Para:
    """``Project, via the state itself (finances) → …`` for each chain, with its sources."""
    chains = (ctx.run(_chain_text(ctx, state, b), [e["source"] for h in b.chain
                                                   for e in h.evidence]) for b in p.chains)
    return para(f"{ctx.label(p.project)}, via ", series(chains, sep=", ", last=" and "))


def _chain_text(ctx: Ctx, state: str, b: Backing) -> str:
    """``Cove Capital (owns) → Cove Kaz (owns; 70%) → …``; a government's agency reads
    ``the state itself, through US EXIM (finances)``."""
    text, joiner = "", ""
    for h in b.chain:
        name = "the state itself" if h.source == state else ctx.label(h.source)
        if not h.as_stated.startswith(f"{h.source} "):  # part-of, read from the whole
            text += f"{joiner}{name}"
            joiner = ", through "
            continue
        extra = [f"{number(h.qualifiers['share_pct'])}%"] if "share_pct" in h.qualifiers else []
        if A.prospective(h.status):
            extra.append(stage_words(h.status))
        text += f"{joiner}{name} ({'; '.join([relation_label(h.kind), *extra])})"
        joiner = " → "
    return text + (" [home country]" if b.via != "state" else "")


def _finance_key(s: Statement) -> tuple:
    return (s.subject, s.kind, s.q("amount"), s.q("currency"), s.status, s.q("instrument"))


#: How each kind of money is introduced in the findings (financing first).
MONEY_HEADS = {"investment": "Investment (not project financing) — ",
               "economy-wide investment (FDI)": "Economy-wide investment, not project "
                                                "financing — ",
               "acquisition": "Acquisition (not financing) — "}


def financing(ctx: Ctx) -> Finding:
    stmts = [s for s in ctx.scope.statements if s.kind == "finances"
             or (s.kind in ("invests-in", "acquires") and s.q("amount") is not None)]
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for s in sorted(stmts, key=lambda s: s.id):
        groups[_finance_key(s)].append(s)
    committed, tentative, other = [], [], []
    # the largest amounts first (in US dollars where a rate is known), then the unstated ones
    for same in sorted(groups.values(), key=lambda g: (-_usd(g[0]), g[0].id)):
        kind = A.finance_type(ctx.data, same[0])
        if kind != "financing":
            other.append(para(MONEY_HEADS[kind], _finance_point(ctx, same)))
        elif same[0].tentative:
            tentative.append(para("Not committed — ", _finance_point(ctx, same)))
        else:
            committed.append(para("Committed — ", _finance_point(ctx, same)))
    points: list[Para] = [*committed, *tentative, *other]
    notes: list[Para] = []
    if not committed and not tentative:
        notes.append(para("The graph records no financing of a project or company for this "
                          "scope."))
    elif not committed:
        notes.append(para("No committed, approved or disbursed financing is recorded: "
                          "letters of interest, announcements and reports without a stage "
                          "are not counted as committed financing."))
    return Finding("Financing by instrument and stage", points, notes, key="financing")


#: Rough US dollars per unit, only to order amounts (the text always gives the stated
#: currency); an unknown currency sorts after every dollar amount.
_TO_USD = {"USD": 1.0, "EUR": 1.1, "GBP": 1.3, "CNY": 0.14, "AUD": 0.65, "CAD": 0.73,
           "JPY": 0.0067, "KZT": 0.002}


def _usd(s: Statement) -> float:
    amount = s.q("amount")
    if amount is None:
        return -1.0
    return float(amount) * _TO_USD.get(s.q("currency") or "", 0.0)


def _finance_point(ctx: Ctx, same: list[Statement]) -> Para:
    s = same[0]
    what = s.q("instrument") or {"finances": "financing", "invests-in": "investment",
                                 "acquires": "acquisition"}[s.kind]
    amount = (money(s.q("amount"), s.q("currency"), s.q("amount_qualifier"))
              if s.q("amount") is not None else "amount not stated")
    recipients = [ctx.run(ctx.label(x.object), x.sources) for x in same]
    parts: list = [ctx.run(f"{ctx.label(s.subject)}: {what}, {amount} "
                           f"({stage_words(s.status)})",
                           [sid for x in same for sid in x.sources]), " — to ",
                   series(recipients, sep=" and ")]
    capex = _capex(ctx, [x.object for x in same]) if s.kind == "finances" else None
    if capex is not None:
        parts.append(", whose capital expenditure is estimated at ")
        parts.append(ctx.run(_obs_value(capex), capex.sources))
    if len(same) > 1:
        parts.append(f" (recorded for {len(same)} recipients; counted once)")
    said = ctx.said(e for x in same for e in x.evidence)
    parts.append(f", {said}." if said else ".")
    return para(*parts)


def _capex(ctx: Ctx, recipients: list[str]) -> Observation | None:
    family = set()
    for r in recipients:
        family |= set(ctx.family(r)) if r in ctx.sites else {r}
        family |= {p for p, parent in ctx.parent_of.items() if parent == r}
        for s in ctx.data.statements:  # the sites a financed company holds the licence for
            if s.subject == r and s.kind in ("holds-licence", "develops", "operates"):
                family.add(s.object)
    found = ctx.figures_of(family, ["capex"])
    return found[-1] if found else None


def _obs_value(o: Observation) -> str:
    text = value_text(o.value, o.min, o.max, o.qualifier)
    if o.unit in ("USD", "EUR", "GBP", "CNY") and o.value is not None:
        return money(o.value, o.unit, o.qualifier)
    return with_unit(text, o.unit)


def offtake(ctx: Ctx, *, per_item: int | None = None) -> Finding:
    """Offtake agreements, then the projects without a known offtaker (``per_item``: at
    most this many named)."""
    stmts = sorted((s for s in ctx.scope.statements if s.kind == "offtake"),
                   key=lambda s: s.id)
    points: list[Para] = []
    for s in stmts:
        details = [x for x in (ctx.label(s.q("commodity")) if s.q("commodity") else "",
                               stage_words(s.status),
                               f"{number(s.q('volume'))} {s.q('volume_unit') or ''}".strip()
                               if s.q("volume") is not None else "",
                               f"{number(s.q('duration_years'))} years"
                               if s.q("duration_years") is not None else "",
                               s.q("price_terms") or "", ctx.said(s.evidence)) if x]
        points.append(para(ctx.run(f"{ctx.label(s.subject)} buys the output of "
                                   f"{ctx.label(s.object)} ({', '.join(details)})",
                                   s.sources), "."))
    unknown = A.offtake_unknown(ctx.data, ctx.ventures)
    notes = []
    if unknown:
        names = [ctx.label(v) for v in unknown]
        if per_item and len(names) > per_item:
            names = names[:per_item] + [plural(len(names) - per_item, "more")]
        notes.append(para(f"No offtaker is recorded for {plural(len(unknown), 'project')}: "
                          f"{join_words(names)}."))
    if not points and not notes:
        points.append(para("The graph records no offtake agreements and no projects in this "
                           "scope."))
    return Finding("Offtake", points, notes, key="offtake")


TIMELINE_MEASURES = ("milestone", "production", "production-target", "capacity")


def production_timeline(ctx: Ctx, *, per_item: int | None = None) -> Finding:
    """Targets and actuals per project; ``per_item``: at most this many figures each (the
    actual ones first)."""
    points: list[Para] = []
    for site in ctx.ventures:
        figs = ctx.figures_of(ctx.family(site), TIMELINE_MEASURES)
        if not figs:
            continue
        figs.sort(key=lambda o: not (o.date or o.as_of))  # undated ones last
        more = ""
        if per_item and len(figs) > per_item:
            kept = sorted(figs, key=lambda o: (not o.is_actual, not (o.date or o.as_of)))
            kept = set(map(id, kept[:per_item]))
            more = f"; {plural(len(figs) - per_item, 'more figure')} in the annex"
            figs = [o for o in figs if id(o) in kept]
        ent = ctx.data.entities[site]
        stage = f" (stage: {ent.stage}" + (f", as of {ent.stage_as_of})" if ent.stage_as_of
                                           else ")") if ent.stage else ""
        points.append(para(f"{ent.label}{stage}: ", series(
            (ctx.run(timeline_text(ctx, o), o.sources) for o in figs)), more, "."))
    if not points:
        points.append(para("No production milestones, targets or output figures are "
                           "recorded for the projects of this brief."))
    return Finding("Production timeline (targets vs actual)", points, key="timeline")


def timeline_text(ctx: Ctx, o: Observation) -> str:
    when = o.date or (f"as of {o.as_of}" if o.as_of else "undated")
    kind = "target" if not o.is_actual else "actual"
    if o.measure == "milestone":
        what = o.milestone or "milestone"
    else:
        what = f"{measure_label(o.measure)} {_obs_value(o)}"
        if o.commodity:
            what += f" of {ctx.label(o.commodity)}"
    return f"{what} — {when} ({kind if o.status in ('actual', 'target') else o.status})"


def concentration(ctx: Ctx) -> Finding:
    points: list[Para] = []
    tops = sorted(c for c in ctx.scope.commodities
                  if ctx.data.entities.get(c) is not None
                  and ctx.data.entities[c].broader not in ctx.scope.commodities)
    for com in tops:
        for conc in best_concentrations(ctx, com):
            points.append(_concentration_point(ctx, conc))
    shares = A.share_figures(ctx.data, ctx.scope)
    if shares:
        focus = ctx.scope.focus.entity.slug
        pick = shares[:4] + [o for o in shares[4:] if o.entity == focus][:2]
        points.append(para("Shares reported by the sources: ", series(
            (ctx.run(_share_text(ctx, o), o.sources) for o in pick), end=".")))
    if not points:
        points.append(para("The graph holds no production or market-share figures for the "
                           "commodities of this brief."))
    return Finding("Supply concentration", points, key="concentration")


def best_concentrations(ctx: Ctx, commodity: str) -> list:
    """The indexes worth stating: per year, those computed from a world total (or from a
    country list) before stated shares, which repeat them; at most two."""
    found = ctx.data.concentrations.get(commodity, [])
    full = {(c.year, c.measure) for c in found if c.basis != "stated shares"}
    kept = [c for c in found if c.basis != "stated shares" or (c.year, c.measure) not in full]
    return sorted(kept, key=lambda c: (-int(c.year), c.basis == "stated shares",
                                       c.source))[:2]


def concentration_figures(ctx: Ctx) -> set[str]:
    """Ids of the figures the concentration finding cites (listed in the figures table)."""
    used = set()
    for com in ctx.scope.commodities:
        for conc in best_concentrations(ctx, com):
            used |= {s.observation for s in conc.shares[:4]}
            used |= {o.id for o in ctx.data.observations if o.entity == "world"
                     and o.commodity == com and o.measure == conc.measure
                     and (o.date or o.as_of or "")[:4] == conc.year}
    used |= {o.id for o in A.share_figures(ctx.data, ctx.scope)[:4]}
    return used


def _concentration_point(ctx: Ctx, conc) -> Para:
    """``Tungsten production, 2024 (USGS): China 82.7%, …; HHI 6,880 (highly …)``."""
    figures = {o.id: o for o in ctx.data.observations}
    lead, rest = conc.shares[0], conc.shares[1:4]
    def sources(share) -> list[str]:
        obs = figures.get(share.observation)
        return list(obs.sources) if obs else [conc.source]
    unit = f" {conc.unit}" if conc.unit else ""
    of_total = (f" ({number(lead.value)} of {number(conc.total)}{unit})"
                if lead.value is not None and conc.total else "")
    world = [sid for o in ctx.data.observations if o.entity == "world"
             and o.commodity == conc.commodity and o.measure == conc.measure
             and (o.date or o.as_of or "")[:4] == conc.year and (o.unit or "") == conc.unit
             for sid in o.sources] if of_total else []
    parts: list = [f"{ctx.label(conc.commodity)} {conc.measure}, {conc.year} "
                   f"({conc.basis}): ",
                   ctx.run(f"{lead.label} {lead.share_pct:.1f}%{of_total}",
                           [*sources(lead), *world])]
    if rest:
        parts.append("; then ")
        parts.append(ctx.run(join_words([f"{s.label} {s.share_pct:.1f}%" for s in rest]),
                             [sid for s in rest for sid in sources(s)]))
    level = ("highly concentrated" if conc.hhi > HIGHLY_CONCENTRATED
             else "moderately concentrated" if conc.hhi > 1500 else "unconcentrated")
    bound = (f"; a lower bound, {100 - conc.covered_pct:.1f}% of the total not attributed "
             "to a country" if conc.lower_bound else "")
    # the index is computed from the figures above: it cites all of them
    parts.append(". ")
    parts.append(ctx.run(f"Herfindahl–Hirschman index {number(round(conc.hhi))} over "
                         f"{plural(len(conc.shares), 'country', 'countries')} ({level}{bound})",
                         [sid for s in conc.shares for sid in sources(s)]))
    parts.append(".")
    if conc.contested:
        parts.append(" Some of these figures are contested (see Contested facts).")
    return para(*parts)


def _share_text(ctx: Ctx, o: Observation) -> str:
    when = o.date or (f"as of {o.as_of}" if o.as_of else "undated")
    status = "" if o.is_actual else f", {o.status}"
    what = measure_label(o.measure)
    com = f" of {ctx.label(o.commodity)}" if o.commodity else ""
    return f"{ctx.label(o.entity)}: {_obs_value(o)} {what}{com} ({when}{status})"


INSTRUMENT_LINKS = ("lists", "regulates")


def instruments(ctx: Ctx) -> Finding:
    """Export controls, lists and tariffs that name the brief's commodities, oldest first."""
    d = ctx.data
    by_instrument: dict[str, list[Statement]] = defaultdict(list)
    for s in ctx.scope.statements:
        ent = d.entities.get(s.subject)
        if (s.kind in INSTRUMENT_LINKS and s.object in ctx.scope.commodities
                and ent is not None and ent.instrument_type):
            by_instrument[s.subject].append(s)
    issuers: dict[str, list[Statement]] = defaultdict(list)
    for s in d.statements:
        if s.kind == "issues" and s.object in by_instrument:
            issuers[s.object].append(s)
    points: list[Para] = []
    for slug in sorted(by_instrument, key=lambda i: (d.entities[i].date or "", d.label(i))):
        ent = d.entities[slug]
        what = ent.instrument_type.replace("-", " ")
        when = f", {ent.date}" if ent.date else ", undated"
        covers = join_words(sorted({d.label(s.object) for s in by_instrument[slug]}))
        sources = [src for s in by_instrument[slug] for src in s.sources]
        text = f"{d.label(slug)} ({what}{when}) covers {covers}"
        parts: list = [ctx.run(text, sources)]
        by = sorted(issuers.get(slug, []), key=lambda s: s.subject)
        if by:
            parts += ["; issued by ", series((ctx.run(d.label(s.subject), s.sources) for s in by),
                                            sep=", ", last=" and ")]
        points.append(para(*parts, "."))
    if not points:
        points.append(para("No export control, list or tariff in the graph names the "
                           "commodities of this brief."))
    return Finding("Export controls and other policy instruments", points, key="instruments")
