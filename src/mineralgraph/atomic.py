"""Atomic file output: write beside the target, then rename. A reader never sees half a
file, and a failure (or Ctrl-C) leaves the previous file in place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import MineralgraphError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    The file gets the permissions a plain ``open()`` would give (0666 less the umask), not
    ``mkstemp``'s private 0600.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MineralgraphError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MineralgraphError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        raise MineralgraphError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_open(target: str | Path, mode: str = "w") -> Iterator[IO]:
    """``open()`` for writing, atomically: text (UTF-8, ``\\n``) for ``"w"``, bytes for ``"wb"``."""
    with atomic_path(target) as tmp:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with open(tmp, mode, **kwargs) as handle:
            yield handle


def write_atomic(target: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` atomically and return the path."""
    with atomic_open(target, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
    return Path(target)
