"""The shipped data set: it loads, validates, and every edge traces to a source and quote."""

from mineralgraph.build import data_graph
from mineralgraph.kinds import RELATION_KINDS
from mineralgraph.validate import validate_graph

PREFIXES = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_real_data_is_substantial(real_dataset):
    counts = real_dataset.counts()
    assert counts["actors"] >= 50
    assert counts["relations"] >= 30
    assert counts["observations"] >= 20
    assert counts["risks"] >= 3


def test_shacl_passes_on_real_data(real_dataset):
    report = validate_graph(data_graph(real_dataset))
    assert report.conforms, "\n".join(map(str, report.violations[:20]))


def test_every_direct_edge_has_a_sourced_statement(real_store):
    props = " ".join(f"<{rk.prop}>" for rk in RELATION_KINDS.values())
    rows = real_store.select(PREFIXES + f"""
        SELECT ?s ?p ?o WHERE {{
          VALUES ?p {{ {props} }}
          ?s ?p ?o .
          FILTER NOT EXISTS {{
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                prov:wasDerivedFrom ?src ; mg:hasEvidence ?ev .
            ?src a mg:SourceDocument .
            ?ev mg:quote ?q .
          }}
        }}""").rows()
    assert rows == []
    n = real_store.select(PREFIXES + f"""
        SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }}""").rows()
    assert n[0]["n"] >= 30


def test_every_figure_has_unit_date_or_milestone_and_source(real_store):
    rows = real_store.select(PREFIXES + """
        SELECT ?obs WHERE {
          ?obs a mg:Observation .
          FILTER NOT EXISTS { ?obs prov:wasDerivedFrom ?src . ?obs mg:hasEvidence ?e }
        }""").rows()
    assert rows == []


def test_letters_of_interest_are_not_loans(real_store):
    rows = real_store.select(PREFIXES + """
        SELECT ?st ?status WHERE {
          ?st mg:relationKind "finances" ; mg:status ?status ; mg:hasEvidence ?ev .
          ?ev mg:quote ?q .
          FILTER(CONTAINS(LCASE(?q), "letter of interest"))
        }""").rows()
    assert rows, "the EXIM letter of interest is in the data"
    assert {r["status"] for r in rows} == {"letter-of-interest"}
