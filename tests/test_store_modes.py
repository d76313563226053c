"""The embedded store in memory and on disk: same answers, and the copy into memory is
always the store's own quads (from the build's N-Quads when they match, else from the store)."""

from __future__ import annotations

import shutil

import pytest

from mineralgraph import store as store_module
from mineralgraph.query import run_query
from mineralgraph.store import EmbeddedStore, open_store

# the data is the default graph, the ontology a named graph: count and compare both
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
LABELS = (f"SELECT ?g ?s ?label WHERE {{ {{ ?s {LABEL} ?label }} UNION "
          f"{{ GRAPH ?g {{ ?s {LABEL} ?label }} }} }} ORDER BY ?g ?s ?label")


def _count(st) -> int:
    return st.select(COUNT).rows()[0]["n"]


def test_auto_mode_loads_a_small_build_into_memory(real_build):
    st = open_store(location=real_build.store_dir)
    assert st.in_memory and st.description.endswith("(in memory)")
    disk = open_store(location=real_build.store_dir, memory=False)
    assert not disk.in_memory and "in memory" not in disk.description
    assert _count(st) == _count(disk) == real_build.triples
    assert st.select(LABELS).bindings == disk.select(LABELS).bindings


def test_auto_mode_stays_on_disk_above_the_limit(real_build, monkeypatch):
    monkeypatch.setattr(store_module, "MEMORY_AUTO_QUADS", real_build.triples - 1)
    assert not open_store(location=real_build.store_dir).in_memory
    assert open_store(location=real_build.store_dir, memory=True).in_memory


def test_single_query_commands_read_the_disk(real_build, monkeypatch):
    seen = []
    real_init = EmbeddedStore.__init__

    def spy(self, location, *, memory=None):
        seen.append(memory)
        real_init(self, location, memory=memory)

    monkeypatch.setattr(EmbeddedStore, "__init__", spy)
    monkeypatch.setattr(store_module, "DEFAULT_OUT", real_build.out_dir)
    assert len(run_query("risks")) > 0
    assert seen == [False]


@pytest.mark.parametrize("damage", ["missing", "truncated", "other build"])
def test_memory_copy_never_trusts_a_stale_dump(real_build, mini_build, tmp_path, damage):
    out = tmp_path / "out"
    shutil.copytree(real_build.store_dir, out / "store")
    dump = out / "dataset.nq"
    if damage == "truncated":
        lines = (real_build.out_dir / "dataset.nq").read_text(encoding="utf-8").splitlines(True)
        dump.write_text("".join(lines[:-5]), encoding="utf-8")
    elif damage == "other build":
        shutil.copy(mini_build.out_dir / "dataset.nq", dump)
    st = EmbeddedStore(out / "store", memory=True)
    assert st.in_memory
    assert _count(st) == real_build.triples
    disk = EmbeddedStore(real_build.store_dir, memory=False)
    assert st.select(LABELS).bindings == disk.select(LABELS).bindings


def test_a_garbled_dump_falls_back_to_the_store(real_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(real_build.store_dir, out / "store")
    (out / "dataset.nq").write_text("this is not N-Quads\n", encoding="utf-8")
    st = EmbeddedStore(out / "store", memory=True)
    assert _count(st) == real_build.triples


def test_auto_mode_skips_counting_a_store_far_past_the_limit(real_build, monkeypatch):
    """Counting the quads of a huge store takes seconds: a dump a thousand times larger than
    the limit decides without it; near the limit the store is counted."""
    import pyoxigraph

    counted: list[int] = []
    real = pyoxigraph.Store

    class Counting:
        def __init__(self, store):
            self._store = store

        def __len__(self):
            counted.append(1)
            return len(self._store)

        def __getattr__(self, name):
            return getattr(self._store, name)

    class Store:
        read_only = staticmethod(lambda path: Counting(real.read_only(path)))

    monkeypatch.setattr(pyoxigraph, "Store", Store)
    dump_bytes = (real_build.out_dir / "dataset.nq").stat().st_size
    monkeypatch.setattr(store_module, "MEMORY_AUTO_QUADS", dump_bytes // 1024 - 1)
    assert not EmbeddedStore(real_build.store_dir).in_memory and not counted
    monkeypatch.setattr(store_module, "MEMORY_AUTO_QUADS", dump_bytes // 1024 + 1)
    assert not EmbeddedStore(real_build.store_dir).in_memory and counted
