"""The benchmarks: the synthetic generator's data go through the real load path with the shape
they promise, and ``benchmarks/run.py --quick`` completes and writes every section.

No timing is asserted anywhere: the machine is shared and timings are what the benchmark
reports, not what a test can promise.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from conftest import ROOT

BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402  (benchmarks/ is a folder of scripts)
from synth import make_world  # noqa: E402


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("synth") / "s300", actors=300, seed=7).out_dir


def test_generator_is_deterministic_per_seed(tmp_path, synthetic):
    again = generate(tmp_path / "again", actors=300, seed=7).out_dir
    other = generate(tmp_path / "other", actors=300, seed=8).out_dir
    assert _digest(again) == _digest(synthetic)
    assert _digest(other) != _digest(synthetic)


def test_generated_data_pass_the_real_loader_with_every_section(synthetic):
    from mineralgraph.load import load_dataset

    ds = load_dataset(synthetic)  # cross-record checks included
    counts = ds.counts()
    assert counts["actors"] == 300
    for section in ("sources", "actors", "places", "sites", "commodities", "instruments",
                    "relations", "observations", "risks"):
        assert counts.get(section, 0) > 0, section
    for kind in ("state", "company", "state-owned-enterprise", "joint-venture",
                 "financial-institution", "person", "forum", "government-agency"):
        assert counts.get(f"kind:{kind}", 0) > 0, kind
    relation_kinds = Counter(r.kind for r in ds.records("relations"))
    for kind in ("owns", "partner-in", "finances", "offtake", "member-of", "holds-role"):
        assert relation_kinds[kind] > 0, kind
    stages = {r.status for r in ds.records("relations") if r.kind == "finances"}
    assert {"letter-of-interest", "signed", "disbursed"} <= stages
    assert any(o.measure == "production" for o in ds.records("observations"))
    assert any(o.measure == "price" for o in ds.records("observations"))
    assert all(e.evidence and e.evidence[0].quote for e in ds.records("relations"))


def test_generated_names_are_obviously_synthetic(synthetic):
    from mineralgraph.load import load_dataset

    for rec in load_dataset(synthetic).records():
        label = getattr(rec, "label", None)
        if label is not None:
            assert label.startswith(("Synth ", "Synthland ")), label


def test_generated_graph_has_the_promised_shape():
    world = make_world(actors=2000, seed=3)
    rels = world.sections["relations"]
    # JV partner shares sum to at most 100 per asset
    shares: dict[str, float] = defaultdict(float)
    for r in rels:
        if r["kind"] == "owns":
            shares[r["object"]] += r.get("share_pct", 0)
    assert shares and max(shares.values()) <= 100
    # ownership chains several levels deep
    owner_of = defaultdict(list)
    for r in rels:
        if r["kind"] == "owns":
            owner_of[r["object"]].append(r["subject"])

    def depth(node: str, seen: frozenset = frozenset()) -> int:
        ups = [o for o in owner_of.get(node, ()) if o not in seen]
        return 1 + max((depth(o, seen | {node}) for o in ups), default=0) if ups else 0

    assert max(depth(n) for n in list(owner_of)[:500]) >= 4
    # heavy-tailed degree: the best-connected node has far more ties than the typical one
    degree = Counter()
    for r in rels:
        degree[r["subject"]] += 1
        degree[r["object"]] += 1
    values = sorted(degree.values())
    assert values[-1] >= 20 * values[len(values) // 2]


def test_fast_store_path_holds_the_same_triples_as_the_build(tmp_path, synthetic):
    """Stage 4 makes its stores without YAML and TriG; the data must be the build's."""
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    import context
    import fast_store

    built = build(load_dataset(synthetic), tmp_path / "built")
    context.write_data_ntriples(built.out_dir / "dataset.nq", tmp_path / "build.nt")
    fast_store.make_store(actors=300, seed=7, out_dir=str(tmp_path / "fast"), keep_ntriples=True)
    import pyoxigraph

    fast = pyoxigraph.Store.read_only(str(tmp_path / "fast" / "store"))
    fast_lines = {f"{q.subject} {q.predicate} {q.object} .\n" for q in fast}
    build_lines = set((tmp_path / "build.nt").read_text(encoding="utf-8").splitlines(True))
    assert fast_lines == build_lines
    # the N-Triples kept for the baselines are the same triples, once each
    kept = (tmp_path / "fast" / "data.nt").read_text(encoding="utf-8").splitlines(True)
    assert len(kept) == len(set(kept)) and set(kept) == build_lines


def test_generate_script_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    proc = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--actors", "100",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "not a synthetic data set" in proc.stderr
    assert (tmp_path / "notes.txt").read_text() == "keep me"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.server
def test_quick_run_writes_every_section(tmp_path):
    from mineralgraph.query import query_names

    committed = BENCH / "RESULTS.md"
    before = committed.read_bytes() if committed.exists() else None
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--output", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Method", "## Stage 1", "## Stage 2", "## Stage 3",
                    "## Stage 4", "## Stage 5", "## Stage 6", "## Stage 7",
                    "## Where growth bends",
                    "## Costs that grow faster than they must"):
        assert heading in text, heading
    assert "failed" not in re.findall(r"\*\*(failed|not available yet)\*\*", text)
    assert "Run in progress" not in text
    for label in ("cores", "memory", "CPU", "Python", "pyoxigraph", "rdflib", "networkx"):
        assert f"| {label} |" in text, label
    stage2 = text.split("## Stage 2")[1].split("## Stage 3")[0]
    for name in query_names():
        assert re.search(rf"^\| {re.escape(name)} \| named \|", stage2, re.M), name
    for name in (p.stem for p in (BENCH / "queries").glob("*.rq")):
        assert re.search(rf"^\| {re.escape(name)} \| representative \|", stage2, re.M), name
    stage4 = text.split("## Stage 4")[1].split("## Stage 5")[0]
    for measure in ("PageRank", "eigenvector", "closeness, product default",
                    "betweenness sampled, 256 pivots", "influence_paths"):
        assert measure in stage4, measure
    assert "Top-20 agreement" in stage4
    assert "ready in Chromium" in text
    assert "write_brief, format md" in text
    # the committed results are never overwritten by a quick run
    assert (committed.read_bytes() if committed.exists() else None) == before
