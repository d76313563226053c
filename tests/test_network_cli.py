"""The network commands as a user runs them: names resolved, formats, errors in one line."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from conftest import run_cli
from network_data import net_build  # noqa: F401


class Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _run(net_build, *args):
    """In-process, through the same entry point as the console script (fast)."""
    import contextlib

    from mineralgraph.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([*args, "--store", str(net_build.store_dir)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


def _subprocess(net_build, *args):
    """As a user runs it: a separate process."""
    return run_cli(*args, "--store", str(net_build.store_dir))


def test_rank_json_and_csv(net_build):
    proc = _run(net_build, "rank", "--measure", "all", "--top", "3", "--as-of", "2026-06-30",
                "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["as_of"] == "2026-06-30" and len(data["ranking"]) == 3
    first = data["ranking"][0]
    assert set(first["scores"]) == {"pagerank", "betweenness", "closeness", "eigenvector",
                                    "degree"}
    assert first["why"] and first["why"][0]["quote"]
    proc = _run(net_build, "rank", "--measure", "betweenness", "--format", "csv",
                "--backend", "igraph")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows[0]["rank"] == "1" and rows[0]["why_1"]


def test_paths_by_alias_and_label_with_sources(net_build):
    proc = _run(net_build, "paths", "FEXIM", "Alpha deposit", "--as-of", "2026-06-30",
                "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["source"] == "freedonia-exim" and data["target"] == "alpha-deposit"
    hops = data["paths"][0]["hops"]
    assert [h["kind"] for h in hops] == ["finances", "part-of"]
    assert hops[0]["qualifiers"]["amount"] == 500000000
    assert all(h["evidence"][0]["quote"] for h in hops)
    table = _run(net_build, "paths", "Freedonia", "alpha-deposit", "--k", "2")
    assert "Path 1: Freedonia → Alpha deposit" in table.stdout and "Path 2:" in table.stdout


def test_no_path_answers_with_nearest_connections(net_build):
    proc = _subprocess(net_build, "paths", "gamma-mine", "sylvania", "--as-of", "2026-06-30")
    assert proc.returncode == 0, proc.stderr
    assert "No influence path" in proc.stdout
    assert "direction is ignored" in proc.stdout and "Nearest" in proc.stdout


def test_unknown_names_and_bad_options_fail_in_one_line(net_build):
    proc = _subprocess(net_build, "paths", "Fredonia Bank", "gamma-mine")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "no entity is called 'Fredonia Bank'" in proc.stderr
    for args, message in [(("rank", "--as-of", "soon"), "not a date"),
                          (("rank", "--format", "xml"), "unknown --format"),
                          (("rank", "--kinds", "owns,located-in"), "never become edges"),
                          (("offtake", "--country", "Atlantis"), "no country"),
                          (("concentration", "--measure", "exports"), "production or reserves")]:
        proc = _run(net_build, *args)
        assert proc.returncode != 0, args
        assert message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_offtake_gaps_and_blocs(net_build):
    proc = _run(net_build, "offtake", "--country", "Sylvania", "--commodity", "tungsten",
                "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["project"] for r in rows} == {"delta-project"}
    assert any(r["role"] == "gap" and r["entity_label"] == "offtaker unknown" for r in rows)
    proc = _run(net_build, "blocs", "--as-of", "2026-06-30", "--format", "json")
    data = json.loads(proc.stdout)
    blocs = {p["project"]: p for p in data["projects"]}
    assert blocs["gamma-mine"]["states"] == ["sylvania"]
    assert blocs["alpha-beta-project"]["bloc"] == "Freedonia + Ruritania"
    assert data["communities"]


def test_concentration_table_names_source_and_index(net_build):
    proc = _run(net_build, "concentration", "--commodity", "Tungsten", "--year", "2024")
    assert proc.returncode == 0, proc.stderr
    assert "HHI 6,650" in proc.stdout and "HHI 8,200" in proc.stdout
    assert "Survey of Metals 2025" in proc.stdout


def test_export_writes_files_gephi_and_kumu_read(net_build, tmp_path):
    target = tmp_path / "net.graphml"
    proc = _subprocess(net_build, "export", "--format", "graphml", "-o", str(target),
                "--measures", "pagerank,degree")
    assert proc.returncode == 0, proc.stderr
    H = nx.read_graphml(target)
    assert "score_pagerank" in H.nodes["sylvania"] and "bloc" in H.nodes["sylvania"]
    proc = _run(net_build, "export", "--format", "csv", "-o", str(tmp_path / "kumu"),
                "--measures", "degree")
    assert (tmp_path / "kumu-elements.csv").exists()
    assert (tmp_path / "kumu-connections.csv").exists()
    bad = _run(net_build, "export", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert bad.returncode != 0 and "unknown export format" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()
