"""The brief's tables: actors, projects, financing, figures, and contested claims."""

from __future__ import annotations

from collections.abc import Iterable

from ..names import shown_quote
from . import analysis as A
from .cite import Para, Run, para, series
from .context import Ctx
from .data import Observation, Statement
from .document import Table
from .fmt import (CURRENCY_SIGNS, kind_label, label_case, measure_label, money, number,
                  relation_label, value_text, with_unit)
from .phrases import from_side

OWNER_KINDS = ("owns", "controls", "partner-in", "develops", "operates", "holds-licence",
               "acquires")
FINANCE_KINDS = ("finances", "invests-in", "backs")


def _cell(text: str) -> Para:
    return para(text) if text else para("—")


def _list_cell(ctx: Ctx, items: Iterable[tuple[str, Iterable[str]]]) -> Para:
    """``A [1]; B [2]`` from (text, sources) pairs."""
    return series(ctx.run(text, sources) for text, sources in items) or _cell("")


def _sources_cell(ctx: Ctx, sources: Iterable[str]) -> Para:
    return para(Run("", ctx.cites.cite(sources)))


def actors(ctx: Ctx, order: list[str]) -> Table:
    """Actors of the scope, most central first; their role is what they do in it."""
    rows = []
    for slug in order:
        ent = ctx.data.entities[slug]
        stmts = ctx.roles(slug)
        role = _list_cell(ctx, ((from_side(ctx.data, s, slug), s.sources) for s in stmts[:4]))
        if len(stmts) > 4:
            role = para(*role, f"; +{len(stmts) - 4} more")
        rows.append([para(ent.label), _cell(kind_label(ent.kind)),
                     _cell(ctx.label(ent.country) if ent.country else ""), role])
    return Table("Actors", ["Actor", "Kind", "Country", "Role in this brief"], rows,
                 note="Most central first (see Key findings).",
                 key="actors", widths=(3, 2, 1.6, 6))


def projects(ctx: Ctx, *, per_cell: int | None = None, sites: list[str] | None = None
             ) -> Table:
    """Sites (``sites``, default all, most advanced first) with status, production start,
    owners, financiers and offtakers; ``per_cell``: at most this many names per cell (the
    body's short form)."""
    def names(stmts: list[Statement]) -> Para:
        found = _by_subject(ctx, stmts)
        more = len(found) - per_cell if per_cell and len(found) > per_cell else 0
        cell = _list_cell(ctx, found[:len(found) - more])
        return para(*cell, f"; +{more} more") if more else cell

    rows = []
    for site in ctx.sites if sites is None else sites:
        ent = ctx.data.entities[site]
        fam = ctx.family(site)
        parent = ctx.parent_of.get(site)
        status = ent.stage or "stage not stated"
        if ent.stage_as_of:
            status += f" (as of {ent.stage_as_of})"
        if parent:
            status += f"; part of {ctx.label(parent)}"
        starts = [o for o in ctx.figures_of(fam, ["milestone"])
                  if o.milestone and "production" in o.milestone.lower()]
        start = _list_cell(ctx, ((f"{o.date} ({'actual' if o.is_actual else o.status})",
                                  o.sources) for o in starts[:2]))
        owners = ctx.into([site], OWNER_KINDS)
        finance = ctx.into(fam, FINANCE_KINDS)
        offtake = ctx.into(fam, ["offtake"])
        rows.append([
            para(ent.label), _cell(status), start,
            names(owners), names(finance),
            names(offtake) if offtake else _cell("not recorded"),
        ])
    return Table("Projects and sites",
                 ["Project / site", "Status", "Production start", "Owners, developers",
                  "Financiers, backers", "Offtakers"], rows, key="projects",
                 note="Financiers and offtakers include those of the companies that hold the "
                      "site's licence or develop it.", widths=(2.6, 2.2, 1.6, 3, 3, 1.8))


def _by_subject(ctx: Ctx, stmts: list[Statement]) -> list[tuple[str, list[str]]]:
    """One entry per actor: ``Name (owns 70%; letter of interest)`` with all its sources."""
    grouped: dict[str, list[Statement]] = {}
    for s in sorted(stmts, key=lambda s: (ctx.label(s.subject), s.id)):
        grouped.setdefault(s.subject, []).append(s)
    out = []
    for subject, same in grouped.items():
        notes = []
        for s in same:
            bits = []
            if s.q("share_pct") is not None:
                bits.append(f"{number(s.q('share_pct'))}%")
            if s.tentative:
                bits.append(s.status)
            note = f"{s.kind}" + (f" {' '.join(bits)}" if bits else "")
            if note not in notes:
                notes.append(note)
        out.append((f"{ctx.label(subject)} ({', '.join(notes)})",
                    [sid for s in same for sid in s.sources]))
    return out


def financing(ctx: Ctx) -> Table:
    stmts = sorted((s for s in ctx.scope.statements if s.kind == "finances"
                    or (s.kind in ("invests-in", "acquires") and s.q("amount") is not None)),
                   key=lambda s: (ctx.label(s.subject), s.id))
    rows = []
    for s in stmts:
        amount = s.q("amount")
        qual = s.q("amount_qualifier")
        amount_text = "not stated" if amount is None else (
            ("up to " if qual == "up-to" else "~" if qual == "about" else "") + number(amount))
        stage = s.status + (" (not committed)" if s.tentative else "")
        event = ctx.data.entities.get(s.event) if s.event else None
        date = s.start or s.as_of or (event.date if event and event.date else "")
        rows.append([para(ctx.label(s.subject)), para(ctx.label(s.object)), _cell(amount_text),
                     _cell(s.q("currency") or ""),
                     _cell(s.q("instrument") or s.kind.replace("-", " ")), _cell(stage),
                     _cell(date), _cell(A.finance_type(ctx.data, s)),
                     _sources_cell(ctx, s.sources)])
    return Table("Financing", ["Financier", "Recipient", "Amount", "Currency", "Instrument",
                               "Stage", "Date", "Type", "Sources"], rows, key="financing",
                 note="Stages marked 'not committed' (letters of interest, announcements, "
                      "reports without a stage) are not committed financing. Type keeps "
                      "financing of a project or company apart from investment, economy-wide "
                      "FDI and acquisitions, which are not financing.",
                 widths=(1.9, 1.9, 1.8, 1.2, 1.6, 2.1, 1.0, 1.7, 0.9))


def figures(ctx: Ctx, observations: list[Observation]) -> Table:
    rows = []
    for o in observations:
        what = measure_label(o.measure)
        if o.measure == "milestone":
            what = f"milestone: {o.milestone}"
        if o.commodity:
            what += f" ({ctx.label(o.commodity)})"
        if o.scope and o.measure != "milestone":
            what += f" — {o.scope}"
        value = value_text(o.value, o.min, o.max, o.qualifier)
        rows.append([para(ctx.label(o.entity)), para(what), _cell(value), _cell(o.unit or ""),
                     _cell(o.date or (f"as of {o.as_of}" if o.as_of else "")), _cell(o.status),
                     _sources_cell(ctx, o.sources)])
    return Table("Figures", ["Entity", "Measure", "Value", "Unit", "Date", "Status",
                             "Sources"], rows, key="figures",
                 widths=(2.2, 4.4, 1.6, 1.2, 1.2, 1.2, 1))


def contested(ctx: Ctx, cluster: list[Observation | Statement]) -> Table:
    """One contested fact: each source's claim on its own row, side by side."""
    rows = []
    for fact in cluster:
        for ev in fact.evidence:
            src = ctx.data.sources.get(ev.source)
            who = ev.said_by and ctx.label(ev.said_by) or ev.attribution or ""
            quote = shown_quote(ev.quote, ev.paraphrase) + (f" — {who}" if who else "")
            if ev.basis != "stated":
                quote += f" ({ev.basis})"
            rows.append([para(_claim(ctx, fact)),
                         _cell(src.publisher or src.label if src else ev.source),
                         para(quote), _sources_cell(ctx, [ev.source])])
    title = _contested_title(ctx, cluster)
    return Table(title, ["Claim", "Source", "What the source says", "Ref."], rows,
                 key="contested", widths=(3.5, 1.8, 6, 0.8))


def _contested_title(ctx: Ctx, cluster: list[Observation | Statement]) -> str:
    """``Resources: Northern Katpar, Upper Kairakty`` or ``A → B (controls)``; a cluster that
    mixes figures and relations names what each is about."""
    about, kinds = [], []
    for fact in cluster:
        if isinstance(fact, Observation):
            about.append(ctx.label(fact.entity))
            kinds.append(measure_label(fact.measure))
        else:
            about.append(f"{ctx.label(fact.subject)} → {ctx.label(fact.object)}")
            kinds.append(relation_label(fact.kind))
    kinds = list(dict.fromkeys(kinds))
    return f"{label_case(' / '.join(kinds))}: {', '.join(dict.fromkeys(about))}"


def _claim(ctx: Ctx, fact: Observation | Statement) -> str:
    if isinstance(fact, Observation):
        value = with_unit(value_text(fact.value, fact.min, fact.max, fact.qualifier), fact.unit)
        if fact.value is not None and fact.unit in CURRENCY_SIGNS:  # scaled: US$1.1B
            value = money(fact.value, fact.unit, fact.qualifier)
        if fact.measure == "milestone":
            value = fact.milestone or "milestone"
        when = f" ({fact.date or fact.as_of})" if (fact.date or fact.as_of) else ""
        scope = f" — {fact.scope}" if fact.scope else ""
        return f"{ctx.label(fact.entity)}: {value}{when}{scope}"
    return f"{ctx.label(fact.subject)} {from_side(ctx.data, fact, fact.subject)}"
