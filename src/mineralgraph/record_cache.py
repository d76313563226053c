"""Records of unchanged data files, kept between builds: a rebuild after editing one file
parses and validates only that file.

Each file's validated records are pickled under the user's cache folder
(``$MINERALGRAPH_CACHE``, else ``$XDG_CACHE_HOME/mineralgraph`` or ``~/.cache/mineralgraph``),
named by the SHA-256 of the file's bytes, its path and the code that reads it — so an edited
file, a moved file or a new version of mineralgraph never reuses a stale entry. Files with
problems are never cached (their errors are reported afresh each time). Cross-record checks
always run over the whole data set. ``MINERALGRAPH_CACHE=off`` turns the cache off.
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
FORMAT = 1


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is off."""
    setting = os.environ.get("MINERALGRAPH_CACHE")
    if setting and setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting) / "records"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mineralgraph" / "records"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the package's Python sources: any change to the models or the loader
    makes every entry stale."""
    digest = hashlib.sha256(str(FORMAT).encode())
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
    try:
        with entry.open("rb") as handle:
            return pickle.load(handle), []
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    records, problems = read()
    if not problems:
        _store(entry, records)
    return records, problems


def _store(entry: Path, records: list) -> None:
    """Write an entry atomically; a cache that cannot be written is simply not used."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(records, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:
        return
