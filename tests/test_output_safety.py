"""Every file the tool writes is whole, readable like any other file, identical across runs,
and shows hostile text from the data as text.

The hostile data set (``tests/fixtures/reliability/hostile.yaml``: script tags, event
handlers, ``javascript:`` and ``data:`` source URLs, quotes, backslashes, an RTL override,
zero-width characters, a 2,000-character text) goes through the real path: ``mineralgraph
build`` → store → ``explore`` / ``brief`` / ``query`` / ``export``, each as a user runs it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_brief_safety import _Tags
from test_explore_browser import Opened, browser  # noqa: F401 (the module's Chromium)

HOSTILE = ROOT / "tests" / "fixtures" / "reliability"
SCRIPT = "Hostile <script>alert(1)</script> Holdings"
IMG = "Glass Pit <img src=x onerror=alert(1)>"
RTL = "Mirror \u202eknaB\u202c Bank"
ZERO_WIDTH = "Hid\u200bden\u200c Trad\u200ding\ufeff Co"
EXPORT_FORMATS = {"graphml": "g.graphml", "gexf": "g.gexf", "json": "g.json", "csv": "g.csv"}


def _ok(proc):
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """The hostile data set built by the CLI, and its explorer and brief written twice."""
    root = tmp_path_factory.mktemp("hostile")
    _ok(run_cli("build", "--data", str(HOSTILE), "--out", str(root / "out")))
    store = ("--store", str(root / "out" / "store"))
    for run in ("a", "b"):
        (root / run).mkdir()
        _ok(run_cli("explore", "-o", str(root / run / "explorer.html"), "--as-of", "2026-01-01",
                    *store))
        _ok(run_cli("brief", "--focus", "glass-pit", "--as-of", "2026-01-01",
                    "-f", "md,html,docx,pdf", "-o", str(root / run / "brief"), *store))
        for fmt, name in EXPORT_FORMATS.items():
            _ok(run_cli("export", "-f", fmt, "--as-of", "2026-01-01",
                        "-o", str(root / run / name), *store))
    return {"root": root, "store": root / "out" / "store", "a": root / "a", "b": root / "b"}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- determinism and permissions ------------------------------------------------------------

def test_two_runs_write_identical_bytes(hostile):
    a, b = _files(hostile["a"]), _files(hostile["b"])
    assert sorted(a) == sorted(b)
    assert {"explorer.html", "g.graphml", "g.gexf", "g.json", "g-elements.csv",
            "g-connections.csv", "brief/brief-glass-pit.md", "brief/brief-glass-pit.html",
            "brief/brief-glass-pit.pdf", "brief/brief-glass-pit.docx"} <= set(a)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], f"not byte-identical across runs: {differ}"


def test_no_temporary_files_are_left(hostile):
    left = [p for p in hostile["root"].rglob("*") if p.name.startswith(".")
            or p.name.endswith(".tmp")]
    assert left == []


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


EXPECTED_MODE = 0o666 & ~(lambda m: (os.umask(m), m)[1])(os.umask(0o022))


@pytest.mark.parametrize("name", ["explorer.html", "brief/brief-glass-pit.md",
                                  "brief/brief-glass-pit.pdf"])
def test_outputs_are_readable_like_any_file(hostile, name):
    assert _mode(hostile["a"] / name) == EXPECTED_MODE


@pytest.mark.parametrize("name", ["g.graphml", "g-elements.csv"])
def test_exports_are_readable_like_any_file(hostile, name):
    assert _mode(hostile["a"] / name) == EXPECTED_MODE


def test_query_output_is_readable_like_any_file(hostile, tmp_path):
    target = tmp_path / "q.csv"
    _ok(run_cli("query", "financiers", "-p", "project=glass-pit", "-f", "csv",
                "-o", str(target), "--store", str(hostile["store"])))
    assert _mode(target) == EXPECTED_MODE


def test_query_output_replaces_a_file_whole(hostile, tmp_path):
    """A refused query leaves the previous file as it was; a successful one replaces it."""
    target = tmp_path / "q.csv"
    target.write_text("previous\n")
    proc = run_cli("query", "financiers", "-p", "project=nowhere-at-all", "-f", "csv",
                   "-o", str(target), "--store", str(hostile["store"]))
    assert proc.returncode != 0 and target.read_text() == "previous\n"
    _ok(run_cli("query", "financiers", "-p", "project=glass-pit", "-f", "csv",
                "-o", str(target), "--store", str(hostile["store"])))
    assert target.read_text().startswith("project,financier,")
    assert [p.name for p in tmp_path.iterdir()] == ["q.csv"]


# -- the explorer in Chromium ---------------------------------------------------------------

@pytest.mark.browser
def test_explorer_shows_hostile_text_as_text(hostile, browser):  # noqa: F811
    opened = Opened(browser, hostile["a"] / "explorer.html")
    try:
        page = opened.page
        opened.check_clean()  # no fetch, no dialog, no error, no CSP violation
        assert page.evaluate("typeof window.__pwned") == "undefined"
        data = page.evaluate("() => JSON.stringify(window.mgExplorer.data || {})")
        for text in (SCRIPT, IMG, RTL, ZERO_WIDTH):
            assert json.dumps(text)[1:-1] in data or text in data, text
        # the data's markup made no element: one script block (the page's own) at most
        assert page.locator("img[onerror], img[src='x']").count() == 0
        assert page.evaluate("[...document.scripts].every(s => !s.text.includes("
                             "'alert(1)</script>') || s.type === 'application/json')")
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], hrefs
        opened.check_clean()
    finally:
        opened.page.close()


# -- the brief --------------------------------------------------------------------------------

def test_brief_html_shows_the_strings_and_links_only_http(hostile):
    html = (hostile["a"] / "brief" / "brief-glass-pit.html").read_text(encoding="utf-8")
    page = _Tags()
    page.feed(html)
    assert not {t for t, _ in page.tags} & {"script", "iframe"}
    assert not any(k.startswith("on") for _, a in page.tags for k in a)
    hrefs = [a.get("href", "") for t, a in page.tags if t == "a"]
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    for text in (IMG, RTL, "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                 "Honest bulletin O'Brien \\ back\\slash"):
        assert text in page.text, text


def test_brief_markdown_escapes_and_links_only_http(hostile):
    md = (hostile["a"] / "brief" / "brief-glass-pit.md").read_text(encoding="utf-8")
    assert "<script" not in md.replace("\\<script", "")
    assert "](javascript:" not in md and "<javascript:" not in md and "](data:" not in md
    assert "\\<img src=x onerror=alert(1)\\>" in md
    assert RTL in md


def test_brief_docx_and_pdf_show_the_text(hostile):
    from docx import Document
    from pypdf import PdfReader

    doc = Document(str(hostile["a"] / "brief" / "brief-glass-pit.docx"))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert IMG in body and "javascript:alert(1)" in body and RTL in body
    targets = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert all(t.startswith(("http://", "https://")) for t in targets), targets
    pdf = PdfReader(str(hostile["a"] / "brief" / "brief-glass-pit.pdf"))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Glass Pit <img src=x onerror=alert(1)>" in text
    uris = [a.get_object().get("/A", {}).get("/URI", "") for p in pdf.pages
            for a in (p.get("/Annots") or [])]
    assert all(str(u).startswith(("http://", "https://", "")) for u in uris)
    assert not [u for u in uris if str(u).lower().startswith(("javascript:", "data:"))]


# -- query outputs ----------------------------------------------------------------------------

TRICKY = ('SELECT ?label ?tricky WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> '
          '?label BIND(CONCAT(?label, "\\nsecond \\"line\\", with a comma\\ttab") AS ?tricky) '
          '} ORDER BY ?label')


def test_csv_round_trips_quotes_and_newlines(hostile):
    proc = _ok(run_cli("query", "--text", TRICKY, "-f", "csv", "--store", str(hostile["store"])))
    rows = list(csv.reader(io.StringIO(proc.stdout, newline="")))
    assert rows[0] == ["label", "tricky"]
    _check_tricky(rows[1:])


def test_tsv_terms_decode_to_the_values(hostile):
    """SPARQL TSV writes each value as an RDF term: one line per row, escapes inside."""
    proc = _ok(run_cli("query", "--text", TRICKY, "-f", "tsv", "--store", str(hostile["store"])))
    lines = proc.stdout.rstrip("\n").split("\n")
    assert lines[0] == "?label\t?tricky"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 2 and all(f.startswith('"') for f in r) for r in rows), rows
    _check_tricky([[json.loads(f) for f in r] for r in rows])  # N-Triples escapes ⊂ JSON's


def _check_tricky(rows: list[list[str]]) -> None:
    labels = [r[0] for r in rows]
    assert SCRIPT in labels and RTL in labels and ZERO_WIDTH in labels
    for label, tricky in rows:
        assert tricky == f'{label}\nsecond "line", with a comma\ttab'


def test_json_output_parses(hostile):
    proc = _ok(run_cli("query", "--text", TRICKY, "-f", "json",
                       "--store", str(hostile["store"])))
    data = json.loads(proc.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert SCRIPT in text and RTL in text
    proc = _ok(run_cli("query", "--text", TRICKY, "-f", "sparql-json",
                       "--store", str(hostile["store"])))
    bindings = json.loads(proc.stdout)["results"]["bindings"]
    assert {b["label"]["value"] for b in bindings} >= {SCRIPT, RTL, ZERO_WIDTH}


# -- a text that spans lines ---------------------------------------------------------------

NEWLINE_DATA = """\
sources:
  - id: plain-bulletin
    kind: news-article
    label: Plain bulletin
    publisher: Plain Press
    date: 2025-05
    url: "https://example.org/plain"
actors:
  - id: ruritania
    kind: state
    label: Ruritania
    evidence:
      - source: plain-bulletin
        quote: |-
          Ruritania is a state,
          said on two lines.
"""


def test_a_quote_on_two_lines_builds(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "newline.yaml").write_text(NEWLINE_DATA, encoding="utf-8")
    proc = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
