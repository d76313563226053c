"""Briefs treat text from the data as text: markup, scripts and ``javascript:`` addresses in
labels, quotes and source records are shown, never executed, linked or fetched.

Uses the invented data set ``tests/fixtures/brief/hostile.yaml``.
"""

from __future__ import annotations

import re
import socket
from html.parser import HTMLParser

import pytest

from mineralgraph.brief import write_brief

from conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "brief"
EVIL_CORP = "<script>alert('x')</script> Evil Corp"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset
    from mineralgraph.store import EmbeddedStore

    result = build(load_dataset(HOSTILE), tmp_path_factory.mktemp("hostile-build"))
    store = EmbeddedStore(result.store_dir)
    out = tmp_path_factory.mktemp("hostile-brief")
    paths = write_brief(store, "mount-doom", out_dir=out)
    return {p.suffix.lstrip("."): p for p in paths if p.suffix in (".md", ".html", ".pdf",
                                                                    ".docx")}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def test_html_escapes_every_string_from_the_data(hostile):
    html = hostile["html"].read_text(encoding="utf-8")
    page = _Tags()
    page.feed(html)
    assert {t for t, _ in page.tags} & {"script", "iframe", "img"} == {"img"}
    assert all(a["src"].startswith("data:image/") for t, a in page.tags if t == "img")
    assert not any(k.startswith("on") for _, a in page.tags for k in a), "no event handlers"
    hrefs = [a.get("href", "") for t, a in page.tags if t == "a"]
    assert not [h for h in hrefs if not h.startswith(("#", "https://", "http://"))]
    assert "https://example.org/plain?a=1&b=2" in hrefs, "a real address stays a link"
    # the hostile strings are there, as text
    assert EVIL_CORP in page.text
    assert "javascript:alert(document.cookie)" in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Evil Corp" in html
    assert "Mount Doom <iframe src=http://evil.example/></iframe>" in page.text


def test_markdown_escapes_markup_and_links_only_http(hostile):
    md = hostile["md"].read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(script|iframe|img|/)", md), "every < is escaped"
    assert "\\<script\\>alert('x')\\</script\\> Evil Corp" in md
    assert not re.search(r"(?<!\\)\]\(javascript:|<javascript:", md), "no javascript: link"
    assert "Bank of Freedonia \\](javascript:alert(1))" in md
    assert "<https://example.org/plain?a=1&b=2>" in md
    assert "Plain \\| source \\*bold\\* \\[link\\](http://evil.example/)" in md, \
        "a pipe, emphasis or link in a label cannot break a table or make a link"
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") - line.count("\\|") >= 1


def test_pdf_and_docx_show_the_text(hostile):
    from docx import Document
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(hostile["pdf"]).pages).split())
    assert "<script>alert('x')</script> Evil Corp" in text
    doc = Document(str(hostile["docx"]))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert EVIL_CORP in body and "javascript:alert(document.cookie)" in body
    targets = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == ["https://example.org/plain?a=1&b=2"]


def test_letter_of_interest_in_the_fixture_is_not_committed(hostile):
    md = hostile["md"].read_text(encoding="utf-8")
    assert re.search(r"Not committed — Bank of Freedonia .*up to US\$500M \(letter of "
                     r"interest, not a commitment\)", md)
    assert "No committed, approved or disbursed financing is recorded" in md


def test_pdf_renderer_fetches_nothing():
    """The URL fetcher refuses every scheme but data:, and rendering a page that names a
    listening local address never connects to it."""
    from weasyprint import HTML

    from mineralgraph.brief.render_pdf import _fetcher

    fetcher = _fetcher()
    fetch = fetcher.fetch if hasattr(fetcher, "fetch") else fetcher
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/passwd"):
        with pytest.raises(Exception):
            fetch(url)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        page = (f'<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
                f'<img src="http://127.0.0.1:{port}/x.png"><p>text</p>')
        HTML(string=page, url_fetcher=fetcher).write_pdf()
        listener.settimeout(0.2)
        with pytest.raises(socket.timeout):
            listener.accept()
