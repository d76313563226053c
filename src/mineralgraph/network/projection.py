"""The store → NetworkX projection: a MultiDiGraph of who influences whom, with sources.

>>> from mineralgraph.store import open_store
>>> G = project(open_store(), as_of="2026-01-31")
>>> key = "jiangxi-copper-controls-jiaxin-international"
>>> G.edges["jiangxi-copper", "jiaxin-international", key]["kind"]
'controls'

Nodes are entities keyed by their slug (``mg:recordId``); edges are relation statements keyed
by the statement's record id, oriented and weighted by the declared table
:data:`mineralgraph.network.rules.PROJECTION`. Literals, ``rdf:type`` classes and sources never
become nodes; sources travel on each edge as ``evidence``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..errors import MineralgraphError
from ..kinds import ENTITY_KINDS, RELATION_KINDS, TENTATIVE_STATUSES
from ..model import date_bounds, partial_date
from ..store import Store
from . import sparql
from .rules import (ENDED_STATUSES, FAILED_STATUSES, NEWS_STATUSES, NODE_ATTRIBUTES,
                    PROJECTION, default_kinds, edge_strength)

#: Qualifier name on the edge → variable of :data:`sparql.STATEMENTS`.
QUALIFIERS = {
    "share_pct": "share", "amount": "amount", "currency": "currency",
    "amount_qualifier": "amountQualifier", "instrument": "instrument",
    "commodity": "commodity", "volume": "volume", "volume_unit": "volumeUnit",
    "duration_years": "duration", "price_terms": "priceTerms", "role": "role",
    "ticker": "ticker",
}
#: Categories whose entities are nodes even without an edge (so that rankings, offtake gaps
#: and blocs can name them); other entities appear only as ends of projected edges.
ALWAYS_NODES = frozenset({"actor", "site"})
ALL_TIMES = "all"
#: Entity kinds whose own date bounds relations to them (one cannot sign an agreement before
#: it exists, or take part in an event before it happens).
DATED_KINDS = frozenset({"agreement", "event", "policy-instrument"})


def parse_as_of(value: dt.date | str | None) -> dt.date | None:
    """The date a projection is valid at: ``None`` → today; ``"all"`` → no time filter (None).

    A partial date (``2024``, ``2024-06``) stands for its last day: "as of 2024" keeps what
    held at the end of 2024.
    """
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() == ALL_TIMES:
        return None
    try:
        # the data's own date rule (YYYY, YYYY-MM, YYYY-MM-DD, a real day), then its last day
        return date_bounds(partial_date(text))[1]
    except (ValueError, TypeError):
        raise MineralgraphError(
            f"--as-of {text!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or 'all'"
        ) from None


def parse_kinds(kinds: Iterable[str] | str | None) -> frozenset[str]:
    """Relation kinds to project (``None`` → the table's defaults); unknown ones raise."""
    if kinds is None:
        return default_kinds()
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",")]
    chosen = frozenset(k.strip() for k in kinds if k.strip())
    unknown = sorted(chosen - set(RELATION_KINDS))
    if unknown:
        raise MineralgraphError(f"unknown relation kind(s) {', '.join(unknown)}: use "
                                + ", ".join(sorted(RELATION_KINDS)))
    attrs = sorted(k for k in chosen if PROJECTION[k].edge == "no")
    if attrs:
        raise MineralgraphError(
            f"{', '.join(attrs)} never become edges (a place or an exchange would be a hub "
            "joining everything in it); they are node attributes")
    if not chosen:
        raise MineralgraphError("no relation kinds chosen")
    return chosen


def valid_at(row: dict[str, Any], day: dt.date | None) -> bool:
    """Whether a statement holds on ``day`` (``None``: always).

    It must have begun — ``start``, else the date the source reports it (``as_of``) or the
    event that announced it, compared by their first day — and not ended: ``end`` compared by
    its last day. Without dates of its own, a relation to a dated agreement, event or
    instrument (signing it, taking part, issuing it) begins on that thing's date
    (``objectDate``). An undated plan, announcement, letter of interest or negotiation
    (:data:`~.rules.NEWS_STATUSES`) holds from its earliest source's date (``firstReported``):
    such a statement is news when reported, and nothing says it existed before. A statement
    whose status says it ended (``historical``, ``terminated``…) without an end date cannot
    be placed in time and is left out.
    """
    if day is None:
        return True
    begin = (row.get("start") or _earliest(row.get("asOf"), row.get("eventDate"))
             or row.get("objectDate"))
    if not begin and row.get("status") in NEWS_STATUSES:
        begin = row.get("firstReported")
    if begin and date_bounds(str(begin))[0] > day:
        return False
    end = row.get("end")
    if end:
        return date_bounds(str(end))[1] >= day
    return row.get("status") not in ENDED_STATUSES


def _superseded(statements: list[dict[str, Any]],
                evidence: dict[str, list[dict[str, Any]]]) -> dict[str, dt.date]:
    """Tentative statements that a later statement says did not complete, with the date from
    which they no longer hold.

    A 2018 framework agreement to acquire a stake, and a statement that the acquisition did
    not complete, share subject, kind and object: the tentative one holds until the failure
    is known — the end date of the failure statement, else the date of its earliest source
    (else always, when nothing dates it). Committed statements are never superseded this way:
    a terminated contract says so with its own end date.
    """
    failed: dict[tuple[str, str, str], dt.date] = {}
    for row in statements:
        if row.get("status") not in FAILED_STATUSES:
            continue
        known = [date_bounds(str(row["end"]))[1]] if row.get("end") else [
            date_bounds(ev["source_date"])[0] for ev in evidence.get(row["st"], [])
            if ev.get("source_date")]
        when = min(known) if known else dt.date.min
        triple = (row["s"], row["kind"], row["o"])
        failed[triple] = min(when, failed.get(triple, dt.date.max))
    return {row["id"]: failed[(row["s"], row["kind"], row["o"])] for row in statements
            if row.get("status") in TENTATIVE_STATUSES
            and (row["s"], row["kind"], row["o"]) in failed}


def _earliest(*dates: Any) -> str | None:
    known = [str(d) for d in dates if d]
    return min(known, key=lambda d: date_bounds(d)[0]) if known else None


def _num(value: Any) -> Any:
    """Store numbers (xsd:decimal) as int when whole, else float."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def project(store: Store, *, as_of: dt.date | str | None = None,
            kinds: Iterable[str] | str | None = None) -> nx.MultiDiGraph:
    """Project the store into an influence graph.

    Parameters
    ----------
    store
        Any :class:`mineralgraph.store.Store` (embedded or a remote SPARQL endpoint); read
        with five whole-graph queries.
    as_of
        Keep the relations valid on this date (default today; ``"all"`` keeps every one).
    kinds
        Relation kinds to project (default: every kind the table marks ``"yes"``); opt-in
        kinds such as ``produces`` add commodity nodes.

    Returns
    -------
    networkx.MultiDiGraph
        Node key: entity slug; attributes ``iri, label, kind, category, country, aliases,
        stage, description, identifiers, located_in, listed_on, produces, contains``. Edge key:
        statement record id; attributes ``kind, label, status, tentative, start, end, as_of,
        qualifiers, evidence, contested, contests, strength, distance, mutual, subject,
        object, statement, announced_at, note``. ``G.graph`` holds ``as_of``, ``kinds`` and
        ``commodities`` (the commodity scheme: label and broader concepts per commodity).
    """
    day = parse_as_of(as_of)
    chosen = parse_kinds(kinds)
    entities = {r["id"]: r for r in store.select(sparql.ENTITIES).rows()}
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in store.select(sparql.ALIASES).rows():
        aliases[r["id"]].append(r["alias"])
    for r in store.select(sparql.IDENTIFIERS).rows():
        entities[r["id"]].setdefault("identifiers", {})[r["scheme"]] = r["value"]
    slug_of = {row["e"]: slug for slug, row in entities.items()}
    statements = _statements(store, entities, slug_of)
    evidence = _evidence_by_statement(store, slug_of)
    contests = _contests(store)

    for row in statements:
        dates = [ev["source_date"] for ev in evidence.get(row["st"], []) if ev["source_date"]]
        row["firstReported"] = _earliest(*dates)
        target = entities.get(row["o"], {})
        if target.get("date") and target.get("kind") in DATED_KINDS:
            row["objectDate"] = str(target["date"])
    ended = _superseded(statements, evidence)
    G = nx.MultiDiGraph(as_of=day.isoformat() if day else ALL_TIMES, kinds=sorted(chosen),
                        commodities=_commodity_scheme(store))
    attrs: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    edges = []
    for row in statements:
        if not valid_at(row, day):
            continue
        if row["id"] in ended and (day is None or ended[row["id"]] <= day):
            continue
        kind = row["kind"]
        for name, rel in NODE_ATTRIBUTES.items():
            if kind == rel:
                attrs[row["s"]][name].append(row["o"])
        if kind in chosen and kind in PROJECTION:
            edges.append(row)
    for slug in sorted(entities):
        row = entities[slug]
        category = ENTITY_KINDS[row["kind"]].category if row["kind"] in ENTITY_KINDS else None
        if category in ALWAYS_NODES:
            _add_node(G, row, category, aliases, attrs, entities)
    for row in edges:
        for end in (row["s"], row["o"]):
            if end not in G and end in entities:
                kind = entities[end]["kind"]
                _add_node(G, entities[end], ENTITY_KINDS[kind].category if kind in ENTITY_KINDS
                          else None, aliases, attrs, entities)
        _add_edge(G, row, evidence.get(row["st"], []), contests)
    return G


def _add_node(G: nx.MultiDiGraph, row: dict[str, Any], category: str | None,
              aliases: dict[str, list[str]], attrs: dict[str, dict[str, list[str]]],
              entities: dict[str, dict[str, Any]]) -> None:
    slug = row["id"]
    extra = {name: sorted(set(attrs[slug][name])) for name in NODE_ATTRIBUTES}
    country = row.get("country")
    if row["kind"] == "state":
        country = slug  # a state is its own country: blocs and filters read one attribute
    elif country is None:
        states = [p for p in extra["located_in"] if entities.get(p, {}).get("kind") == "state"]
        country = states[0] if len(states) == 1 else None
    G.add_node(slug, iri=row["e"], label=row["label"], kind=row["kind"], category=category,
               country=country, aliases=sorted(aliases.get(slug, [])),
               stage=row.get("stage"), description=row.get("description"),
               identifiers=dict(sorted(row.get("identifiers", {}).items())), **extra)


def _add_edge(G: nx.MultiDiGraph, row: dict[str, Any], evidence: list[dict[str, Any]],
              contests: dict[str, set[str]]) -> None:
    kind, status = row["kind"], row.get("status") or "reported"
    rule = PROJECTION[kind]
    quals = {name: _num(row[var]) for name, var in QUALIFIERS.items() if row.get(var) is not None}
    strength = edge_strength(kind, status, quals.get("share_pct"))
    u, v = (row["s"], row["o"]) if rule.direction == "forward" else (row["o"], row["s"])
    G.add_edge(
        u, v, key=row["id"], kind=kind, label=RELATION_KINDS[kind].label, status=status,
        tentative=status in TENTATIVE_STATUSES, start=_text(row.get("start")),
        end=_text(row.get("end")), as_of=_text(row.get("asOf")), qualifiers=quals,
        evidence=evidence, contests=sorted(contests.get(row["id"], set())),
        contested=bool(contests.get(row["id"])), strength=strength, distance=1.0 / strength,
        mutual=rule.mutual, subject=row["s"], object=row["o"], statement=row["st"],
        announced_at=row.get("event"), note=row.get("note"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _statements(store: Store, entities: dict[str, dict[str, Any]],
                slug_of: dict[str, str]) -> list[dict[str, Any]]:
    """Statement rows with subject, object, commodity and event as ids, sorted by id."""
    rows = []
    for r in store.select(sparql.STATEMENTS).rows():
        r["s"], r["o"] = slug_of.get(r.pop("sn")), slug_of.get(r.pop("on"))
        if r["s"] is None or r["o"] is None:
            continue  # a relation always joins two entities; anything else is not ours
        r["commodity"] = slug_of.get(r.pop("c") or "")
        r["event"] = slug_of.get(r.pop("ev") or "")
        if r["event"]:
            r["eventDate"] = entities[r["event"]].get("date")
        rows.append(r)
    return sorted(rows, key=lambda r: r["id"])


def _evidence_by_statement(store: Store, slug_of: dict[str, str]
                           ) -> dict[str, list[dict[str, Any]]]:
    sources = {r["src"]: r for r in store.select(sparql.SOURCES).rows()}
    found: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for r in store.select(sparql.EVIDENCE).rows():
        src = sources.get(r["src"])
        if src is None:
            continue  # SHACL requires a source document; a broken link is not evidence
        found[r["st"]].append((r["ev"], {
            "source": src["source"], "source_label": src.get("sourceLabel"),
            "source_url": src.get("url"), "source_date": _text(src.get("sourceDate")),
            "publisher": src.get("publisher"), "quote": r["quote"],
            "said_by": slug_of.get(r.get("who") or ""),
            "attribution": r.get("attribution"), "basis": r.get("basis") or "stated"}))
    # evidence nodes are numbered in the order the curator wrote them: keep that order
    return {st: [ev for _, ev in sorted(items, key=lambda p: _evidence_order(p[0]))]
            for st, items in found.items()}


def _evidence_order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


def _commodity_scheme(store: Store) -> dict[str, dict[str, Any]]:
    """Commodity slug → label and broader commodities (for filters such as ``tungsten``
    matching ``apt`` or ``tungsten-ore``); kept in ``G.graph``, not as nodes."""
    scheme: dict[str, dict[str, Any]] = {}
    for r in store.select(sparql.COMMODITIES).rows():
        entry = scheme.setdefault(r["id"], {"label": r["label"], "broader": []})
        if r.get("broader"):
            entry["broader"].append(r["broader"])
    return scheme


def _contests(store: Store) -> dict[str, set[str]]:
    """Record id → ids of the records it disputes or that dispute it (both directions)."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.select(sparql.CONTESTS).rows():
        out[r["a"]].add(r["b"])
        out[r["b"]].add(r["a"])
    return out


def influence_graph(G: nx.MultiDiGraph, *, kinds: Iterable[str] | None = None) -> nx.DiGraph:
    """A simple weighted DiGraph for algorithms: one arc per ordered pair of nodes.

    Mutual edges (offtake, membership, agreements) are walked both ways. Parallel statements
    between the same pair keep the strongest: ``strength`` is the maximum, ``distance`` the
    minimum, and ``keys`` lists every statement that supports the arc.
    """
    wanted = None if kinds is None else set(kinds)
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        if wanted is not None and data["kind"] not in wanted:
            continue
        pairs = [(u, v), (v, u)] if data["mutual"] else [(u, v)]
        for a, b in pairs:
            if a == b:
                continue
            arc = D.get_edge_data(a, b)
            if arc is None:
                D.add_edge(a, b, strength=data["strength"], distance=data["distance"],
                           keys=[(u, v, key)])
            else:
                arc["keys"].append((u, v, key))
                if data["strength"] > arc["strength"]:
                    arc["strength"], arc["distance"] = data["strength"], data["distance"]
    return D
