"""A right-to-left override in a label must not reverse the text around it in the briefs
(issue #18 item 8): every data string holding right-to-left letters or bidi controls is
wrapped in a directional isolate, in HTML, PDF, Markdown and Word alike."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from mineralgraph.textsafe import BIDI_CONTROL, FSI, PDI, isolate

HOSTILE = ROOT / "tests" / "fixtures" / "reliability" / "hostile.yaml"
RLO = "\u202e"
# The hostile fixture's bank closes its override (U+202C); here it is left open, as in the
# campaign that found the defect: the rest of the paragraph came out reversed.
OPEN_OVERRIDE = 'label: "Mirror \\u202eknaB Bank"'


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bidi")
    data = root / "data"
    data.mkdir()
    text = HOSTILE.read_text(encoding="utf-8")
    patched = text.replace('label: "Mirror \u202eknaB\u202c Bank"', OPEN_OVERRIDE)
    assert patched != text
    (data / "hostile.yaml").write_text(patched, encoding="utf-8")
    proc = run_cli("build", "--data", str(data), "--out", str(root / "out"))
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("brief", "--focus", "glass-pit", "--as-of", "2026-01-01", "-f",
                   "html,pdf,md,docx", "-o", str(root / "brief"),
                   "--store", str(root / "out" / "store"))
    assert proc.returncode == 0, proc.stderr
    return root / "brief"


def _unisolated_overrides(text: str) -> int:
    """How many RLOs in ``text`` are outside any isolate, or whose isolate is never closed."""
    depth, bad, pending = 0, 0, 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == PDI and depth:
            depth -= 1
            if not depth:
                pending = 0
        elif ch == RLO:
            if depth:
                pending += 1
            else:
                bad += 1
    return bad + pending


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_html_isolates_every_override(brief):
    html = next(brief.glob("*.html")).read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(html)
    with_rlo = [c for c in parser.chunks if RLO in c]
    assert with_rlo, "the label is shown"
    assert [c for c in with_rlo if _unisolated_overrides(c)] == []


def test_pdf_text_after_the_label_reads_forwards(brief):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(next(brief.glob("*.pdf"))).pages)
    assert "to Glass Pit" in text
    assert "tiP ssalG" not in text and "secnanif" not in text


def test_markdown_and_word_isolate_the_label(brief):
    from docx import Document

    md = next(brief.glob("*.md")).read_text(encoding="utf-8")
    doc = Document(str(next(brief.glob("*.docx"))))
    words = "\n".join(p.text for p in doc.paragraphs)
    words += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for text in (md, words):
        assert RLO in text
        assert _unisolated_overrides(text) == 0


@pytest.mark.parametrize("raw", [
    "Mirror \u202eknaB Bank", "a\u2069\u202eb", "\u202b\u202e\u2067x", "\u202cx\u202c",
    "שלום Bank", "بنك (1)",
])
def test_isolate_balances_and_contains(raw):
    out = isolate(raw)
    assert out.startswith(FSI) and out.endswith(PDI)
    assert _unisolated_overrides(out) == 0
    depth = 0
    for ch in out[1:-1]:  # nothing inside may close the outer isolate
        depth += ch in "\u2066\u2067\u2068"
        depth -= ch == PDI
        assert depth >= 0
    assert depth == 0
    assert BIDI_CONTROL.sub("", out) == BIDI_CONTROL.sub("", raw)


def test_plain_text_is_left_as_it_is():
    for text in ("Jiangxi Copper", "江西铜业", "Tau-Ken Samruk «ok» — 50%"):
        assert isolate(text) == text
