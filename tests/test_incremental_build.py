"""A rebuild after an edit reuses the RDF of what did not change (kept N-Quads lines of
unchanged records, an update of the previous store) and writes exactly what a cold build of
the edited data writes: the same N-Quads and TriG bytes, a store with the same quads that
answers the same. Every case works on a copy of the real data set, and compares with a cold
build with the cache off (``MINERALGRAPH_CACHE=off``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal

from mineralgraph import build as build_module
from mineralgraph import record_cache
from mineralgraph.build import BuildResult, build
from mineralgraph.load import load_dataset
from mineralgraph.query import run_query
from mineralgraph.resources import default_data_dir
from mineralgraph.store import EmbeddedStore

QUERIES = ("forum-members", "financiers", "actors-by-kind")


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the shipped data files (not the source texts: a build does not read them),
    with a cache of its own."""
    monkeypatch.setenv("MINERALGRAPH_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder,
                    ignore=shutil.ignore_patterns(".sources", "snapshots"))
    return folder


@pytest.fixture
def converted(monkeypatch) -> list[str]:
    """Ids of the records converted to RDF (not taken from the cache) from now on."""
    seen: list[str] = []
    real = build_module.record_rdf

    def spy(rec, iri):
        seen.append(rec.id)
        return real(rec, iri)

    monkeypatch.setattr(build_module, "record_rdf", spy)
    return seen


def _build(data: Path, out: Path) -> BuildResult:
    return build(load_dataset(data), out)


def _quads(store_dir: Path) -> tuple[list[str], list[str]]:
    """Every quad of a store as sorted N-Quads lines, and its named graphs."""
    store = pyoxigraph.Store.read_only(str(store_dir))
    try:
        lines = sorted(store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode().splitlines())
        return lines, sorted(str(g) for g in store.named_graphs())
    finally:
        del store


def _answers(store_dir: Path) -> dict[str, list[dict]]:
    store = EmbeddedStore(store_dir, memory=False)
    try:
        return {name: sorted(map(repr, run_query(name, store=store).rows()))
                for name in QUERIES}
    finally:
        store.close()


def _cold(data: Path, out: Path, monkeypatch) -> BuildResult:
    """A cold build: no cache (``MINERALGRAPH_CACHE=off``), no previous output."""
    with monkeypatch.context() as m:
        m.setenv("MINERALGRAPH_CACHE", "off")
        cold = _build(data, out)
    assert not cold.store_updated
    return cold


def _same(rebuilt: BuildResult, cold: BuildResult) -> None:
    for name in ("dataset.nq", "dataset.trig"):
        assert (rebuilt.out_dir / name).read_bytes() == (cold.out_dir / name).read_bytes(), name
    assert _quads(rebuilt.store_dir) == _quads(cold.store_dir)
    assert _answers(rebuilt.store_dir) == _answers(cold.store_dir)
    assert rebuilt.triples == cold.triples and rebuilt.counts == cold.counts


def _same_as_cold(rebuilt: BuildResult, data: Path, tmp_path: Path, monkeypatch) -> None:
    """The rebuild wrote what a cold build of ``data`` writes (bytes, quads, answers)."""
    _same(rebuilt, _cold(data, tmp_path / "cold", monkeypatch))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _file_of(data: Path, record_id: str) -> tuple[Path, int]:
    loc = load_dataset(data).where(record_id)
    return Path(loc.file), loc.line


def _rebuild_converts(ids: list[str], text: str, data: Path, tmp_path: Path, monkeypatch,
                      converted: list[str]) -> None:
    """Rebuild into ``tmp_path/out``: exactly the records ``ids`` are converted, the previous
    store is updated, the N-Quads hold ``text``, and the output is a cold build's."""
    converted.clear()
    rebuilt = _build(data, tmp_path / "out")
    assert converted == ids
    assert rebuilt.store_updated
    assert text in (rebuilt.out_dir / "dataset.nq").read_text("utf-8")
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_a_changed_quote_converts_one_record_and_updates_the_store(data, tmp_path,
                                                                   monkeypatch, converted):
    out = tmp_path / "out"
    _build(data, out)
    path, _ = _file_of(data, "zhejiang-huayou-cobalt")
    _edit(path, "would pay a total $422 million", "would pay a total of $422 million")
    _rebuild_converts(["zhejiang-huayou-cobalt"], "would pay a total of $422 million",
                      data, tmp_path, monkeypatch, converted)


def test_nothing_changed_converts_nothing_and_a_touched_store_is_loaded_anew(
        data, tmp_path, monkeypatch, converted):
    """Unchanged data: nothing is converted, the store is updated (by nothing) and the TriG
    kept. Then the previous output is tampered with: an edited ``dataset.trig`` (made anew),
    an edited ``dataset.nq``, and a store opened for writing (a quad added and flushed). The
    rebuild cannot prove what that store holds, so it loads the store whole; every time the
    output is a cold build's."""
    out = tmp_path / "out"
    _build(data, out)
    before = {n: (out / n).read_bytes() for n in ("dataset.nq", "dataset.trig")}
    converted.clear()
    again = _build(data, out)
    assert converted == [] and again.store_updated
    assert {n: (out / n).read_bytes() for n in before} == before
    cold = _cold(data, tmp_path / "cold", monkeypatch)
    _same(again, cold)

    trig = out / "dataset.trig"  # kept when the N-Quads are the same, unless it was touched
    trig.write_bytes(trig.read_bytes().replace(b"mineralgraph commodity scheme", b"edited", 1))
    rebuilt = _build(data, out)
    assert rebuilt.store_updated
    _same(rebuilt, cold)

    nq = out / "dataset.nq"
    nq.write_bytes(nq.read_bytes() + b"<https://example.org/x> <https://example.org/p> \"x\" .\n")
    rebuilt = _build(data, out)
    assert not rebuilt.store_updated
    _same(rebuilt, cold)

    store = pyoxigraph.Store(str(out / "store"))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("https://example.org/x"),
                              pyoxigraph.NamedNode("https://example.org/p"),
                              pyoxigraph.Literal("added by hand")))
    store.flush()
    del store
    rebuilt = _build(data, out)
    assert not rebuilt.store_updated
    _same(rebuilt, cold)
    assert _build(data, out).store_updated  # the store this build made is trusted again


def test_an_added_record(data, tmp_path, monkeypatch, converted):
    out = tmp_path / "out"
    _build(data, out)
    path, _ = _file_of(data, "zhejiang-huayou-cobalt")
    _edit(path, "actors:\n", "actors:\n"
          "  - id: huayou-test-subsidiary\n"
          "    kind: company\n"
          "    label: Huayou Test Subsidiary\n"
          "    country: china\n"
          "    evidence:\n"
          "      - source: asiafinancial-huayou-arcadia\n"
          "        quote: \"China’s Zhejiang Huayou Cobalt said on Wednesday\"\n")
    _rebuild_converts(["huayou-test-subsidiary"], "Huayou Test Subsidiary",
                      data, tmp_path, monkeypatch, converted)


def test_a_deleted_record(data, tmp_path, monkeypatch, converted):
    """A relation nobody names goes: its lines leave the files and its quads the store."""
    out = tmp_path / "out"
    first = _build(data, out)
    ds = load_dataset(data)
    named = {ref for rec in ds.records() for _, ref in rec.refs()}
    gone = next(rec.id for rec in ds.records("relations") if rec.id not in named)
    path, line = _file_of(data, gone)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = line - 1
    assert re.match(r"\s*- id: ", lines[start]), lines[start]
    indent = lines[start].index("-")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" " * (indent + 1))
                                or lines[end].lstrip().startswith("#")):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    converted.clear()
    rebuilt = _build(data, out)
    assert gone not in load_dataset(data)
    assert converted == [] and rebuilt.store_updated
    assert rebuilt.triples < first.triples
    assert f"statement/{gone}>" not in (out / "dataset.nq").read_text("utf-8")
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_a_renamed_entity_and_every_reference_to_it(data, tmp_path, monkeypatch, converted):
    """Renaming an id touches its file and every file that names it; the records that name
    it are converted again (their fields changed), the others are not."""
    out = tmp_path / "out"
    _build(data, out)
    old, new = "minerals-security-partnership", "msp-renamed"
    word = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    touched = []
    for path in sorted(data.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if word.search(text):
            path.write_text(word.sub(new, text), encoding="utf-8")
            touched.append(path)
    assert len(touched) > 1
    ds = load_dataset(data)
    naming = {rec.id for rec in ds.records() if any(ref == new for _, ref in rec.refs())}
    converted.clear()
    rebuilt = _build(data, out)
    assert new in converted and naming <= set(converted)
    assert len(converted) < len(ds) / 10
    assert rebuilt.store_updated
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_a_kind_change_reconverts_the_records_that_name_it_in_other_files(
        data, tmp_path, monkeypatch, converted):
    """A forum becomes an intergovernmental organisation: its IRI moves from id/forum/ to
    id/org/. The records naming it in other files did not change a byte, yet their kept
    lines hold the old IRI: they must be converted again."""
    out = tmp_path / "out"
    _build(data, out)
    rid = "minerals-security-partnership"
    path, line = _file_of(data, rid)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n in range(line - 1, line + 5) if lines[n].strip() == "kind: forum")
    lines[at] = lines[at].replace("kind: forum", "kind: intergovernmental-organisation")
    path.write_text("".join(lines), encoding="utf-8")
    ds = load_dataset(data)
    elsewhere = {loc.record.id for loc in ds.items
                 if loc.file != str(path) and any(ref == rid for _, ref in loc.record.refs())}
    assert elsewhere
    converted.clear()
    rebuilt = _build(data, out)
    assert elsewhere <= set(converted)
    nq = (out / "dataset.nq").read_text("utf-8")
    assert f"/id/forum/{rid}>" not in nq and f"/id/org/{rid}>" in nq
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_a_new_code_version_reuses_nothing(data, tmp_path, monkeypatch, converted):
    """The kept lines are keyed by the code (models, kinds, vocabulary): another version
    converts every record again."""
    out = tmp_path / "out"
    _build(data, out)
    monkeypatch.setattr(record_cache, "code_fingerprint", lambda: "another version")
    monkeypatch.setattr("mineralgraph.rdf_cache.code_fingerprint", lambda: "another version")
    converted.clear()
    rebuilt = _build(data, out)
    assert len(converted) == len(load_dataset(data))
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_an_ontology_change_reaches_the_store(data, tmp_path, monkeypatch):
    """The ontology graph is part of the N-Quads: a changed ontology changes the previous
    store's copy the same way a cold build loads it."""
    out = tmp_path / "out"
    _build(data, out)
    real = build_module.ontology_graph

    def edited():
        g = real()
        ns = build_module.RDFS
        for s, _, label in sorted(g.triples((None, ns.label, None)))[:3]:
            g.remove((s, ns.label, label))
            g.add((s, ns.label, Literal(f"{label} (edited)", lang=label.language)))
        return g

    monkeypatch.setattr(build_module, "ontology_graph", edited)
    rebuilt = _build(data, out)
    assert rebuilt.store_updated
    assert "(edited)" in (out / "dataset.trig").read_text("utf-8")
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_a_damaged_cache_entry_is_ignored_and_written_anew(data, tmp_path, monkeypatch,
                                                           converted):
    out = tmp_path / "out"
    _build(data, out)
    entries = sorted((tmp_path / "cache" / "rdf").glob("*.pickle"))
    assert entries
    damaged = max(entries, key=lambda p: p.stat().st_size)
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2] ^= 0x20  # one bit, inside a line of N-Quads text
    damaged.write_bytes(bytes(raw))
    assert record_cache.read_entry(damaged) is None
    for entry in sorted((tmp_path / "cache" / "records").glob("*.pickle"))[:3]:
        entry.write_bytes(entry.read_bytes()[:-10])  # truncated
    converted.clear()
    rebuilt = _build(data, out)
    assert converted  # the damaged file's records were converted again…
    assert len(converted) < len(load_dataset(data))  # …and only those
    assert isinstance(record_cache.read_entry(damaged), dict)  # written anew
    _same_as_cold(rebuilt, data, tmp_path, monkeypatch)


def test_the_rdf_cache_stays_bounded_and_keeps_what_is_used(tmp_path, monkeypatch, converted):
    """The kept lines share the record cache's bounds: the least recently used entries go
    (here 50 stale ones a day old, bounded to 10 entries), the build's own stay and are used."""
    import os
    import time

    monkeypatch.setenv("MINERALGRAPH_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "rdf"
    folder.mkdir(parents=True)
    old = time.time() - 86400
    for n in range(50):
        stale = folder / f"stale-{n:03d}.pickle"
        stale.write_bytes(b"x" * 100)
        os.utime(stale, (old + n, old + n))
    monkeypatch.setattr(record_cache, "MAX_ENTRIES", 10)
    monkeypatch.setattr(record_cache, "_pruned", set())
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", data)
    _build(data, tmp_path / "out")
    files = len(list(data.glob("*.yaml")))
    left = sorted(p.name for p in folder.glob("*.pickle"))
    stale = [name for name in left if name.startswith("stale-")]
    assert len(left) - len(stale) == files  # one entry per data file, all kept
    assert len(stale) < 10  # the oldest went first
    assert stale == [f"stale-{n:03d}.pickle" for n in range(50 - len(stale), 50)]
    converted.clear()
    _build(data, tmp_path / "out")
    assert converted == []  # what the build wrote is used
