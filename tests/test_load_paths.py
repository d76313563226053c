"""The fast paths of load and build give exactly what the careful ones give.

A well-formed data file is read in one walk of its YAML node tree (``quick_records``); any
file holding something a guard refuses, or a YAML feature the walk does not build itself,
is read the careful way, which says what is wrong and where. The cycle collector is paused
during a load or build and always switched back on. The build's N-Quads are exactly the
triples the records yield.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rdflib import Dataset as RDFDataset

from mineralgraph import load
from mineralgraph.build import ONTOLOGY_GRAPH, build, build_records
from mineralgraph.errors import DataError
from mineralgraph.gcpause import gc_paused
from mineralgraph.load import load_dataset
from mineralgraph.resources import default_data_dir
from mineralgraph.yamlguard import quick_records

from conftest import MINI

BAD = Path(__file__).parent / "bad_data"


def _readings(path: Path):
    """(quick reading or None, careful reading) of one file, as records and problems."""
    shown = str(path)
    node, text = load._parse(path, shown)
    quick = quick_records(node, load.SECTIONS, load._UniqueKeyLoader(""), text)
    careful_bad = load._tree_problem(node, shown)
    careful = [careful_bad] if careful_bad else list(load._records_of(node, shown))
    if quick is None:
        return None, careful
    return [r for q in quick for r in load._validated(*q, shown)], careful


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.yaml"))


@pytest.mark.parametrize("folder", [default_data_dir(), MINI], ids=["real", "mini"])
def test_well_formed_files_read_quickly_give_the_careful_records(folder):
    files = _files(folder)
    assert files
    for path in files:
        quick, careful = _readings(path)
        assert quick is not None, f"{path.name} fell back to the careful reading"
        assert quick == careful, path.name


def test_every_bad_file_gives_the_careful_reading_s_messages():
    """The quick reading either declines a bad file or finds exactly the same problems."""
    declined = set()
    for path in _files(BAD):
        try:
            quick, careful = _readings(path)
        except DataError:
            continue  # refused before any reading (raw control byte, not UTF-8, bad YAML)
        if quick is None:
            declined.add(path.stem)
        else:
            assert quick == careful, path.name
    # every guard of the loader is the careful reading's to report
    assert {"alias-bomb", "recursive-alias", "complex-key-field", "complex-key-section",
            "escaped-control", "nan-value", "infinite-amount", "duplicate-key",
            "unknown-section", "not-a-mapping", "huge-integer-amount"} <= declined


@pytest.mark.parametrize("text", [
    "actors:\n  - <<: {id: acme, kind: company}\n    label: Acme\n",  # merge key
    "actors:\n  - id: acme\n    aliases: !!set {a, b}\n",  # a tag the walk does not build
    "actors:\n  - id: acme\n    label: \"Acme\\rCorp\"\n",  # CR written as an escape
    "actors:\n  - id: acme\n  - id: acme2\nactors:\n  - id: x\n",  # repeated section
    "actors:\n  - id: acme\n    label: x\n    label: y\n",  # repeated key
    "actors:\n  - id: &a acme\n    label: *a\n",  # alias of a scalar
    "actors:\n  - " + "[" * 30 + "]" * 30 + "\n",  # nesting past the limit
])
def test_the_quick_reading_declines_what_it_does_not_build_itself(tmp_path, text):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    node, raw = load._parse(path, str(path))
    assert quick_records(node, load.SECTIONS, load._UniqueKeyLoader(""), raw) is None


def test_an_escaped_quote_still_reads_quickly(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text('sources:\n  - id: s\n    kind: press-release\n    label: "The \\"Big\\" Report"\n'
                    "    publisher: P\n", encoding="utf-8")
    quick, careful = _readings(path)
    assert quick is not None and quick == careful
    assert isinstance(quick[0], load.Located)
    assert quick[0].record.label == 'The "Big" Report'


def test_the_cycle_collector_is_back_on_after_a_load_and_a_build(tmp_path):
    assert gc.isenabled()
    ds = load_dataset(MINI)
    assert gc.isenabled()
    build(ds, tmp_path / "out")
    assert gc.isenabled()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("actors:\n  - id: Not A Slug\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_dataset(bad)
    assert gc.isenabled()


def test_pauses_nest_and_leave_a_collector_that_was_off_off():
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_n_quads_are_exactly_the_records_triples_and_the_ontology(mini_build, mini_dataset):
    lines = (mini_build.out_dir / "dataset.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))
    quads = RDFDataset()
    quads.parse(mini_build.out_dir / "dataset.nq", format="nquads")
    data = {(s, p, o) for s, p, o, g in quads.quads() if g != ONTOLOGY_GRAPH}
    expected = build_records([loc.record for loc in mini_dataset.items])
    assert data == set(expected)
    assert mini_build.triples == len(lines)
