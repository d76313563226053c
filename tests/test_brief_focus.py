"""``brief --focus`` for a financier (by name or alias: its portfolio) and for a commodity
worldwide, on the explicit breadth fixture and on the real data; the Markdown is read back,
and one PDF and one Word file per data set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mineralgraph.brief import write_brief

from conftest import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "breadth"


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset
    from mineralgraph.store import EmbeddedStore

    built = build(load_dataset(FIXTURE), tmp_path_factory.mktemp("breadth-brief"))
    return EmbeddedStore(built.store_dir)


def _sources(md: str) -> dict[int, str]:
    """The numbered source list at the end of a Markdown brief: number → its line."""
    part = md.split("## Sources", 1)[1]
    return {int(m[1]): m[0] for m in re.finditer(r"^\s*(?:\\\[|\[)?(\d+)\D.*$", part, re.M)}


def _written(paths: list[Path], *suffixes: str) -> list[Path]:
    return [next(p for p in paths if p.suffix == suffix) for suffix in suffixes]


def _section(md: str, heading: str) -> str:
    return md.split(heading, 1)[1].split("\n#", 1)[0]


def test_financier_brief_by_alias_covers_its_portfolio(fixture_store, tmp_path):
    md_path, docx_path = _written(write_brief(fixture_store, "FEXIM", formats="md,docx",
                                              out_dir=tmp_path), ".md", ".docx")
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Export-Import Bank of Freedonia: who controls supply")
    # named in full in the masthead, by its recorded short name (alias) after
    assert "**Focus:** Export-Import Bank of Freedonia (FEXIM)" in md
    assert "Scope: the portfolio of FEXIM — the 3 projects" in md
    financing = _section(md, "### Financing\n")
    for recipient in ("Alpha Mine", "Beta Corp", "Delta Fund"):
        assert recipient in financing, recipient
    assert "up to 100,000,000" in financing and "letter-of-interest (not committed)" in financing
    # the owner of a financed mine comes in with it (the portfolio's circle)
    assert "Cathay Mining" in md
    # every citation number has its source
    sources = _sources(md)
    assert sources and all(int(n) in sources for n in re.findall(r"\\\[(\d+)", md))
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "portfolio of FEXIM" in text


def test_commodity_brief_worldwide(fixture_store, tmp_path):
    (md_path,) = _written(write_brief(fixture_store, "lithium", formats="md", out_dir=tmp_path),
                          ".md")
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Lithium: who controls supply")
    # projects anywhere: Beta's project (Ruritania), financed through its developer
    assert "Beta Project" in md and "Beta Corp" in md
    concentration = _section(md, "### Supply concentration")
    assert "Ruritania 70.0%" in concentration and "Herfindahl" in concentration
    # the figure is cited to the statistics release
    cited = {int(n) for n in re.findall(r"\\\[(\d+)", concentration)}
    assert any("Fixture statistics release" in _sources(md)[n] for n in cited)
    # the export control that lists it
    assert "Freedonia lithium export licensing" in md


def test_financier_brief_on_the_real_data(real_store, tmp_path):
    md_path, pdf_path = _written(write_brief(real_store, "US EXIM", formats="md,pdf",
                                             out_dir=tmp_path), ".md", ".pdf")
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Export-Import Bank of the United States: who controls supply")
    assert "Scope: the portfolio of US EXIM" in md
    assert "Northern Katpar" in _section(md, "### Financing\n")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "portfolio of US EXIM" in " ".join(text.split())


def test_commodity_brief_on_the_real_data(real_build, tmp_path):
    proc = run_cli("brief", "--focus", "lithium", "--format", "md,docx", "--out",
                   str(tmp_path), "--store", str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    md = (tmp_path / "brief-lithium.md").read_text(encoding="utf-8")
    concentration = _section(md, "### Supply concentration")
    assert "Australia 36.7%" in concentration and "Herfindahl" in concentration
    cited = {int(n) for n in re.findall(r"\\\[(\d+)", concentration)}
    assert any("Mineral Commodity Summaries 2025 World Data Release" in _sources(md)[n]
               and "https://doi.org/10.5066/P13XCP3R" in _sources(md)[n] for n in cited)
    assert "Export controls and other policy instruments" in md
    from docx import Document

    doc = Document(str(tmp_path / "brief-lithium.docx"))
    assert "Lithium: who controls supply" in doc.paragraphs[0].text
