"""Parameter values for the named queries on a synthetic store.

The queries' defaults name real entities (``kazakhstan``, ``tungsten``) that a synthetic data
set does not hold. Each required entity parameter is bound to the best-connected entity of a
fitting kind for which the query has an answer (hubs first: the entity a researcher asks about
first); optional parameters stay unbound ("any"), as when a user leaves them out. Both engines
then get exactly the same terms.
"""

from __future__ import annotations

from itertools import islice, product

from mineralgraph.params import ENTITY_TYPES, ParamSpec, convert_param
from mineralgraph.query import NamedQuery, run_query
from mineralgraph.store import Store, Term
from mineralgraph.vocab import MG, PROV, RDF

# Kinds tried, in order, for an entity parameter that does not restrict its kinds.
ANY_ENTITY_KINDS = ("company", "joint-venture", "state-owned-enterprise", "project", "mine",
                    "deposit", "state", "financial-institution", "forum", "region", "person")
# Kinds tried first for a parameter with a telling name ("total" is a world or region figure).
NAME_HINTS = {"total": ("region", "state"), "host": ("state",), "state": ("state",),
              "project": ("project", "mine", "deposit", "joint-venture"),
              "site": ("project", "mine", "deposit", "facility"),
              "venture": ("joint-venture", "company"), "forum": ("forum",),
              "organisation": ("company", "state-owned-enterprise", "joint-venture")}
FALLBACK = {"kind": "company", "relation-kind": "owns", "measure": "production",
            "status": "active", "integer": "2", "decimal": "50", "date": "2024",
            "string": "synthetic"}
HUBS_PER_KIND = 3
PAIRS = 40
MAX_OPTIONS = 60

_HUBS = f"""
SELECT ?e (COUNT(?st) AS ?n) WHERE {{
  ?e <{MG.kind}> ?kind . ?st <{RDF.subject}>|<{RDF.object}> ?e }}
GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT {HUBS_PER_KIND}
"""
_SOURCES = f"""
SELECT ?s (COUNT(?x) AS ?n) WHERE {{
  ?s a <{MG.SourceDocument}> . ?x <{PROV.wasDerivedFrom}> ?s }}
GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT {HUBS_PER_KIND}
"""
_EDGES = f"""
SELECT ?s ?o WHERE {{
  ?st a <{MG.Statement}> ; <{RDF.subject}> ?s ; <{RDF.object}> ?o ; <{MG.recordId}> ?id }}
ORDER BY ?id LIMIT {PAIRS}
"""


def _hubs(store: Store, kinds: tuple[str, ...]) -> list[Term]:
    found: list[Term] = []
    for kind in kinds:
        res = store.select(_HUBS, {"kind": Term.literal(kind)})
        found += [b["e"] for b in res.bindings]
    return found


def _candidates(store: Store, spec: ParamSpec) -> list[Term]:
    if spec.base_type == "source":
        return [b["s"] for b in store.select(_SOURCES).bindings]
    allowed = spec.kinds
    order = NAME_HINTS.get(spec.name, ()) + ANY_ENTITY_KINDS
    kinds = [k for k in dict.fromkeys(order) if allowed is None or k in allowed]
    kinds += sorted((allowed or set()) - set(kinds))
    return _hubs(store, tuple(kinds))


def _scalar(spec: ParamSpec) -> Term:
    return convert_param(spec, spec.default or FALLBACK[spec.base_type])


def options(query: NamedQuery, store: Store) -> list[dict[str, Term]]:
    """Candidate bindings of the query's required parameters, best first (optional ones stay
    unbound)."""
    required = [p for p in query.params if not p.optional]
    bound = {p.name: _scalar(p) for p in required if p.base_type not in ENTITY_TYPES}
    entities = [p for p in required if p.base_type in ENTITY_TYPES]
    if not entities:
        return [bound]
    if len(entities) == 2 and all(p.type == "entity" for p in entities):
        # Two unrestricted entities (an edge's subject and object): take real statements.
        combos = [(b["s"], b["o"]) for b in store.select(_EDGES).bindings]
    else:
        combos = list(islice(product(*(_candidates(store, p) for p in entities)), MAX_OPTIONS))
    return [{**bound, **dict(zip((p.name for p in entities), combo))} for combo in combos]


def answers(query: NamedQuery, params: dict[str, Term], store: Store) -> bool:
    res = run_query(query, params=params, store=store)
    return bool(res.boolean) if res.boolean is not None else len(res) > 0


def shown(params: dict[str, Term]) -> str:
    """Parameters as a reader wants to see them: the record id of an IRI, else the value."""
    return ", ".join(f"{k}={t.value.rsplit('/', 1)[-1] if t.type == 'uri' else t.value}"
                     for k, t in params.items()) or "–"


def to_json(params: dict[str, Term]) -> dict[str, dict]:
    return {k: {"type": t.type, "value": t.value, "datatype": t.datatype, "lang": t.lang}
            for k, t in params.items()}


def from_json(params: dict[str, dict]) -> dict[str, Term]:
    return {k: Term(d["type"], d["value"], d.get("datatype"), d.get("lang"))
            for k, d in params.items()}
