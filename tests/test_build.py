"""The build is reproducible, complete and atomic."""

from pathlib import Path

import pytest
from rdflib import Dataset

from conftest import MINI, run_cli


def _build(out: Path, *, seed: str, data: Path | None = None, env: dict | None = None):
    args = ["build", "--out", str(out)] + (["--data", str(data)] if data else [])
    return run_cli(*args, env={"PYTHONHASHSEED": seed, **(env or {})})


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ra, rb = _build(a, seed="1"), _build(b, seed="2")
    assert ra.returncode == 0, ra.stderr
    assert rb.returncode == 0, rb.stderr
    for name in ("dataset.nq", "dataset.trig"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_trig_and_nquads_hold_the_same_quads(mini_build):
    nq = Dataset().parse(mini_build.out_dir / "dataset.nq", format="nquads")
    trig = Dataset().parse(mini_build.out_dir / "dataset.trig", format="trig")
    assert len(nq) == len(trig) > 0
    assert set(nq.quads()) == set(trig.quads())


def test_store_holds_every_quad(mini_build, mini_store):
    lines = (mini_build.out_dir / "dataset.nq").read_text().splitlines()
    rows = mini_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }").rows()
    assert rows[0]["n"] == len(lines)


def test_build_prints_counts_per_kind(tmp_path):
    proc = _build(tmp_path / "o", seed="0", data=MINI)
    assert proc.returncode == 0, proc.stderr
    for word in ("relations", "company", "deposit", "observations", "embedded store"):
        assert word in proc.stdout


def test_interrupted_build_keeps_previous_output(tmp_path):
    out = tmp_path / "o"
    assert _build(out, seed="0", data=MINI).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    store_files = sorted(p.name for p in (out / "store").iterdir())
    proc = _build(out, seed="0", data=MINI, env={"MINERALGRAPH_FAIL_BUILD": "1"})
    assert proc.returncode != 0
    assert "interrupted" in proc.stderr and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in (out / "store").iterdir()) == store_files
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]
