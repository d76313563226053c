"""Records of unchanged data files, kept between builds: a rebuild after editing one file
parses and validates only that file.

Each file's validated records are pickled under the user's cache folder
(``$MINERALGRAPH_CACHE``, else ``$XDG_CACHE_HOME/mineralgraph`` or ``~/.cache/mineralgraph``),
named by the SHA-256 of the file's bytes, its path and the code that reads it — so an edited
file, a moved file or a new version of mineralgraph never reuses a stale entry. Files with
problems are never cached (their errors are reported afresh each time). Cross-record checks
always run over the whole data set. ``MINERALGRAPH_CACHE=off`` turns the cache off.

The folder is bounded: a read refreshes an entry's time, and after writing new entries a process
removes the least recently used ones beyond ``MAX_ENTRIES`` / ``MAX_BYTES`` (old code versions
and copies of the data in temporary folders would otherwise pile up without end). Every entry
carries the SHA-256 of its contents: a damaged entry (a disk error, a truncated write, an edit)
is detected, ignored and written anew. The same entries, folder bounds and checksum serve the
converted RDF of :mod:`mineralgraph.rdf_cache`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

#: Bump when the pickled form changes in a way the code hash would not show.
FORMAT = 2
#: What starts every entry, before the SHA-256 of the pickled contents that follow.
MAGIC = b"mineralgraph-cache-2\n"
#: The folder's bounds: about 20 data sets of the shipped size.
MAX_ENTRIES = 3000
MAX_BYTES = 256 * 1024 * 1024
_pruned: set[Path] = set()  # folders this process has already pruned


def cache_dir(kind: str = "records") -> Path | None:
    """Where entries of ``kind`` (``records``, ``rdf``) live, or None when the cache is off."""
    setting = os.environ.get("MINERALGRAPH_CACHE")
    if setting and setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mineralgraph" / kind


#: Libraries whose version can change what is read or made (validation, literals, N-Quads).
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "rdflib", "pyoxigraph")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the package's Python sources, the Python version and the versions of
    :data:`LIBRARIES`: any change to the models, the loader, the conversion or the libraries
    they use makes every entry stale."""
    import sys
    from importlib import metadata

    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name}=none".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def cached(data: bytes, shown: str, read: Callable[[], tuple[list, list]]) -> tuple[list, list]:
    """``read()`` → (records, problems) for one file, or the records kept from a previous
    read of the same bytes at the same place by the same code."""
    folder = cache_dir()
    if folder is None:
        return read()
    key = hashlib.sha256(code_fingerprint().encode() + b"\0" + shown.encode() + b"\0" + data)
    entry = folder / f"{key.hexdigest()}.pickle"
    records = read_entry(entry)
    if isinstance(records, list):
        return records, []
    records, problems = read()
    if not problems:
        write_entry(entry, records)
    return records, problems


def read_entry(entry: Path) -> object | None:
    """The contents of an entry, or None when it is missing or damaged (its checksum does
    not match, or it does not unpickle). A read marks the entry recently used."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if raw[:len(MAGIC)] != MAGIC or hashlib.sha256(raw[head:]).digest() != raw[len(MAGIC):head]:
        return None
    try:
        contents = pickle.loads(raw[head:])
    except Exception:  # noqa: BLE001 - a checksummed entry of another code version
        return None
    with _quiet():
        os.utime(entry)  # recently used: kept by the pruning
    return contents


def write_entry(entry: Path, contents: object) -> None:
    """Write an entry atomically, with its checksum; a cache that cannot be written is simply
    not used. The first write of a process into a folder prunes it to its bounds."""
    payload = pickle.dumps(contents, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, entry)
    except OSError:
        return
    if entry.parent not in _pruned:
        _pruned.add(entry.parent)
        prune(entry.parent)


def prune(folder: Path, *, max_entries: int | None = None, max_bytes: int | None = None) -> int:
    """Remove the least recently used entries beyond the bounds (default ``MAX_ENTRIES`` and
    ``MAX_BYTES``); returns how many went."""
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    entries = []
    with _quiet():
        for path in folder.glob("*.pickle"):
            with _quiet():
                st = path.stat()
                entries.append((st.st_mtime, st.st_size, path))
    entries.sort(reverse=True)  # newest first
    kept_bytes, removed = 0, 0
    for n, (_, size, path) in enumerate(entries):
        kept_bytes += size
        if n >= max_entries or kept_bytes > max_bytes:
            with _quiet():
                path.unlink()
                removed += 1
    return removed


def _quiet():
    """Ignore file-system errors: another process may prune or write the same folder."""
    import contextlib

    return contextlib.suppress(OSError)
