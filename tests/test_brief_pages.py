"""The brief's body fits four A4 pages, annexes after, and names each entity in full once:
the default brief (tungsten in Kazakhstan), a commodity brief and a financier's brief on the
real data, read back from the PDF (pypdf) and from the Word file as LibreOffice lays it out
(``soffice --convert-to pdf``; scripts/test.sh installs Debian's libreoffice-writer)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from mineralgraph.brief import build_brief, write_brief
from mineralgraph.brief.data import load_graph_data
from mineralgraph.brief.mentions import short_names

ANNEX = "Annex: contested facts, financing, actors and figures"
BODY_PAGES = 4
#: The default brief, a commodity and a financier (docs/brief.md's focus kinds).
FOCI = {"kazakhstan-tungsten": ("kazakhstan", "tungsten"), "tungsten": ("tungsten", None),
        "us-exim": ("US EXIM", None)}


@pytest.fixture(scope="module")
def written(real_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    files = {}
    for key, (focus, commodity) in FOCI.items():
        paths = write_brief(real_store, focus, commodity=commodity, formats="pdf,docx",
                            out_dir=out)
        files[key] = {p.suffix.lstrip("."): p for p in paths}
    return files


def _pages(pdf) -> list[str]:
    """Each page's text, whitespace run together (a name broken across lines is whole)."""
    return [" ".join(page.extract_text().replace("\u00a0", " ").split())
            for page in PdfReader(str(pdf)).pages]


def _annex_page(pages: list[str]) -> int:
    found = [i for i, text in enumerate(pages, 1) if ANNEX in text]
    assert found, "the annex heading is in the document"
    return found[0]


@pytest.mark.parametrize("key", FOCI)
def test_body_fits_four_pages_in_the_pdf(written, key):
    pages = _pages(written[key]["pdf"])
    annex = _annex_page(pages)
    assert annex <= BODY_PAGES + 1, f"the body runs to page {annex - 1}"
    # the annex starts on a page of its own, after the body's last words
    assert pages[annex - 1].split(ANNEX)[0].count("Risks per project") == 0
    assert "Risks per project" in " ".join(pages[:annex - 1])


@pytest.fixture(scope="module")
def libreoffice_pdfs(written, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (Debian libreoffice-writer, installed by scripts/test.sh) "
                    "is needed to lay out the Word brief")
    out = tmp_path_factory.mktemp("libreoffice")
    profile = out / "profile"  # its own profile: no clash with another LibreOffice running
    docs = [str(written[key]["docx"]) for key in FOCI]
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *docs],
                   check=True, capture_output=True, timeout=600)
    return {key: out / written[key]["docx"].with_suffix(".pdf").name for key in FOCI}


@pytest.mark.parametrize("key", FOCI)
def test_body_fits_four_pages_in_word_as_libreoffice_lays_it_out(libreoffice_pdfs, key):
    pages = _pages(libreoffice_pdfs[key])
    assert len(pages) > BODY_PAGES, "the annex and sources follow the body"
    annex = _annex_page(pages)
    assert annex <= BODY_PAGES + 1, f"the Word body runs to page {annex - 1}"


@pytest.fixture(scope="module")
def data(real_store):
    return load_graph_data(real_store)


def _body(pages: list[str]) -> str:
    text = " ".join(pages[:_annex_page(pages)])
    return text.split(ANNEX)[0]


@pytest.mark.parametrize("key", FOCI)
def test_long_names_once_then_short_names(written, real_store, data, key):
    """A name with a recorded short name (an alias) appears in full at most once in the
    body; the short name carries the rest."""
    focus, commodity = FOCI[key]
    brief = build_brief(real_store, focus, commodity=commodity, data=data)
    shorts = short_names({s: e.label for s, e in data.entities.items()}, data.aliases)
    # a running header repeats the title on every page: the title is not a mention
    body = text = _body(_pages(written[key]["pdf"])).replace(brief.title, "")
    counted = {}
    # longest names first, each blanked once counted: "United States" inside "Export-Import
    # Bank of the United States" is not a mention of the state
    for label in sorted({e.label for e in data.entities.values()}, key=len, reverse=True):
        pattern = rf"(?<![\w-]){re.escape(label)}(?![\w-])"
        if label in shorts:
            counted[label] = len(re.findall(pattern, body))
        body = re.sub(pattern, "§", body)
    repeated = {label: n for label, n in counted.items() if n > 1}
    assert not repeated, repeated
    used = [label for label, n in counted.items() if n == 1]
    assert used, "the body names some entity that has a short name"
    for label in used:  # the short name is given with the full one
        assert f"{label} ({shorts[label]})" in text or shorts[label] in label, label


def test_exim_is_named_in_full_once_then_us_exim(written):
    body = _body(_pages(written["kazakhstan-tungsten"]["pdf"]))
    assert body.count("Export-Import Bank of the United States") == 1
    assert "Export-Import Bank of the United States (US EXIM)" in body
    assert body.count("US EXIM") >= 3
