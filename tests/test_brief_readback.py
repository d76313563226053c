"""The default brief (tungsten in Kazakhstan, as ``mineralgraph run`` writes it) read back
from its PDF (``pdftotext``) and Word file (python-docx) the way a reader meets it: no number
or date broken across lines, amounts scaled in the body and exact in the annex, Word tables at
9 pt or more with widths from their content, no spelling slips, no twice-drawn names."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import pytest

from mineralgraph.brief import build_brief, write_brief
from mineralgraph.brief.cite import plain_text
from mineralgraph.brief.fmt import CURRENCY_SIGNS, short_amount, unbroken

FOCUS, COMMODITY = "kazakhstan", "tungsten"
ANNEX = "Annex: contested facts, financing, actors and figures"
#: The end of a line that stops inside a number, and the start of the next line.
LINE_END = re.compile(r"(?:US\$|~)?\d[\d,.\-–%]*$")
LINE_START = re.compile(r"^(?:[\d,.\-–/%]+[BMKT%]?|[A-Za-z%/]+)")


def _plain(text: str) -> str:
    """No-break spaces and hyphens as their ordinary forms (what a reader sees)."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


@pytest.fixture(scope="module")
def brief(real_store):
    return build_brief(real_store, FOCUS, commodity=COMMODITY)


@pytest.fixture(scope="module")
def files(real_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("readback")
    paths = write_brief(real_store, FOCUS, commodity=COMMODITY, formats="pdf,docx,html",
                        out_dir=out)
    return {p.suffix.lstrip("."): p for p in paths}


@pytest.fixture(scope="module")
def pdf_lines(files):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils, installed by scripts/test.sh) is needed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(files["pdf"]), "-"], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    return [_plain(line).strip() for line in text.splitlines()]


def _tokens(brief) -> set[str]:
    """Every number, amount and date (with its unit) the brief prints."""
    texts = [plain_text(brief.summary), brief.as_of]
    texts += [plain_text(p) for f in [*brief.findings, *brief.findings_in_full]
              for p in f.shown]
    texts += [plain_text(f.caption) for f in brief.figures]
    texts += [plain_text(cell) for t in [*brief.tables, *brief.annex_tables, *brief.contested,
                                         *brief.annex]
              for row in t.rows for cell in row]
    texts += [plain_text(i) for g in brief.risks for i in g.items]
    texts += [s.date for s in brief.sources]
    return {_plain(piece) for text in texts for piece, whole in unbroken(text) if whole}


def test_no_number_or_date_breaks_across_lines_in_the_pdf(brief, pdf_lines):
    tokens = _tokens(brief)
    assert {"US$900M", "2025-11"} & tokens, "the brief prints amounts and dates"
    broken = []
    for line, nxt in zip(pdf_lines, pdf_lines[1:]):
        left, right = LINE_END.search(line), LINE_START.match(nxt)
        if not (left and right):
            continue
        for glue in ("", " "):
            joined = left.group() + glue + right.group()
            if any(joined in tok for tok in tokens if len(tok) >= len(joined)):
                broken.append(f"{line!r} / {nxt!r}")
    assert not broken, broken[:10]


def _amounts(brief) -> list[tuple[float, str]]:
    table = brief.table("financing")
    cols = table.columns
    out = []
    for row in table.rows:
        amount = plain_text(row[cols.index("Amount")])
        currency = plain_text(row[cols.index("Currency")]).strip()
        digits = re.search(r"\d[\d,.]*", amount)
        if digits and currency:
            out.append((float(digits.group().replace(",", "")), currency))
    return out


def test_amounts_are_scaled_in_the_body_and_exact_in_the_annex(brief, pdf_lines):
    text = "\n".join(pdf_lines)
    body, found, annex = text.partition(f"\n{ANNEX}\n")
    assert found, "the annex follows the body"
    codes = "|".join(CURRENCY_SIGNS)
    long_amounts = re.findall(rf"(?:US\$|€|£|¥)\d{{1,3}}(?:,\d{{3}}){{2,}}|"
                              rf"\d{{1,3}}(?:,\d{{3}}){{2,}}\s*(?:{codes}|KZT)\b", body)
    assert not long_amounts, f"amounts in full in the body: {long_amounts}"
    amounts = _amounts(brief)
    assert len(amounts) >= 3
    flat_body, flat_annex = " ".join(body.split()), " ".join(annex.split())
    shown = 0
    for value, currency in amounts:
        sign = CURRENCY_SIGNS.get(currency)
        scaled = f"{sign}{short_amount(value)}" if sign else f"{currency} {short_amount(value)}"
        # the body names the largest amounts; the annex's findings in full name every one
        assert scaled in flat_body + flat_annex, (scaled, "missing from the text")
        shown += scaled in flat_body
        assert f"{value:,.0f}" in flat_annex, (value, "exact value missing from the annex")
    assert shown >= 2, "the body states the largest amounts, scaled"


def test_html_keeps_numbers_and_dates_on_one_line(files):
    html = files["html"].read_text(encoding="utf-8")
    assert '<span class="nb">US$900M</span>' in html
    assert re.search(r'<span class="nb">20\d\d-\d\d(?:-\d\d)?</span>', html)
    assert re.search(r"\.nb \{ white-space: nowrap; \}", html)
    assert re.search(r'<td class="num">[^<]*<span class="nb">', html), "numbers right-aligned"


@pytest.fixture(scope="module")
def docx(files):
    from docx import Document

    return Document(str(files["docx"]))


def test_docx_tables_are_readable(docx):
    from docx.shared import Cm, Pt

    section = docx.sections[0]
    page = section.page_width - section.left_margin - section.right_margin
    normal = docx.styles["Normal"].font.size
    assert normal >= Pt(9)
    assert len(docx.tables) >= 5
    for table in docx.tables:
        sizes = {run.font.size or normal for row in table.rows for cell in row.cells
                 for p in cell.paragraphs for run in p.runs}
        assert sizes and min(sizes) >= Pt(9), (table.rows[0].cells[0].text, sizes)
        widths = [col.width for col in table.columns]
        assert min(widths) >= Cm(0.8) and sum(widths) <= page * 1.01, widths
        if len(widths) > 2:
            assert len(set(widths)) > 1, "widths follow content, not equal columns"
    financing = next(t for t in docx.tables if t.rows[0].cells[0].text == "Financier")
    amount = [c.text for c in financing.rows[0].cells].index("Amount")
    cells = [row.cells[amount] for row in financing.rows[1:]
             if re.search(r"\d", row.cells[amount].text)]
    assert cells
    assert all(c._tc.tcPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}noWrap") is not None
        for c in cells), "amount cells never wrap"
    assert all(c.paragraphs[0].alignment == 2 for c in cells), "amounts right-aligned"


def test_docx_numbers_and_dates_hold_together(docx):
    text = "\n".join([p.text for p in docx.paragraphs]
                     + [c.text for t in docx.tables for r in t.rows for c in r.cells])
    assert "\u2011" in text and "\u00a0" in text
    # a source's address keeps its own hyphens (a no-break hyphen would break the link)
    prose = re.sub(r"https?://\S+", "", text)
    assert not re.search(r"\b\d{4}-\d{2}\b", prose), "dates use no-break hyphens"
    assert not re.search(r"\d (?:t|Mt|USD|KZT|months)\b", text), "units stay with numbers"


def test_text_errors_are_gone(pdf_lines, docx):
    text = " ".join(pdf_lines)
    for slip in ("Esg", "n.d..", ".."):
        assert slip not in text, slip
    assert "ESG" in text and "n.d." in text
    # a phrase is read in the Word file, paragraph by paragraph and cell by cell: the PDF's
    # text runs a table's columns into each other ("(not" + "financing" + "committed)")
    units = [p.text for p in docx.paragraphs] + [
        c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert not [u for u in units if "not financing committed" in u]
    assert [u for u in units if "not counted as committed financing" in u]


def test_figures_name_each_thing_once(brief):
    network = next(f for f in brief.figures if f.key == "network")
    labels = Counter(n.label for n in network.nodes)
    assert labels and max(labels.values()) == 1, [k for k, v in labels.items() if v > 1]
    timeline = next(f for f in brief.figures if f.key == "timeline")
    items = Counter((i.row, i.date, i.label) for i in timeline.items)
    assert items and max(items.values()) == 1, [k for k, v in items.items() if v > 1]
