"""SHACL: the shapes accept a good graph and name what is wrong in a crafted bad one."""

from rdflib import Literal

from mineralgraph.build import data_graph
from mineralgraph.validate import validate_graph
from mineralgraph.vocab import ID, MG, PROV, RDFS, XSD


def test_good_graph_conforms(mini_dataset):
    report = validate_graph(data_graph(mini_dataset))
    assert report.conforms and report.violations == []


def test_crafted_bad_graph_fails_with_readable_messages(mini_dataset):
    g = data_graph(mini_dataset)
    st = ID["statement/acme-owns-big-hill"]
    g.remove((st, PROV.wasDerivedFrom, None))                          # no source
    g.set((st, MG.sharePercent, Literal("150", datatype=XSD.decimal)))  # share > 100
    g.remove((ID["org/acme-mining"], RDFS.label, None))                 # no label
    g.set((ID["observation/price-2026-01-14"], MG.refDate, Literal("14 Jan 2026")))  # bad date
    g.remove((ID["observation/price-2026-01-14"], MG.unit, None))      # figure without unit
    report = validate_graph(g)
    assert not report.conforms
    text = "\n".join(map(str, report.violations))
    for expected in ("every statement needs a source", "a share must be between 0 and 100",
                     "every entity needs exactly one non-empty label", "a figure needs a unit"):
        assert expected in text, text
    focuses = {v.focus for v in report.violations}
    assert str(st) in focuses and str(ID["observation/price-2026-01-14"]) in focuses


def test_direct_edge_without_statement_is_caught(mini_dataset):
    g = data_graph(mini_dataset)
    g.remove((ID["org/acme-mining"], MG.owns, ID["site/big-hill"]))
    report = validate_graph(g)
    assert not report.conforms
    assert any("direct edge is missing" in v.message for v in report.violations)
