"""Briefs written in every format on the real data, read back: Markdown, standalone HTML,
PDF (pypdf, pdftoppm) and Word (python-docx).

Each brief is generated once per module; page 1 of each PDF is rendered to
``test-artifacts/brief-<focus>-page1.png`` for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mineralgraph.brief import write_brief

from conftest import run_cli

FOCI = {"kazakhstan-tungsten": ("kazakhstan", "tungsten"), "bakuta": ("bakuta", None)}
HEADINGS = ["Summary", "Key findings", "Figures", "Projects", "Contested facts",
            "Risks per project", "Annex: contested facts, financing, actors and figures",
            "Sources"]
EXIM = "Export-Import Bank of the United States"
CITE = re.compile(r"\[(\d+(?:, \d+)*)\]")


@pytest.fixture(scope="module")
def written(real_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("briefs")
    files = {}
    for key, (focus, commodity) in FOCI.items():
        paths = write_brief(real_store, focus, commodity=commodity, out_dir=out)
        files[key] = {p.suffix.lstrip(".") if not p.stem.endswith(("-network", "-timeline", "-map"))
                      else p.name: p for p in paths}
    return out, files


def cited_numbers(text: str) -> set[int]:
    return {int(n) for group in CITE.findall(text) for n in group.split(", ")}


def source_count(text: str, pattern: str) -> int:
    return len(re.findall(pattern, text, flags=re.MULTILINE))


@pytest.mark.parametrize("key", FOCI)
def test_every_format_and_figure_is_written(written, key):
    out, files = written
    stem = f"brief-{key}"
    assert set(files[key]) == {"md", "html", "pdf", "docx", f"{stem}-network.png",
                               f"{stem}-network.svg", f"{stem}-timeline.png",
                               f"{stem}-timeline.svg", f"{stem}-map.png", f"{stem}-map.svg"}
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary files left"
    for path in files[key].values():
        assert path.stat().st_size > 1000


@pytest.mark.parametrize("key", FOCI)
def test_markdown(written, key):
    out, files = written
    text = files[key]["md"].read_text(encoding="utf-8")
    for h in HEADINGS:
        assert f"\n## {h}\n" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == [f"brief-{key}-network.png", f"brief-{key}-timeline.png",
                     f"brief-{key}-map.png"]
    assert all((out / link).is_file() for link in links)
    body, _, sources = text.partition("\n## Sources\n")
    n = source_count(sources, r"^\d+\. ")
    cites = {int(x) for g in re.findall(r"\\\[(\d+(?:, \d+)*)\\\]", body)
             for x in g.split(", ")}
    assert cites == set(range(1, n + 1))


def test_markdown_financing_row(written):
    text = written[1]["kazakhstan-tungsten"]["md"].read_text(encoding="utf-8")
    row = next(line for line in text.splitlines()
               if line.startswith(f"| {EXIM} | Northern Katpar"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2:6] == ["up to 900,000,000", "USD", "letter of interest",
                          "letter-of-interest (not committed)"]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("key", FOCI)
def test_html_is_standalone_and_cited(written, key):
    html = written[1][key]["html"].read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html)
    images = [a["src"] for t, a in page.tags if t == "img"]
    assert len(images) == 3 and all(s.startswith("data:image/svg+xml;base64,") for s in images)
    for t, a in page.tags:  # nothing is loaded from anywhere: only links may leave the page
        if t != "a":
            assert not any(str(v).startswith(("http:", "https:", "//")) for k, v in a.items()
                           if k in ("src", "href", "data", "srcset", "poster")), (t, a)
    ids = {a["id"] for _, a in page.tags if "id" in a}
    anchors = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")]
    assert anchors and all(h[1:] in ids for h in anchors)
    n = len([1 for t, a in page.tags if t == "li" and a.get("id", "").startswith("src-")])
    assert {int(h[len("#src-"):]) for h in anchors if h.startswith("#src-")} == set(range(1, n + 1))
    h2 = re.findall(r"<h2>([^<]+)</h2>", html)
    assert h2 == HEADINGS


def test_html_financing_row(written):
    html = written[1]["kazakhstan-tungsten"]["html"].read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    exim = [r for r in rows if r.startswith(f"<td>{EXIM}</td><td>Northern Katpar")]
    assert exim
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", exim[0])]
    assert cells[2:6] == ["up to 900,000,000", "USD", "letter of interest",
                          "letter-of-interest (not committed)"]


@pytest.fixture(scope="module")
def pdf_text(written):
    from pypdf import PdfReader

    out = {}
    for key in FOCI:
        reader = PdfReader(written[1][key]["pdf"])
        out[key] = (reader, [p.extract_text() for p in reader.pages])
    return out


@pytest.mark.parametrize("key", FOCI)
def test_pdf_pages_headings_images_citations(pdf_text, key):
    reader, pages = pdf_text[key]
    assert len(pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4"
    text = "\n".join(pages)
    for h in HEADINGS:
        assert h in text
    title = reader.metadata.title
    assert title and title.endswith("who controls supply")
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in page
        assert title in page and "As of 20" in page, "running header with title and date"
    assert sum(len(p.images) for p in reader.pages) >= 2, "both figures are embedded"
    body, _, sources = text.rpartition("\nSources\n")
    body = " ".join(body.split())  # a long citation list may wrap inside its brackets
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", sources, flags=re.M)}
    assert listed and cited_numbers(body) <= listed
    assert cited_numbers(body) == set(range(1, max(listed) + 1))


def test_pdf_financing_row(pdf_text):
    text = " ".join(" ".join(pdf_text["kazakhstan-tungsten"][1]).split())
    assert re.search(r"Export-Import Bank of the United States Northern Katpar and Upper "
                     r"Kairakty tungsten project \(Cove Capital JV\) up to 900,000,000 USD "
                     r"letter of interest letter-of- ?interest \(not committed\)", text), text[:500]


@pytest.mark.parametrize("key", FOCI)
def test_pdf_page_one_rendered(written, key, artifacts):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to render the artifact")
    target = artifacts / f"brief-{key}-page1"
    subprocess.run(["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-singlefile", "-png",
                    str(written[1][key]["pdf"]), str(target)], check=True, timeout=60)
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


@pytest.fixture(scope="module")
def docx(written):
    from docx import Document

    return {key: Document(str(written[1][key]["docx"])) for key in FOCI}


@pytest.mark.parametrize("key", FOCI)
def test_docx_headings_tables_figures(docx, key):
    doc = docx[key]
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == HEADINGS
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert {"Most central actors", "Backing blocs", "Financing by instrument and stage",
            "Offtake", "Supply concentration", "Projects and sites", "Financing", "Actors",
            "Figures"} <= set(h2)
    assert doc.paragraphs[0].style.name == "Title"
    assert len(doc.inline_shapes) == 3  # network, timeline, map
    headers = [t.rows[0].cells[0].text for t in doc.tables]
    assert {"Project / site", "Financier", "Actor", "Entity"} <= set(headers)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert "who controls supply" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    body, _, sources = paragraphs.rpartition("\nSources\n")
    body += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    listed = {int(n) for n in re.findall(r"^\[(\d+)\]\t", sources, flags=re.M)}
    assert cited_numbers(body) == listed == set(range(1, len(listed) + 1))
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/hyperlink"):
            assert rel.target_ref.startswith(("http://", "https://"))


def test_docx_financing_row_and_metadata(docx):
    doc = docx["kazakhstan-tungsten"]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Financier")
    row = next(r for r in table.rows if r.cells[0].text == EXIM
               and r.cells[1].text.startswith("Northern Katpar"))
    assert [c.text for c in row.cells[2:6]] == ["up to 900,000,000", "USD", "letter of interest",
                                                "letter-of-interest (not committed)"]
    props = doc.core_properties
    assert props.author == "mineralgraph" and props.created == props.modified


def test_cli_writes_the_same_bytes(written, real_build, tmp_path):
    """The command, in another process, writes byte-identical Markdown, figures, PDF and
    Word files."""
    out = tmp_path / "cli"
    proc = run_cli("brief", "--focus", "Bakuta", "--format", "pdf,md,docx", "-o", str(out),
                   "--store", str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    assert "brief-bakuta.pdf" in proc.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["brief-bakuta.md", "brief-bakuta.pdf", "brief-bakuta.docx",
                            "brief-bakuta-network.png",
                            "brief-bakuta-network.svg", "brief-bakuta-timeline.png",
                            "brief-bakuta-timeline.svg", "brief-bakuta-map.png",
                            "brief-bakuta-map.svg"])
    ours = written[0]
    for name in names:
        assert (out / name).read_bytes() == (ours / name).read_bytes(), name


def test_cli_unknown_focus_is_a_clear_error(real_build, tmp_path):
    out = tmp_path / "never"
    proc = run_cli("brief", "--focus", "Bakutta", "-o", str(out), "--store",
                   str(real_build.store_dir))
    assert proc.returncode != 0
    assert "no entity is called 'Bakutta'" in proc.stderr and "bakuta" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not out.exists(), "nothing is written"
    proc = run_cli("brief", "--focus", "bakuta", "--format", "pdf,xls", "-o", str(out),
                   "--store", str(real_build.store_dir))
    assert proc.returncode != 0 and "unknown brief format(s) xls" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_output_folder_that_is_a_file_is_refused(real_store, tmp_path):
    from mineralgraph.errors import MineralgraphError

    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    with pytest.raises(MineralgraphError, match="is not a folder"):
        write_brief(real_store, "bakuta", formats="md", out_dir=blocker)
    assert Path(blocker).read_text() == "not a folder"
