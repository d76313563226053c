"""Documents → plain text: .txt, .html (trafilatura), .pdf (pypdf), .docx (python-docx), or a
URL the user names (fetched once, with httpx). Title, publisher and date are kept only where the
document itself states them (HTML metadata, PDF/DOCX document properties)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import MineralgraphError

#: Largest document read (bytes): a bigger file is refused before it is parsed.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")


class DocumentError(MineralgraphError):
    """A document that cannot be ingested (empty, binary, unsupported, unreadable)."""


@dataclass(frozen=True)
class Document:
    text: str
    origin: str  # the path or URL read
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None


def read_document(source: str | Path, *, timeout: float = 30.0) -> Document:
    """Read a file (by suffix) or an ``http(s)://`` URL and return its text."""
    name = str(source)
    if name.startswith(("http://", "https://")):
        data, kind = _fetch(name, timeout)
        doc = _parse(data, kind, name)
        return Document(doc.text, name, doc.title, doc.publisher, doc.date, doc.url or name)
    path = Path(source)
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        raise DocumentError(f"{path}: cannot read {kind or 'files without a suffix'}; "
                            f"ingest reads {', '.join(SUFFIXES)}")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{path}: {size / 1e6:.0f} MB is over the "
                            f"{MAX_DOCUMENT_BYTES // 2**20} MiB limit for one document")
    return _parse(path.read_bytes(), kind, str(path))


def _fetch(url: str, timeout: float) -> tuple[bytes, str]:
    import httpx

    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
            resp.raise_for_status()
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise DocumentError(f"{url}: the page is over the "
                                        f"{MAX_DOCUMENT_BYTES // 2**20} MiB limit")
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise DocumentError(f"{url}: could not fetch the page ({exc})") from None
    kind = {"application/pdf": ".pdf", "text/plain": ".txt",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            }.get(ctype, ".html")
    return b"".join(chunks), kind


def _parse(data: bytes, kind: str, shown: str) -> Document:
    if not data.strip():
        raise DocumentError(f"{shown}: the document is empty")
    if kind == ".pdf":
        doc = _pdf(data, shown)
    elif kind == ".docx":
        doc = _docx(data, shown)
    elif kind in (".html", ".htm"):
        doc = _html(_decode(data, shown), shown)
    else:
        doc = Document(_decode(data, shown), shown)
    if not doc.text.strip():
        raise DocumentError(f"{shown}: no text could be extracted from the document")
    return doc


def _decode(data: bytes, shown: str) -> str:
    if b"\x00" in data[:65536]:
        raise DocumentError(f"{shown}: this is binary data, not a text document "
                            "(a NUL byte near the start)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{shown}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                            f"offset {exc.start}); save it as UTF-8") from None


def _html(html: str, shown: str) -> Document:
    import trafilatura

    # trafilatura drops <script>, <style> and navigation; nothing in the page is executed.
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = publisher = date = url = None
    if meta is not None:
        title, publisher, url = meta.title, meta.sitename, meta.url
        date = meta.date if meta.date and len(meta.date) >= 4 else None
    return Document(text, shown, title or None, publisher or None, date, url or None)


def _pdf(data: bytes, shown: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{shown}: not a readable PDF ({exc})") from None
    return Document("\n\n".join(p.strip() for p in pages if p.strip()), shown,
                    title.strip() if isinstance(title, str) and title.strip() else None)


def _docx(data: bytes, shown: str) -> Document:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{shown}: not a readable Word document ({exc})") from None
    text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
    title = document.core_properties.title or None
    return Document(text, shown, title)
