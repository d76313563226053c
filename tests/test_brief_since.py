"""`brief --since DATE`: the brief opens with "What changed since DATE" — relations of its
scope that started or ended and figures reported in between, each cited — in every format."""

from __future__ import annotations

import re

import pytest

from mineralgraph.brief import write_brief
from mineralgraph.diff.dates import diff_dates

from conftest import run_cli


@pytest.fixture(scope="module")
def since_brief(real_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("since")
    write_brief(real_store, "kazakhstan", formats=("md", "docx"), out_dir=out,
                as_of="2026-01", since="2025-06")
    return out


def test_markdown_opens_with_the_changes_each_cited(since_brief, real_store):
    text = (since_brief / "brief-kazakhstan.md").read_text()
    head, _, rest = text.partition("## What changed since 2025-06")
    assert rest and "## Summary" not in head and rest.index("## Summary") > 0
    section = rest.split("## Summary")[0]
    points = [line for line in section.splitlines() if line.startswith("- ")]
    assert points and all(re.search(r"\\\[\d+(, \d+)*\\\]$", p) for p in points)
    # the first sources cited in the brief are those of the opening section
    assert "\\[1\\]" in points[0]
    # what it lists is what diff says started in the brief's window, e.g. the Cove JV signing
    started = {c.record for c in diff_dates(real_store, "2025-06", "2026-01-31")
               if c.change == "started"}
    assert "kazakhstan-signs-cove-jv-agreement" in started
    assert any("Started: Kazakhstan — signs → Cove Capital" in p for p in points)
    assert not any("Jiangxi Copper — owns" in p and "2024" in p for p in points)


def test_docx_opens_with_the_changes(since_brief):
    from docx import Document

    headings = [p.text for p in Document(str(since_brief / "brief-kazakhstan.docx")).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings.index("What changed since 2025-06") < headings.index("Summary")


def test_nothing_changed_is_said(real_store, tmp_path):
    write_brief(real_store, "kazakhstan", formats=("md",), out_dir=tmp_path,
                as_of="2026-01-31", since="2026-01-31")
    text = (tmp_path / "brief-kazakhstan.md").read_text()
    assert "Nothing in the scope of this brief started, ended or was reported since" in text


@pytest.mark.parametrize("since,fragment", [
    ("2026-13", "is not a date"), ("2027", "is after the brief's date 2026-01-31"),
    ("all", "needs a date")])
def test_bad_since_is_one_clear_line(real_build, tmp_path, since, fragment):
    proc = run_cli("brief", "--focus", "kazakhstan", "--as-of", "2026-01", "--since", since,
                   "-f", "md", "-o", str(tmp_path / "out"), "--store",
                   str(real_build.store_dir))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_brief_has_a_map_figure_with_approximate_points_said(since_brief, real_dataset):
    from PIL import Image

    from mineralgraph.geo.placement import place_all

    text = (since_brief / "brief-kazakhstan.md").read_text()
    m = re.search(r"\*\*Figure (\d)\.\*\* Map of Kazakhstan: (\d+) placed entities, .*?"
                  r"(\d+) of them are drawn at their country's centroid \(approximate", text)
    assert m, "no map figure"
    assert f"](brief-kazakhstan-map.png)" in text
    with Image.open(since_brief / "brief-kazakhstan-map.png") as img:
        assert img.size[0] > 1000 and len(img.convert("RGB").getcolors(1 << 20) or []) > 20
    placed = place_all(real_dataset)
    # the Kazakh sites are drawn, each at Kazakhstan's centroid (no source gives coordinates)
    kz_sites = [r.id for r in real_dataset.records("sites") if r.country == "kazakhstan"]
    assert all(placed[s].precision == "approximate" for s in kz_sites)
    assert int(m.group(3)) >= 1 and int(m.group(3)) <= int(m.group(2))
