"""Data reaches the terminal as text: Rich markup (``[/]``, ``[link=…]``, ``[conceal]``),
emoji codes and control characters (ESC, BEL) in ids, labels and quotes are printed as they
are, never interpreted (issue #18 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from mineralgraph.textsafe import terminal_text

TERMINAL = ROOT / "tests" / "fixtures" / "terminal"
ESC_LABEL = "Esc \x1b[8mhidden\x1b[0m \x1b]8;;https://evil.example/\x1b\\Link\x1b]8;;\x1b\\ \x07Co"


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """The markup fixture built by the CLI, and a copy of its store in which one label holds
    raw escape sequences (the loader refuses them, but a remote or older store may not)."""
    import pyoxigraph

    root = tmp_path_factory.mktemp("terminal")
    proc = run_cli("build", "--data", str(TERMINAL), "--out", str(root / "out"))
    assert proc.returncode == 0, proc.stderr
    nq = (root / "out" / "dataset.nq").read_text(encoding="utf-8")
    escaped = ESC_LABEL.replace("\\", "\\\\").replace("\x1b", "\\u001B").replace("\x07", "\\u0007")
    patched = nq.replace('"Conceal [conceal]secret[/conceal] Co"', f'"{escaped}"')
    assert patched != nq
    store = pyoxigraph.Store(str(root / "esc-store"))
    store.bulk_load(patched.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store
    return {"markup": root / "out" / "store", "esc": root / "esc-store", "root": root}


COMMANDS = {
    "query": ["query", "--text", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
              "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label"],
    "rank": ["rank", "--kind", "any", "--as-of", "all"],
    "offtake": ["offtake", "--as-of", "all"],
    "paths": ["paths", "link-bank", "square-mine", "--as-of", "all"],
    "no-path": ["paths", "square-mine", "link-bank", "--as-of", "all"],
    "blocs": ["blocs", "--as-of", "all"],
    "concentration": ["concentration", "--commodity", "tungsten"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_markup_in_the_data_is_printed_as_text(stores, name):
    proc = run_cli(*COMMANDS[name], "--store", str(stores["markup"]))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert "[/]" in out  # the brackets are shown, not parsed
    if name in ("query", "rank", "paths"):
        assert "[link=" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("args", [COMMANDS["query"], COMMANDS["rank"], COMMANDS["offtake"],
                                  ["paths", "conceal-co", "square-mine", "--as-of", "all"]],
                         ids=["query", "rank", "offtake", "paths"])
def test_escape_sequences_in_the_data_are_shown_not_sent(stores, args):
    proc = run_cli(*args, "--store", str(stores["esc"]), env={"COLUMNS": "400"})
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\\x1b[8mhidden" in proc.stdout


def test_explore_prints_a_markup_focus_as_text(stores):
    out = stores["root"] / "explorer.html"
    proc = run_cli("explore", "--focus", "bracket-state", "-o", str(out),
                   "--store", str(stores["markup"]))
    assert proc.returncode == 0, proc.stderr
    assert "Bracket [/] State" in proc.stdout.replace("\n", " ")


def test_an_error_quoting_the_input_is_printed_as_text(stores):
    proc = run_cli("paths", "[/]", "[link=https://evil.example/]x", "--store",
                   str(stores["markup"]))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "MarkupError" not in proc.stderr
    assert "no entity is called '[/]'" in proc.stderr


def test_csv_to_a_pipe_keeps_the_data_exact(stores):
    proc = run_cli(*COMMANDS["query"], "--format", "csv", "--store", str(stores["esc"]))
    assert proc.returncode == 0, proc.stderr
    assert ESC_LABEL in proc.stdout  # a pipe gets the value itself; only a terminal is escaped


def test_terminal_text_escapes_controls_and_bidi_overrides():
    assert terminal_text("a\x1b[31mb\x07\x9b\u202ec\td\ne") == "a\\x1b[31mb\\x07\\x9b\\u202ec\td\ne"
    assert terminal_text("Jiangxi Copper — 江西铜业 «ok»") == "Jiangxi Copper — 江西铜业 «ok»"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_of_control_characters_are_well_formed(stores, fmt, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / f"g.{fmt}"
    proc = run_cli("export", "-f", fmt, "-o", str(out), "--as-of", "all",
                   "--store", str(stores["esc"]))
    assert proc.returncode == 0, proc.stderr
    text = ET.tostring(ET.parse(out).getroot(), encoding="unicode")
    assert "[8mhidden" in text  # the label is there, without the characters XML cannot hold
