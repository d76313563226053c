"""A rebuild updates the previous build's store instead of loading every quad again, when
the result is provably the store a bulk load would make.

The argument: a build records in its marker (:mod:`mineralgraph.outdir`) the SHA-256 of the
N-Quads it loaded into ``OUT/store``, the pyoxigraph version, and the name, size and time of
every file of the store it closed. If all three still hold, the store holds exactly the quads
of ``OUT/dataset.nq`` (old): RocksDB changes a file on every write (even opening a store for
writing rewrites its ``MANIFEST`` and ``CURRENT``), and opening read-only, as every command
here does, changes none. A copy of it (a RocksDB checkpoint: immutable tables are linked, the
rest copied; the previous store is never written) then loses the quads of old that are not in
new and gains those of new that are not in old: (old − (old − new)) ∪ (new − old) = new. Its
quad count and named graphs are checked once more after the update. Whenever anything does not
hold — no previous build, a store written by somebody else, another pyoxigraph, a change
touching more than ``MAX_CHANGED`` of the quads — the build loads the store whole as before.

The TriG is a function of the N-Quads: when they are the same bytes as the previous build's,
and the code and pyoxigraph are the same, the previous ``dataset.trig`` (checked against the
SHA-256 in the marker) is written again instead of serializing every quad anew.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .outdir import MARKER
from .record_cache import code_fingerprint

#: Above this share of changed quads, a bulk load is faster than quad-by-quad updates.
MAX_CHANGED = 0.2
# RocksDB's informational logs and lock file: written by opening, never part of the data.
_NOT_DATA = ("LOG", "LOCK")


def store_files(store: Path) -> dict[str, list[int]]:
    """Name → (size, modification time in ns) of the files that hold the store's data."""
    found = {}
    for path in sorted(store.iterdir()):
        if path.name in _NOT_DATA or path.name.startswith("LOG.old"):
            continue
        st = path.stat()
        found[path.name] = [st.st_size, st.st_mtime_ns]
    return found


def stamp(store: Path, nquads: bytes, trig: bytes) -> dict:
    """What the marker records about the files of a build, its store just closed: see the
    module docstring."""
    import pyoxigraph

    return {"nquads_sha256": _sha256(nquads), "trig_sha256": _sha256(trig),
            "code": code_fingerprint(), "pyoxigraph": pyoxigraph.__version__,
            "files": store_files(store)}


@dataclass(frozen=True)
class Previous:
    """The previous build in ``OUT``, as far as it is provably what its marker says."""

    store: Path
    nquads: bytes  # of ``OUT/dataset.nq``, the quads ``store`` holds
    trig: bytes | None  # ``OUT/dataset.trig``, when the same code made it from ``nquads``

    @property
    def lines(self) -> list[str]:
        return self.nquads.decode("utf-8").splitlines(keepends=True)

    def trig_of(self, nquads: bytes) -> bytes | None:
        """The previous TriG if it is that of ``nquads``: the TriG is a function of the
        N-Quads (the same lines, split by graph, through the same serializer)."""
        return self.trig if self.trig is not None and nquads == self.nquads else None


def previous_build(out: Path) -> Previous | None:
    """The previous build in ``out`` if ``OUT/store`` provably holds exactly the quads of
    ``OUT/dataset.nq`` (see the module docstring), else None."""
    import pyoxigraph

    try:
        state = json.loads((out / MARKER).read_text(encoding="utf-8")).get("store")
        if not isinstance(state, dict) or state.get("pyoxigraph") != pyoxigraph.__version__:
            return None
        nquads = (out / "dataset.nq").read_bytes()
        if _sha256(nquads) != state.get("nquads_sha256"):
            return None
        if store_files(out / "store") != state.get("files"):
            return None
        trig: bytes | None = None
        if state.get("code") == code_fingerprint():
            trig = (out / "dataset.trig").read_bytes()
            if _sha256(trig) != state.get("trig_sha256"):
                trig = None
        return Previous(out / "store", nquads, trig)
    except (OSError, ValueError, AttributeError):
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def update_copy(old_store: Path, old_lines: list[str], new_lines: list[str], target: Path,
                graphs: set[str]) -> bool:
    """Make ``target`` a copy of ``old_store`` (holding ``old_lines``) changed to hold
    ``new_lines`` (graphs named ``graphs``, IRIs without brackets). False, with ``target``
    removed, when the change is too large or a check fails: the caller then loads it whole."""
    import pyoxigraph as ox

    old, new = set(old_lines), set(new_lines)
    gone, added = old - new, new - old
    if len(gone) + len(added) > MAX_CHANGED * max(len(new), 1):
        return False
    source = ox.Store.read_only(str(old_store))
    try:
        source.backup(str(target))
    finally:
        del source
    store = ox.Store(str(target))
    ok = len(store) == len(old)
    if ok:
        for quad in ox.parse("".join(sorted(gone)).encode("utf-8"), format=ox.RdfFormat.N_QUADS):
            store.remove(quad)
        store.extend(ox.parse("".join(sorted(added)).encode("utf-8"),
                              format=ox.RdfFormat.N_QUADS))
        store.flush()
        ok = (len(store) == len(new)
              and {g.value for g in store.named_graphs()} == graphs)  # type: ignore[union-attr]
    del store
    if not ok:
        shutil.rmtree(target, ignore_errors=True)
    return ok
