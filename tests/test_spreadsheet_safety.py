"""No cell of a CSV/TSV the project writes starts a spreadsheet formula (issue #17 item 3,
OWASP CSV injection): labels, quotes and terms beginning with ``=``, ``+``, ``-`` (not a
number) or ``@`` get a leading ``'``; the Excel workbooks hold them as text."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import ROOT, run_cli
from mineralgraph.textsafe import csv_cell

CELLS = ROOT / "tests" / "fixtures" / "spreadsheet"
HOSTILE_LABELS = ['=HYPERLINK("http://evil.example/","Click me")', "+SUM(1,2) Bank", "@Ruritania",
                  "-cmd|' /C calc'!A0 Mine"]
NUMBER = "-42"  # a label that is a number stays as it is


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("cells")
    proc = run_cli("build", "--data", str(CELLS), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return ("--store", str(out / "store"))


def _formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell and csv_cell(cell) != cell]


COMMANDS = {
    "query csv": ["query", "--text", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                  "SELECT ?s ?label WHERE { ?s rdfs:label ?label }", "-f", "csv"],
    "query financiers": ["query", "financiers", "-p", "project=minus-mine", "-f", "csv"],
    "rank": ["rank", "--kind", "any", "--as-of", "all", "-f", "csv"],
    "paths": ["paths", "plus-bank", "minus-mine", "--as-of", "all", "-f", "csv"],
    "offtake": ["offtake", "--as-of", "all", "-f", "csv"],
    "blocs": ["blocs", "--as-of", "all", "-f", "csv"],
    "concentration": ["concentration", "--commodity", "tungsten", "-f", "csv"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_csv_cell_starts_a_formula(store, name):
    proc = run_cli(*COMMANDS[name], *store)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert len(rows) > 1
    assert _formula_cells(rows) == []
    assert any(cell.startswith("'") and cell[1:] in HOSTILE_LABELS + [
        "=1+1 a state", "+a loan", "=owns 60%", "@offtake", "=100 t", "-the bank lends"]
        for row in rows for cell in row), "the hostile text is there, neutralised"
    if name == "query csv":
        assert [NUMBER] in [row[1:] for row in rows]  # a number is left as it is


def test_tsv_literals_are_neutralised_inside_their_quotes(store):
    proc = run_cli(*COMMANDS["query csv"][:-1], "tsv", *store)
    assert proc.returncode == 0, proc.stderr
    cells = [c for line in proc.stdout.splitlines()[1:] for c in line.split("\t")]
    assert '"\'@Ruritania"' in cells and '"-42"' in cells
    assert not [c for c in cells if c.startswith(('"=', '"+', '"@'))]


def test_kumu_export_csv(store, tmp_path):
    proc = run_cli("export", "-f", "csv", "--as-of", "all", "-o", str(tmp_path / "map.csv"),
                   *store)
    assert proc.returncode == 0, proc.stderr
    for name in ("map-elements.csv", "map-connections.csv"):
        rows = list(csv.reader((tmp_path / name).open(encoding="utf-8")))
        assert _formula_cells(rows) == [], name
    labels = [r["Label"] for r in csv.DictReader((tmp_path / "map-elements.csv").open())]
    assert "'=HYPERLINK(\"http://evil.example/\",\"Click me\")" in labels


@pytest.mark.parametrize("args", [
    ["query", "--text", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
     "SELECT ?label WHERE { ?s rdfs:label ?label }"],
    ["offtake", "--as-of", "all"], ["rank", "--kind", "any", "--as-of", "all"],
], ids=["query", "offtake", "rank"])
def test_xlsx_holds_the_labels_as_text(store, tmp_path, args):
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    proc = run_cli(*args, "-f", "xlsx", "-o", str(out), *store)
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert set(HOSTILE_LABELS[:1]) <= values  # exact text, no quote added: it is typed text


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-x", "'-x"), ("-", "'-"), ("-1", "-1"), ("-1.5e3", "-1.5e3"), ("-.5", "-.5"),
    ("x=1", "x=1"), ("", ""), (3, 3), (None, None),
])
def test_the_rule(value, expected):
    assert csv_cell(value) == expected
