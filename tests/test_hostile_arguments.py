"""Hostile arguments and values found by fuzzing (issue #18 item 7): SPARQL text longer than a
file name, numbers too large to convert in ``--param`` and in results, values JSON cannot
hold. Each is a clear error or a handled value, never a traceback or a hang."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from test_bad_arguments import assert_refused

XSD = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "


def strict_json(text: str):
    """JSON as the standard defines it: NaN and Infinity are not JSON."""
    def refuse(constant: str):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def store(mini_build) -> tuple[str, str]:
    return ("--store", str(mini_build.store_dir))


@pytest.mark.parametrize("suffix", ["", ".rq"])
def test_one_line_sparql_longer_than_a_file_name(store, suffix):
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 5000 + suffix
    proc = run_cli("query", "--text", text, "-f", "json", *store)
    assert "Traceback" not in proc.stderr, proc.stderr[-500:]
    if suffix:  # taken for a file name: it names no file
        assert_refused(proc, "no query file at")
    else:
        assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 1


def test_a_file_name_with_a_nul_is_not_a_file(store):
    proc = run_cli("query", "--text", "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #\x01", "-f", "csv",
                   *store)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("param, fragment", [
    ("v:decimal=1e999999999", "out of range"),
    ("v:decimal=9e-999999999", "out of range"),
    ("v:decimal=" + "9" * 5000, "out of range"),
    ("v:integer=" + "9" * 5000, "out of range"),
    ("v:decimal=NaN", "not a finite number"),
    ("v:decimal=-Infinity", "not a finite number"),
])
def test_numbers_too_large_for_a_parameter(store, param, fragment):
    proc = run_cli("query", "--text", "SELECT ?x WHERE { BIND(?v AS ?x) }", "--param", param,
                   *store, timeout=60)
    assert_refused(proc, fragment)
    assert len(proc.stderr) < 400  # a 5,000-digit value is not echoed whole


@pytest.mark.parametrize("literal, shown", [
    ('"1e999999999"^^xsd:decimal', "1e999999999"),
    ('"INF"^^xsd:double', "INF"),
    ('"-INF"^^xsd:double', "-INF"),
    ('"NaN"^^xsd:double', "NaN"),
    ('"' + "9" * 5000 + '"^^xsd:integer', "9" * 5000),
])
@pytest.mark.parametrize("fmt", ["json", "table", "csv", "tsv", "sparql-json"])
def test_results_json_cannot_hold_are_kept_as_text(store, literal, shown, fmt):
    proc = run_cli("query", "--text", f"{XSD}SELECT ?x WHERE {{ BIND({literal} AS ?x) }}",
                   "-f", fmt, *store, env={"COLUMNS": "6000"}, timeout=60)
    assert proc.returncode == 0, proc.stderr[-500:]
    if fmt == "json":
        assert strict_json(proc.stdout) == [{"x": shown}]
    elif fmt == "sparql-json":
        assert strict_json(proc.stdout)["results"]["bindings"][0]["x"]["value"] == shown
    else:
        assert shown in proc.stdout
