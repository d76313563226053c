"""What a brief reads from the graph: the influence projection plus figures, risks, sources.

Relations come from :func:`mineralgraph.network.project` (the same graph the analysis and the
explorer use, with each edge's qualifiers and evidence); figures, risks, sources and entity
details come from the named queries ``queries/brief-*.rq``. Everything is read once, as plain
frozen records, so the content code never touches the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import NotFoundError
from ..kinds import ENTITY_KINDS
from ..model import date_bounds
from ..network import parse_as_of, project
from ..network.concentration import Concentration, concentration, read_figures
from ..network.rules import default_kinds
from ..query import run_query
from ..store import Store
from ..textsafe import isolate

#: Opt-in projection kinds the brief needs: which sites hold or produce a commodity, which
#: instruments list it.
COMMODITY_KINDS = ("contains", "produces", "lists")
#: Observation statuses that report what happened (as opposed to targets and forecasts).
ACTUAL_STATUSES = frozenset({"actual", "estimate", "historical"})


@dataclass(frozen=True)
class Evidence:
    """One source's support for a fact: the source id, its quote, who said it."""

    source: str
    quote: str
    said_by: str | None = None
    attribution: str | None = None
    basis: str = "stated"
    paraphrase: bool = False  # ``quote`` is our wording of the source, not its text


class _Sourced:
    """A record with ``evidence``: its sources, in the order its quotes were written."""

    evidence: tuple[Evidence, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.source for e in self.evidence))


@dataclass(frozen=True)
class Entity:
    id: str
    iri: str
    label: str
    kind: str
    country: str | None = None
    stage: str | None = None
    stage_as_of: str | None = None
    date: str | None = None
    end_date: str | None = None
    broader: str | None = None
    places: tuple[str, ...] = ()
    instrument_type: str | None = None
    description: str | None = None

    @property
    def category(self) -> str:
        ek = ENTITY_KINDS.get(self.kind)
        return ek.category if ek else "other"


@dataclass(frozen=True)
class Statement(_Sourced):
    """A relation statement as projected: ``subject –kind→ object`` with its qualifiers."""

    id: str
    kind: str
    subject: str
    object: str
    status: str
    tentative: bool
    start: str | None
    end: str | None
    as_of: str | None
    qualifiers: dict[str, Any]
    evidence: tuple[Evidence, ...]
    contests: tuple[str, ...] = ()
    note: str | None = None
    event: str | None = None
    strength: float = 0.5

    def q(self, name: str) -> Any:
        return self.qualifiers.get(name)


@dataclass(frozen=True)
class Observation(_Sourced):
    id: str
    measure: str
    entity: str
    commodity: str | None
    value: float | None
    min: float | None
    max: float | None
    qualifier: str
    unit: str | None
    date: str | None
    as_of: str | None
    status: str
    milestone: str | None
    scope: str | None
    note: str | None
    evidence: tuple[Evidence, ...] = ()
    contests: tuple[str, ...] = ()

    @property
    def is_actual(self) -> bool:
        return self.status in ACTUAL_STATUSES


@dataclass(frozen=True)
class Risk(_Sourced):
    id: str
    subject: str
    category: str
    description: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str | None = None


@dataclass
class GraphData:
    """Everything a brief is computed from, valid at one date."""

    graph: nx.MultiDiGraph
    entities: dict[str, Entity]
    statements: list[Statement]
    observations: list[Observation]
    risks: list[Risk]
    sources: dict[str, Source]
    day: dt.date | None
    as_of_label: str  # "2026-01-31" or "all dates"
    as_of_note: str = ""  # why that date: "date of the newest source" when not chosen
    contests: dict[str, set[str]] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    concentrations: dict[str, list[Concentration]] = field(default_factory=dict)
    #: Every record named in a contest, whatever its date: a conflict is shown in full, even
    #: when one side (a pre-listing stake, a superseded figure) is not valid on ``day``.
    contested: dict[str, Observation | Statement] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)  # GeoSPARQL points by id
    aliases: dict[str, list[str]] = field(default_factory=dict)  # other names, by entity id

    def sources_of(self, record_id: str) -> tuple[str, ...]:
        """Ids of the sources that support a record (entity, statement, figure, risk)."""
        return tuple(dict.fromkeys(e.source for e in self.evidence.get(record_id, ())))

    def label(self, slug: str) -> str:
        ent = self.entities.get(slug)
        return ent.label if ent else slug

    def kind(self, slug: str) -> str:
        ent = self.entities.get(slug)
        return ent.kind if ent else "other"


def latest_source_date(sources: Iterable[Source]) -> dt.date | None:
    """The last day of the newest dated source: the default as-of date of a brief."""
    days = [date_bounds(s.date)[1] for s in sources if s.date]
    return max(days) if days else None


def first_day(value: str | None) -> dt.date | None:
    return date_bounds(value)[0] if value else None


def load_graph_data(store: Store, *, as_of: dt.date | str | None = None) -> GraphData:
    """Read the graph once for a brief.

    Parameters
    ----------
    store
        Any :class:`mineralgraph.store.Store`.
    as_of
        Date the brief describes (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a date; a partial
        date stands for its last day). ``None``: the date of the newest dated source, so the
        same data gives the same brief on any day. ``"all"``: no time filter.
    """
    sources = {r["id"]: Source(r["id"], r["label"], r.get("title"), r.get("publisher"),
                               _text(r.get("date")), r.get("url"), r.get("kind"))
               for r in select(store, "brief-sources")}
    note = ""
    if as_of is None:
        day = latest_source_date(sources.values())
        note = "date of the newest source" if day else ""
    else:
        day = parse_as_of(as_of)
    label = day.isoformat() if day else "all dates"
    graph = project(store, as_of=day.isoformat() if day else "all",
                    kinds=sorted(default_kinds() | set(COMMODITY_KINDS)))
    _isolate_graph(graph)
    entities = _entities(store)
    contests: dict[str, set[str]] = defaultdict(set)
    for r in select(store, "brief-contests"):
        contests[r["a"]].add(r["b"])
        contests[r["b"]].add(r["a"])
    evidence = _evidence(store)
    statements = [_statement(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    statements.sort(key=lambda s: s.id)
    every_observation = _observations(store, evidence, contests)
    observations = [o for o in every_observation if _observation_known(o, day, sources)]
    risks = [Risk(r["id"], r["subject"], r["category"], r["description"],
                  tuple(evidence.get(r["id"], ())))
             for r in select(store, "brief-risks")]
    risks = [r for r in risks if _known(r.evidence, day, sources)]
    from ..geo.query import read_places

    aliases: dict[str, list[str]] = defaultdict(list)
    for r in select(store, "brief-aliases"):
        aliases[r["id"]].append(r["alias"])
    return GraphData(graph, entities, statements, observations, risks, sources, day, label,
                     note, dict(contests), evidence, _concentrations(store, observations, day),
                     _contested(store, contests, every_observation, statements, day),
                     read_places(store), dict(aliases))


def _contested(store: Store, contests: dict[str, set[str]], observations: list[Observation],
               statements: list[Statement], day: dt.date | None
               ) -> dict[str, Observation | Statement]:
    """The records of every contest, read at all dates (see ``GraphData.contested``)."""
    if not contests:
        return {}
    if day is not None:
        whole = project(store, as_of="all", kinds=sorted(default_kinds() | set(COMMODITY_KINDS)))
        statements = [_statement(u, v, k, d) for u, v, k, d in whole.edges(keys=True, data=True)
                      if k in contests]
    facts: dict[str, Observation | Statement] = {o.id: o for o in observations if o.id in contests}
    facts.update({s.id: s for s in statements if s.id in contests})
    return facts


def select(store: Store, name: str) -> list[dict[str, Any]]:
    """Rows of the named query ``queries/<name>.rq``, each text isolated for bidi."""
    return [_isolated(row) for row in run_query(name, store=store).rows()]


def _isolated(value: Any) -> Any:
    """``value`` with every text that holds right-to-left letters or bidi controls wrapped
    in a directional isolate (U+2068…U+2069): a label with a right-to-left override must not
    reverse the sentence it is put in, in any format of the brief."""
    if isinstance(value, str):
        return isolate(value)
    if isinstance(value, dict):
        return {k: _isolated(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_isolated(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _isolated(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _isolate_graph(graph: nx.MultiDiGraph) -> None:
    for _, d in graph.nodes(data=True):
        d.update(_isolated(d))
    for _, _, d in graph.edges(data=True):
        d.update(_isolated(d))


def _concentrations(store: Store, observations: list[Observation],
                    day: dt.date | None) -> dict[str, list[Concentration]]:
    """Market concentration (network analysis, one index per source and year) of every
    commodity with production figures, as known on ``day``."""
    commodities = sorted({o.commodity for o in observations if o.commodity
                          and o.measure in ("production", "production-share")})
    out = {}
    figures = read_figures(store) if commodities else None
    for com in commodities:
        try:
            found = concentration(store, commodity=com, figures=figures)
        except NotFoundError:
            continue
        if day is not None:
            found = [c for c in found if int(c.year) <= day.year
                     and (not c.source_date or date_bounds(c.source_date)[0] <= day)]
        if found:
            out[com] = _isolated(found)
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _entities(store: Store) -> dict[str, Entity]:
    rows: dict[str, dict[str, Any]] = {}
    places: dict[str, list[str]] = defaultdict(list)
    for r in select(store, "brief-entities"):
        rows.setdefault(r["id"], r)
        if r.get("place"):
            places[r["id"]].append(r["place"])
    return {
        slug: Entity(
            slug, r["e"], r["label"], r["kind"], r.get("country"), r.get("stage"),
            _text(r.get("stageAsOf")), _text(r.get("date") or r.get("startDate")),
            _text(r.get("endDate")), r.get("broader"), tuple(sorted(set(places[slug]))),
            r.get("instrumentType"), r.get("description"))
        for slug, r in rows.items()
    }


def _evidence(store: Store) -> dict[str, list[Evidence]]:
    found: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for r in select(store, "brief-evidence"):
        found[r["id"]].append((r["ev"], Evidence(
            r["source"], r["quote"], r.get("saidBy"), r.get("attribution"),
            r.get("basis") or "stated", bool(r.get("paraphrase")))))
    return {k: [ev for _, ev in sorted(v, key=lambda p: _evidence_order(p[0]))]
            for k, v in found.items()}


def _evidence_order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


def _statement(u: str, v: str, key: str, d: dict[str, Any]) -> Statement:
    evidence = tuple(Evidence(e["source"], e["quote"], e.get("said_by"), e.get("attribution"),
                              e.get("basis") or "stated", bool(e.get("paraphrase")))
                     for e in d.get("evidence", ()))
    return Statement(key, d["kind"], d["subject"], d["object"], d["status"], d["tentative"],
                     d.get("start"), d.get("end"), d.get("as_of"), dict(d["qualifiers"]),
                     evidence, tuple(d.get("contests", ())), d.get("note"),
                     d.get("announced_at"), float(d.get("strength", 0.5)))


def _observations(store: Store, evidence: dict[str, list[Evidence]],
                  contests: dict[str, set[str]]) -> list[Observation]:
    return [
        Observation(
            r["id"], r["measure"], r["entity"], r.get("commodity"), _num(r.get("value")),
            _num(r.get("min")), _num(r.get("max")), r.get("qualifier") or "exact",
            r.get("unit"), _text(r.get("date")), _text(r.get("asOf")),
            r.get("status") or "actual", r.get("milestone"), r.get("scope"), r.get("note"),
            tuple(evidence.get(r["id"], ())), tuple(sorted(contests.get(r["id"], ()))))
        for r in select(store, "brief-observations")
    ]


def _known(evidence: Iterable[Evidence], day: dt.date | None,
           sources: dict[str, Source]) -> bool:
    """Whether at least one supporting source existed on ``day`` (undated ones count)."""
    if day is None:
        return True
    for ev in evidence:
        src = sources.get(ev.source)
        if src is None or not src.date or date_bounds(src.date)[0] <= day:
            return True
    return False


def _observation_known(obs: Observation, day: dt.date | None,
                       sources: dict[str, Source]) -> bool:
    """A figure belongs to the brief of ``day`` if it was stated by then (its ``as_of`` or a
    source dated no later) and, when it reports what happened, refers to no later date."""
    if day is None:
        return True
    if obs.as_of and date_bounds(obs.as_of)[0] > day:
        return False
    if obs.is_actual and obs.date and date_bounds(obs.date)[0] > day:
        return False
    return _known(obs.evidence, day, sources)
