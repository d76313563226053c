"""The output folder a build writes: it is locked while a build runs, it holds a marker that
says which files the build made, and what a killed build left behind is removed.

- **Lock**: ``fcntl.flock`` on the folder itself (no lock file to leave behind): a second
  build into the same folder stops at once with a clear message instead of racing the first.
- **Marker**: ``OUT/mineralgraph-build.json`` lists the files a build made. A build replaces
  only those; an existing ``OUT/store`` (or ``dataset.nq``/``dataset.trig``) without a marker
  is somebody else's and is never deleted. Builds from before the marker (an Oxigraph store
  beside a ``dataset.nq``) are recognised.
- **Leftovers**: ``.build-*`` folders and ``store.old`` of a killed build are removed by the
  next build, under the lock, so no running build can lose its files.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import MineralgraphError

MARKER = "mineralgraph-build.json"
#: What a build writes into its output folder.
OWNED = ("dataset.nq", "dataset.trig", "store")
STALE_PREFIX = ".build-"
_FULL = (errno.ENOSPC, errno.EDQUOT)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full; Oxigraph's errors carry only
    the message."""
    return isinstance(exc, OSError) and (
        exc.errno in _FULL or "No space left on device" in str(exc)
        or "Disk quota exceeded" in str(exc))


def disk_full(out: Path) -> MineralgraphError:
    return MineralgraphError(f"disk full while writing {out}: free some space and build again "
                             "(the previous build output is left as it was)")


@contextmanager
def build_folder(out: Path) -> Iterator[Path]:
    """Create and lock ``out`` for one build; refuse files the build did not make; remove
    the leftovers of killed builds. Yields ``out``."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full(out) from None
        raise MineralgraphError(f"cannot write to output folder {out}: "
                                f"{exc.strerror or exc}") from None
    import fcntl

    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise MineralgraphError(
                f"another build is writing to {out}; wait for it to finish or build into "
                "another --out folder") from None
        check_ownership(out)
        remove_leftovers(out)
        yield out
    finally:
        os.close(fd)  # releases the lock


def check_ownership(out: Path) -> None:
    """Refuse to replace a ``store``, ``dataset.nq`` or ``dataset.trig`` in ``out`` that no
    mineralgraph build made."""
    if (out / MARKER).is_file() or _legacy_build(out):
        return
    foreign = [name for name in OWNED if (out / name).exists()]
    if foreign:
        them = "them" if len(foreign) > 1 else "it"
        raise MineralgraphError(
            f"{out} already holds {', '.join(foreign)}, which mineralgraph did not build (no "
            f"{MARKER}); a build would replace {them}: move {them} away or choose another "
            "--out folder")


def _legacy_build(out: Path) -> bool:
    """A build made before the marker existed: an Oxigraph (RocksDB) store beside the N-Quads
    dump that was loaded into it."""
    store = out / "store"
    return ((store / "CURRENT").is_file() and any(store.glob("OPTIONS-*"))
            and (out / "dataset.nq").is_file())


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed (call it under the lock)."""
    gone = [p for p in out.iterdir()
            if p.is_dir() and (p.name.startswith(STALE_PREFIX) or p.name == "store.old")]
    for path in gone:
        shutil.rmtree(path, ignore_errors=True)
    return gone


def write_marker(out: Path, tmp: Path, **more: object) -> None:
    """Record in ``out`` that a build made the files of :data:`OWNED` (written in ``tmp``
    first and renamed, like every build file), with ``more`` facts about them."""
    (tmp / MARKER).write_text(json.dumps({"made_by": "mineralgraph build",
                                          "files": list(OWNED), **more}, indent=1) + "\n",
                              encoding="utf-8")
    os.replace(tmp / MARKER, out / MARKER)
