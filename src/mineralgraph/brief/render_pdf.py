"""The brief as an A4 PDF through WeasyPrint (imported lazily): page numbers, a running
header with title and date, figures embedded, and no network access — the URL fetcher
refuses anything but ``data:`` URLs, so a hostile address in the data cannot make the
renderer fetch it."""

from __future__ import annotations

from ..errors import MineralgraphError
from .document import Brief
from .render_html import render_html

ALLOWED_SCHEMES = ("data",)


def _fetcher():
    """A URL fetcher limited to ``data:`` URLs (WeasyPrint ≥ 66 class API, else a function)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols=ALLOWED_SCHEMES, timeout=1)

    def fetch(url: str, *args, **kwargs):
        if not url.lower().startswith(tuple(f"{s}:" for s in ALLOWED_SCHEMES)):
            raise ValueError(f"brief PDFs load nothing from outside: refused {url[:80]}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_pdf(brief: Brief, figures: dict[str, dict[str, bytes]], *, created: str) -> bytes:
    """PDF bytes of ``brief``; ``created`` (ISO date) is written as the document's creation
    and modification date so that the same brief gives the same file."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango/Cairo system libraries missing
        raise MineralgraphError(f"PDF output needs WeasyPrint and its system libraries: "
                                f"{exc}") from None
    html = render_html(brief, figures, image_format="png", created=created, nb_spans=False)
    doc = HTML(string=html, url_fetcher=_fetcher(), base_url=None, media_type="print")
    return doc.write_pdf(uncompressed_pdf=False)
