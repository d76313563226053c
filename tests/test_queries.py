"""The named queries, on both backends, against expected rows of the real data set.

Each ``queries/NAME.rq`` has ``tests/expected/NAME.json``: runs (parameters as a user types
them) with the rows each must contain (``contains``, in order when ``in_order``), rows it must
not (``excludes``) and optionally its exact columns. Every run goes to the embedded store and
to the served endpoint (a real ``mineralgraph serve`` over HTTP); the two must give identical
results. A cell value ``"id:…"`` abbreviates an IRI, ``"~text"`` means "contains text",
``{"min": n}`` means "at least n".
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from mineralgraph.errors import MineralgraphError, NotFoundError
from mineralgraph.query import list_queries, load_query, parse_query, query_names, run_query
from mineralgraph.store import XSD, Term
from mineralgraph.vocab import BASE, RDFS

from conftest import run_cli

EXPECTED = Path(__file__).parent / "expected"
QUERIES = query_names()


def _matches(row: dict, want: dict) -> bool:
    for key, expected in want.items():
        value = row.get(key)
        if isinstance(expected, dict):
            if value is None or value < expected["min"]:
                return False
        elif isinstance(expected, str) and expected.startswith("~"):
            if value is None or expected[1:] not in str(value):
                return False
        elif isinstance(expected, str) and expected.startswith("id:"):
            if value != BASE + "id/" + expected[3:]:
                return False
        elif isinstance(expected, bool) or expected is None:
            if value is not expected:
                return False
        elif value != expected:
            return False
    return True


def _check_run(name: str, run: dict, rows: list[dict], columns: list[str]) -> None:
    where = f"{name} {run['params']}"
    if "columns" in run:
        assert columns == run["columns"], where
    assert rows, f"{where}: no rows"
    position = -1
    for want in run.get("contains", []):
        hits = [i for i, row in enumerate(rows) if _matches(row, want)]
        assert hits, f"{where}: no row matches {want}\nrows: {rows[:10]}"
        if run.get("in_order"):
            later = [i for i in hits if i > position]
            assert later, f"{where}: {want} is out of order"
            position = later[0]
    for unwanted in run.get("excludes", []):
        bad = [row for row in rows if _matches(row, unwanted)]
        assert not bad, f"{where}: rows match excluded {unwanted}: {bad[:3]}"




@pytest.mark.server
@pytest.mark.parametrize("name", QUERIES)
def test_named_query_on_both_backends(name, real_store, real_disk_store, remote_store):
    path = EXPECTED / f"{name}.json"
    assert path.is_file(), f"add expected rows for queries/{name}.rq in {path}"
    runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
    assert runs and all(r.get("contains") for r in runs), f"{path}: every run needs rows"
    for run in runs:
        local = run_query(name, params=run["params"], store=real_store)
        disk = run_query(name, params=run["params"], store=real_disk_store)
        served = run_query(name, params=run["params"], store=remote_store)
        assert local.vars == served.vars, name
        assert local.bindings == served.bindings, f"{name} {run['params']}: backends differ"
        assert local.vars == disk.vars, name
        assert local.bindings == disk.bindings, f"{name} {run['params']}: memory ≠ disk"
        _check_run(name, run, local.rows(), local.vars)


def test_every_expected_file_has_its_query():
    orphans = {p.stem for p in EXPECTED.glob("*.json")} - set(QUERIES)
    assert not orphans, f"expected rows for queries that do not exist: {orphans}"


def test_there_are_enough_named_queries():
    assert len([q for q in QUERIES if not q.startswith("brief-")]) >= 20


@pytest.mark.parametrize("name", QUERIES)
def test_header_is_complete(name, real_store):
    q = load_query(name)
    assert q.title and q.question.endswith("?"), f"{name}: title and question"
    assert q.text.lstrip().startswith("#"), f"{name}: the header comes first"
    if q.params:
        assert q.examples, f"{name}: an example call shows how to pass the parameters"
    for example in q.examples:
        words = shlex.split(example)
        assert words[:3] == ["mineralgraph", "query", name], example
        params = dict(w.split("=", 1) for w in words[3:] if "=" in w)
        for key in params:
            q.param(key)
        # the example runs on the real data and answers something
        assert run_query(q, params=params, store=real_store).rows(), \
            f"{name}: the example {example!r} gives no rows on the real data"


# -- parameters are typed terms, never query text ---------------------------------------------
NASTY = 'x" } ; DROP ALL ; { "\\\' <http://evil/> \n# comment\nSERVICE'


@pytest.mark.server
@pytest.mark.parametrize("backend", ["embedded", "served"])
def test_injection_comes_back_as_a_plain_literal(backend, real_store, remote_store):
    store = real_store if backend == "embedded" else remote_store
    before = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows()
    echoed = run_query("SELECT ?x (STRLEN(?x) AS ?n) WHERE { }", params={"x": NASTY},
                       store=store)
    assert echoed.rows() == [{"x": NASTY, "n": len(NASTY)}]
    assert echoed.bindings[0]["x"] == Term.literal(NASTY)
    # the store's own binding too (Oxigraph's substitution on the embedded store)
    direct = store.select("SELECT ?x WHERE { }", {"x": Term.literal(NASTY)})
    assert direct.rows() == [{"x": NASTY}]
    matched = run_query(f"PREFIX rdfs: <{RDFS}> SELECT ?e WHERE {{ ?e rdfs:label ?name }}",
                        params={"name": NASTY}, store=store)
    assert matched.rows() == []
    none = run_query("source-coverage", params={"publisher": NASTY}, store=store)
    assert len(none) == 0
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows() == before


def test_injection_into_typed_parameters_is_refused_cleanly(real_store):
    with pytest.raises(NotFoundError, match="no entity is called"):
        run_query("financiers", params={"project": NASTY}, store=real_store)
    with pytest.raises(MineralgraphError, match="not an absolute IRI"):
        run_query("SELECT ?x WHERE { }", params={"x:iri": NASTY}, store=real_store)
    with pytest.raises(MineralgraphError, match="not an integer"):
        run_query("neighbourhood", params={"hops": "2 } ; DROP ALL ; {"}, store=real_store)


# -- the Python API ---------------------------------------------------------------------------
def test_run_query_api_rows_and_dataframe(real_store):
    result = run_query("financiers", params={"project": "Northern Katpar"}, store=real_store)
    assert result.query.name == "financiers"
    assert result.bound["project"] == Term.iri(BASE + "id/site/northern-katpar")
    frame = result.as_dataframe()
    assert list(frame.columns) == result.vars and len(frame) == len(result)
    exim = frame[frame["financier"] == "Export-Import Bank of the United States"]
    assert set(exim["amount"]) == {900000000}


def test_as_dataframe_without_pandas_says_what_to_install(real_store, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    result = run_query("listings", store=real_store)
    with pytest.raises(MineralgraphError, match="pip install pandas"):
        result.as_dataframe()


def test_parameters_accept_python_values_and_terms(real_store):
    by_text = run_query("neighbourhood", params={"entity": "bakuta", "hops": "1"},
                        store=real_store)
    by_values = run_query("neighbourhood", params={
        "entity": Term.iri(BASE + "id/site/bakuta"), "hops": 1}, store=real_store)
    assert by_text.bindings == by_values.bindings
    assert by_values.bound["hops"] == Term.literal("1", XSD + "integer")


def test_ask_and_untyped_parameters(real_store):
    yes = run_query(f"PREFIX rdfs: <{RDFS}> ASK {{ ?e rdfs:label ?l }}",
                    params={"l": "Bakuta"}, store=real_store)
    assert yes.boolean is True and yes.rows() == [{"ask": True}]
    typed = run_query("SELECT ?d WHERE { }", params={"d:date": "2025-11"}, store=real_store)
    assert typed.bindings[0]["d"] == Term.literal("2025-11", XSD + "gYearMonth")


def test_bad_parameters_name_what_is_wrong(real_store):
    with pytest.raises(MineralgraphError, match="has no parameter 'hop'.*entity, hops"):
        run_query("neighbourhood", params={"hop": "2"}, store=real_store)
    with pytest.raises(NotFoundError, match="closest: .*northern-katpar"):
        run_query("financiers", params={"project": "Northern Katpr"}, store=real_store)
    with pytest.raises(NotFoundError, match="not a known kind; closest: .*joint-venture"):
        run_query("actors-by-kind", params={"kind": "joint-ventures"}, store=real_store)
    with pytest.raises(MineralgraphError, match="2025-13.* is not a real date"):
        run_query("SELECT ?d WHERE { }", params={"d:date": "2025-13"}, store=real_store)
    with pytest.raises(NotFoundError, match="no source is called"):
        run_query("source-claims", params={"source": "nowhere-news"}, store=real_store)
    with pytest.raises(NotFoundError, match="no named query 'financers'; closest: financiers"):
        load_query("financers")
    with pytest.raises(MineralgraphError, match="CONSTRUCT queries are not run here"):
        run_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", store=real_store)


@pytest.mark.parametrize("header, message", [
    ("# title: t\n# param: x (entity, default a) the x\n", "cannot read parameter line"),
    ("# title: t\n# param: x (colour, optional) — the x\n", "unknown type 'colour'"),
    ("# title: t\n# param: x (entity:planet, optional) — the x\n", "unknown kind"),
    ("# title: t\n# param: y (string, optional) — not in the query\n", "not a variable"),
    ("# title: t\n# author: me\n", "unknown header field 'author'"),
    ("# title: t\n# param: x (string, optional) — a\n# param: x (string, optional) — b\n",
     "declared twice"),
])
def test_header_errors_are_located(header, message):
    with pytest.raises(MineralgraphError, match=message):
        parse_query(header + "SELECT ?x WHERE { ?x ?p ?o }", name="bad")


def test_header_fields_and_continuation_lines():
    q = parse_query("# title: Shares\n# question: Who holds\n#    what share?\n"
                    "# param: x (decimal, default 2.50) — a number\n"
                    "# example: mineralgraph query shares --param x=3\n"
                    "SELECT ?x WHERE { ?s ?p ?x }", name="shares")
    assert q.question == "Who holds what share?"
    assert q.params[0].default == "2.50" and q.examples == (
        "mineralgraph query shares --param x=3",)


# -- the command line (in process, except where a real subprocess matters) ------------------
def _cli(capsys, *args: str) -> tuple[int, str, str]:
    from mineralgraph.cli import main
    from mineralgraph.cli._common import console

    console.width = 250  # a wide terminal, so that table cells are not folded
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_queries_lists_every_named_query(capsys):
    code, out, _ = _cli(capsys, "queries")
    assert code == 0
    for name in ("financiers", "ownership-chain", "contested-facts", "neighbourhood"):
        assert name in out
    assert "project:entity=northern-katpar" in out
    code, out, _ = _cli(capsys, "queries", "financiers")
    assert "Who finances" in out and "--param project=" in out


def test_cli_query_csv_and_json(real_build, capsys):
    store = str(real_build.store_dir)
    code, out, err = _cli(capsys, "query", "financiers", "--param", "project=Northern Katpar",
                          "--store", store, "--format", "csv")
    assert code == 0, err
    header, *lines = out.splitlines()
    assert header.startswith("project,financier,financierKind")
    assert any("Export-Import Bank of the United States" in line and ",900000000,USD," in line
               for line in lines)
    code, out, err = _cli(capsys, "query", "--text", "SELECT ?n WHERE { }", "-p", "n:integer=7",
                          "--store", store, "--format", "json")
    assert json.loads(out) == [{"n": 7}]


def test_cli_runs_a_query_file_with_its_header(real_build, tmp_path, capsys):
    path = tmp_path / "members.rq"
    path.write_text(
        "# title: Members\n# question: Who is a member of FORUM?\n"
        "# param: forum (entity:forum, default c5-plus-1) — the forum\n"
        f"PREFIX mg: <{BASE}ontology#>\nPREFIX rdfs: <{RDFS}>\n"
        "SELECT ?name WHERE { ?m mg:memberOf ?forum ; rdfs:label ?name } ORDER BY ?name\n")
    code, out, err = _cli(capsys, "query", str(path), "--store", str(real_build.store_dir),
                          "-f", "json")
    assert code == 0, err
    assert {"name": "Kazakhstan"} in json.loads(out)
    code, out, err = _cli(capsys, "query", str(path), "-p", "forum=Kazakhstan",
                          "--store", str(real_build.store_dir))
    assert code == 2 and "no entity of kind forum is called 'Kazakhstan'" in err


@pytest.mark.server
def test_cli_query_against_the_endpoint_matches_the_embedded_store(real_build,
                                                                 served_endpoint):
    args = ("query", "ownership-chain", "--format", "sparql-json", "-p", "entity=bakuta")
    served = run_cli(*args, "--endpoint", served_endpoint.query_url)
    local = run_cli(*args, "--store", str(real_build.store_dir))
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout) == json.loads(local.stdout)
    assert json.loads(local.stdout)["results"]["bindings"]


def test_cli_table_tsv_and_output_file(real_build, tmp_path, capsys):
    store = str(real_build.store_dir)
    code, out, _ = _cli(capsys, "query", "price-series", "--store", store)
    assert code == 0 and "Price series of a commodity" in out
    assert "USD/mtu" in out and "2026-01-14" in out
    target = tmp_path / "prices.tsv"
    code, out, _ = _cli(capsys, "query", "price-series", "--store", store, "-f", "tsv",
                        "-o", str(target))
    assert code == 0 and out == ""
    lines = target.read_text().splitlines()
    assert lines[0].split("\t")[:3] == ["?commodity", "?date", "?value"]
    assert f"<{BASE}id/commodity/apt>" in lines[1]
    assert list(tmp_path.iterdir()) == [target], "no temporary file is left behind"


@pytest.mark.parametrize("args, message", [
    (("query", "financers"), "closest: financiers"),
    (("query", "financiers", "-p", "project=Nothern Katpar"), "closest: "),
    (("query", "neighbourhood", "-p", "hops=two"), "'two' — not an integer"),
    (("query", "neighbourhood", "-p", "hops"), "--param needs name=value"),
    (("query",), "give a query name"),
    (("query", "--text", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"),
     "refused: the query uses SERVICE"),
    (("query", "listings", "-o", "/no/such/folder/x.csv", "-f", "csv"), "does not exist"),
])
def test_cli_errors_are_one_clear_line(real_build, capsys, args, message):
    code, out, err = _cli(capsys, *args, "--store", str(real_build.store_dir))
    assert code != 0
    assert message in err and "Traceback" not in err, err


def test_cli_errors_from_a_real_process(real_build):
    proc = run_cli("query", "financiers", "-p", "project=Northern Katpr",
                   "--store", str(real_build.store_dir))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: no entity is called 'Northern Katpr'; closest:")
    assert "Traceback" not in proc.stderr


def test_list_queries_reads_every_header():
    assert {q.name for q in list_queries()} == set(QUERIES)


@pytest.mark.parametrize("entity", ["bakuta", "severniy-katpar-llp", "us-exim"])
def test_neighbourhood_matches_a_breadth_first_search(real_store, entity):
    """Distances equal a BFS over the relation statements (hub kinds left out)."""
    from collections import defaultdict

    rows = real_store.select(f"""
        PREFIX mg: <{BASE}ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?a ?b WHERE {{
          ?st rdf:subject ?a ; rdf:object ?b ; mg:relationKind ?k .
          ?a mg:kind ?ka . ?b mg:kind ?kb .
          FILTER(?k NOT IN ("located-in", "contains", "produces", "lists")) }}""").rows()
    links = defaultdict(set)
    for row in rows:
        links[row["a"]].add(row["b"])
        links[row["b"]].add(row["a"])
    start = f"{BASE}id/" + ("org/" if entity != "bakuta" else "site/") + entity
    distance, frontier = {start: 0}, {start}
    for hop in (1, 2, 3):
        frontier = {m for n in frontier for m in links[n]} - distance.keys()
        distance.update(dict.fromkeys(frontier, hop))
        got = run_query("neighbourhood", params={"entity": entity, "hops": hop},
                        store=real_store).rows()
        assert {r["neighbour"]: r["distance"] for r in got} == {
            n: d for n, d in distance.items() if 0 < d <= hop}, (entity, hop)


def test_neighbourhood_follows_every_relation_kind_but_four():
    """The neighbourhood paths list the relation predicates by hand: they must not drift
    from the declared relation kinds when a kind is added."""
    from mineralgraph.kinds import RELATION_KINDS

    text = load_query("neighbourhood").text
    skipped = {"located-in", "contains", "produces", "lists"}
    want = {"mg:" + str(kind.prop).split("#")[1] for slug, kind in RELATION_KINDS.items()
            if slug not in skipped}
    body = text[text.index("WHERE"):]
    for path in re.findall(r"\(((?:\^?mg:\w+\|?\s*)+)\)", body):
        steps = [s.strip() for s in path.split("|")]
        assert {s for s in steps if not s.startswith("^")} == want
        assert {s[1:] for s in steps if s.startswith("^")} == want
    assert len(re.findall(r"\(((?:\^?mg:\w+\|?\s*)+)\)", body)) == 6  # 1 + 2 + 3 hops
