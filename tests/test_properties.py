"""Property-based tests (hypothesis) over the loader and the record → RDF → SPARQL round trip.

1. Whatever a data file holds, loading it either succeeds or raises the documented
   ``DataError`` (with file and line): never another exception.
2. Any valid record survives record → RDF → store → SPARQL with every value intact.
"""

from __future__ import annotations

import string
import tempfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mineralgraph.build import build_records
from mineralgraph.errors import DataError
from mineralgraph.kinds import RELATION_STATUSES
from mineralgraph.load import load_dataset
from mineralgraph.model import Actor, Relation, Source

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- 1. no crash on any input

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["2025", "2025-13", "2025-02-30", "owns", "company",
                                     "acme", "test-source", "", "-", "Q42"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
FIELDS = ["id", "kind", "label", "subject", "object", "status", "share_pct", "amount",
          "currency", "start", "end", "evidence", "source", "quote", "measure", "value",
          "unit", "country", "aliases", "identifiers", "colour"]
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
documents = st.dictionaries(
    st.sampled_from(["sources", "actors", "sites", "relations", "observations", "risks",
                     "bogus"]),
    st.one_of(st.lists(records, max_size=3), values), max_size=3)


@SETTINGS
@given(doc=documents)
def test_loader_never_crashes(doc):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        try:
            load_dataset(tmp)
        except DataError as exc:
            assert exc.problems and all(p.file.endswith("fuzz.yaml") for p in exc.problems)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_loader_never_crashes_on_bytes(raw):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bytes.yaml").write_bytes(raw)
        try:
            load_dataset(tmp)
        except DataError as exc:
            assert exc.problems


# ---------------------------------------------------------------- 2. round trip

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
               max_size=60).map(str.strip).filter(bool)
quote = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=3,
                max_size=80).map(str.strip).filter(lambda s: len(s) >= 3)
slugs = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()),
                  st.integers(1900, 2100).map(str),
                  st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(
                      lambda t: f"{t[0]}-{t[1]:02d}"))
shares = st.one_of(st.none(), st.decimals(0, 100, places=2).map(float))
amounts = st.one_of(st.none(), st.decimals(0, 10**12, places=2).map(float))


def _store_of(records) -> pyoxigraph.Store:
    g = build_records(records)
    store = pyoxigraph.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


Q = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?slabel ?olabel ?status ?share ?amount ?start ?quote ?alias WHERE {
  ?st mg:recordId "rel" ; mg:status ?status ; rdf:subject ?s ; rdf:object ?o ;
      mg:hasEvidence/mg:quote ?quote .
  ?s rdfs:label ?slabel . ?o rdfs:label ?olabel .
  OPTIONAL { ?st mg:sharePercent ?share } OPTIONAL { ?st mg:amount ?amount }
  OPTIONAL { ?st mg:startDate ?start } OPTIONAL { ?s mg:alias ?alias }
}"""


@SETTINGS
@given(a_label=text, b_label=text, alias=st.one_of(st.none(), text), q=quote,
       status=st.sampled_from(sorted(RELATION_STATUSES)), share=shares, amount=amounts,
       start=dates, a=slugs, b=slugs)
def test_round_trip_preserves_every_value(a_label, b_label, alias, q, status, share, amount,
                                          start, a, b):
    a_id, b_id = f"a-{a}", f"b-{b}"
    ev = [{"source": "src", "quote": q}]
    records = [
        Source(id="src", kind="news-article", label="S", publisher="P"),
        Actor(id=a_id, kind="company", label=a_label, evidence=ev,
              aliases=[alias] if alias and alias != a_label else []),
        Actor(id=b_id, kind="company", label=b_label, evidence=ev),
        Relation.model_validate({
            "id": "rel", "kind": "owns", "subject": a_id, "object": b_id, "status": status,
            "share_pct": share, "amount": amount, "currency": "USD" if amount is not None else None,
            "start": start, "evidence": ev}),
    ]
    rel = records[-1]
    rows = list(_store_of(records).query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" + Q))
    assert len(rows) == 1
    row = rows[0]
    assert row["slabel"].value == records[1].label
    assert row["olabel"].value == records[2].label
    assert row["status"].value == status
    assert row["quote"].value == rel.evidence[0].quote
    if rel.share_pct is None:
        assert row["share"] is None
    else:
        assert Decimal(row["share"].value) == Decimal(str(rel.share_pct))
    if rel.amount is None:
        assert row["amount"] is None
    else:
        assert Decimal(row["amount"].value) == Decimal(str(rel.amount))
    assert (row["start"].value if row["start"] else None) == rel.start
    assert (row["alias"].value if row["alias"] else None) == (
        records[1].aliases[0] if records[1].aliases else None)
