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
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .outdir import MARKER

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


def stamp(store: Path, nquads: bytes) -> dict:
    """What the marker records about a store just closed: see the module docstring."""
    import pyoxigraph

    return {"nquads_sha256": hashlib.sha256(nquads).hexdigest(),
            "pyoxigraph": pyoxigraph.__version__, "files": store_files(store)}


def previous_lines(out: Path) -> list[str] | None:
    """The lines of ``OUT/dataset.nq`` if ``OUT/store`` provably holds exactly their quads
    (see the module docstring), else None."""
    import pyoxigraph

    try:
        state = json.loads((out / MARKER).read_text(encoding="utf-8")).get("store")
        if not isinstance(state, dict) or state.get("pyoxigraph") != pyoxigraph.__version__:
            return None
        nquads = (out / "dataset.nq").read_bytes()
        if hashlib.sha256(nquads).hexdigest() != state.get("nquads_sha256"):
            return None
        if store_files(out / "store") != state.get("files"):
            return None
        return nquads.decode("utf-8").splitlines(keepends=True)
    except (OSError, ValueError, AttributeError):
        return None


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
