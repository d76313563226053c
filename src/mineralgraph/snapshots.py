"""Text snapshots of sources: the local source cache and the committed public-domain copies.

A source's quotes are checked against the UTF-8 text of the document as we read it:

- ``<data>/.sources/<source-id>.txt`` — the local cache (git-ignored: copyrighted texts never
  enter the repository). ``MINERALGRAPH_SOURCE_CACHE`` moves it elsewhere.
- ``<data>/snapshots/<source-id>.txt`` — public-domain texts (US federal government pages,
  USGS), committed with the data.

The source record carries ``sha256:``, the hex SHA-256 of the snapshot file's bytes, so a
changed or different copy is noticed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .atomic import write_atomic
from .errors import MineralgraphError
from .names import SLUG

CACHE_ENV = "MINERALGRAPH_SOURCE_CACHE"
CACHE_FOLDER = ".sources"
PUBLIC_FOLDER = "snapshots"


def cache_dir(data_dir: Path) -> Path:
    """The local source cache: ``$MINERALGRAPH_SOURCE_CACHE`` or ``<data>/.sources``."""
    moved = os.environ.get(CACHE_ENV)
    return Path(moved) if moved else Path(data_dir) / CACHE_FOLDER


def public_dir(data_dir: Path) -> Path:
    return Path(data_dir) / PUBLIC_FOLDER


def find_snapshot(source_id: str, data_dir: Path) -> Path | None:
    """The snapshot of ``source_id`` (the cache first, then the public-domain folder)."""
    for folder in (cache_dir(data_dir), public_dir(data_dir)):
        path = folder / f"{source_id}.txt"
        if path.is_file():
            return path
    return None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def snapshot_bytes(text: str) -> bytes:
    """The bytes a snapshot holds for ``text``: UTF-8, one trailing newline."""
    return (text.rstrip("\n") + "\n").encode("utf-8")


def store_snapshot(text: str, source_id: str, data_dir: Path, *, public_domain: bool = False,
                   expect_sha256: str | None = None) -> tuple[Path, str]:
    """Write the snapshot of ``source_id`` (atomically) and return its path and SHA-256.

    ``expect_sha256`` (the source record's ``sha256``) must match when given: a different text
    under the same source id is refused, never silently replaced.
    """
    if not SLUG.fullmatch(source_id):
        raise MineralgraphError(f"{source_id!r} is not a valid source id (lowercase, digits, "
                                "hyphens)")
    data = snapshot_bytes(text)
    digest = sha256_bytes(data)
    if expect_sha256 and expect_sha256 != digest:
        raise MineralgraphError(
            f"the text read for source '{source_id}' has SHA-256 {digest}, but the source "
            f"record says sha256: {expect_sha256}; this is not the same text (a different "
            "version of the page?): check the document, or correct the record")
    folder = public_dir(data_dir) if public_domain else cache_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MineralgraphError(f"cannot create the source cache {folder}: "
                                f"{exc.strerror or exc}") from None
    path = folder / f"{source_id}.txt"
    write_atomic(path, data)
    return path, digest
