"""The content of policy briefs on the real data: focus, scope, findings, tables, citations.

Content is computed once per focus from one read of the graph; rendering is tested in
``test_brief_formats.py``.
"""

from __future__ import annotations

import re

import pytest

from mineralgraph.brief import build_brief, compose, resolve_focus
from mineralgraph.brief.cite import plain_text
from mineralgraph.brief.data import load_graph_data
from mineralgraph.brief.render_md import render_markdown
from mineralgraph.brief.scope import compute_scope
from mineralgraph.errors import MineralgraphError, NotFoundError

FOCI = [("kazakhstan", "tungsten"), ("bakuta", None), ("tungsten", None), ("us-exim", None),
        ("kazakhstan", None)]


@pytest.fixture(scope="module")
def data(real_store):
    return load_graph_data(real_store)


@pytest.fixture(scope="module")
def briefs(real_store, data):
    return {(f, c): compose(data, resolve_focus(real_store, f, commodity=c)) for f, c in FOCI}


@pytest.fixture(scope="module")
def kz(briefs):
    return briefs[("kazakhstan", "tungsten")]


def all_paras(brief):
    """Every paragraph of a brief in reading order: the body (summary, findings, figures,
    projects, risks), then the annex (findings in full, tables in full, contested facts,
    financing, actors, figures, annex figures)."""
    out = [brief.summary]
    for f in brief.findings:
        out.extend(f.shown)
    out.extend(fig.caption for fig in brief.body_figures)
    for t in brief.tables:
        out.extend(cell for row in t.rows for cell in row)
    for g in brief.risks:
        out.extend(g.items)
    for f in brief.findings_in_full:
        out.extend(f.shown)
    for t in [*brief.annex_tables, *brief.contested, *brief.annex]:
        out.extend(cell for row in t.rows for cell in row)
    out.extend(fig.caption for fig in brief.annex_figures)
    return out


def finding(brief, heading):
    """A finding's points in full (the annex's copy when the body shortens it)."""
    whole = next(f for f in [*brief.findings_in_full, *brief.findings]
                 if f.heading.startswith(heading))
    return [plain_text(p) for p in whole.shown]


def rows(table):
    return [[plain_text(c) for c in row] for row in table.rows]


def test_focus_kinds(real_store):
    assert resolve_focus(real_store, "Kazakhstan").mode == "place"
    assert resolve_focus(real_store, "tungsten").mode == "commodity"
    assert resolve_focus(real_store, "US EXIM").entity.slug == "us-exim"  # an alias
    both = resolve_focus(real_store, "kazakhstan", commodity="Tungsten")
    assert both.mode == "place-commodity" and both.title == "Tungsten in Kazakhstan"
    assert both.slug == "kazakhstan-tungsten"


def test_unknown_focus_names_the_closest(real_store):
    with pytest.raises(NotFoundError, match=r"no entity is called 'bakutta'.*closest:.*bakuta"):
        resolve_focus(real_store, "bakutta")
    with pytest.raises(NotFoundError, match="--focus needs"):
        resolve_focus(real_store, "  ")


def test_commodity_narrows_only_a_place(real_store, data):
    with pytest.raises(NotFoundError, match="narrows a country or region"):
        resolve_focus(real_store, "bakuta", commodity="tungsten")
    focus = resolve_focus(real_store, "kazakhstan", commodity="antimony")
    with pytest.raises(NotFoundError, match="no site in Kazakhstan holds or produces Antimony"):
        compose(data, focus)


@pytest.mark.parametrize("focus", FOCI, ids=lambda f: "-".join(x for x in f if x))
def test_every_citation_resolves_to_a_listed_source(briefs, focus):
    brief = briefs[focus]
    seen: list[int] = []
    for p in all_paras(brief):
        for run in p:
            for n in run.cites:
                if n not in seen:
                    seen.append(n)
    assert seen == list(range(1, len(brief.sources) + 1)), "numbered in order of first use"
    assert [s.number for s in brief.sources] == seen
    for s in brief.sources:
        assert s.title and s.id
        assert s.url is None or re.match(r"^https?://", s.url)


@pytest.mark.parametrize("focus", FOCI, ids=lambda f: "-".join(x for x in f if x))
def test_numbers_in_findings_carry_citations(briefs, focus):
    """Every run of a finding that states a figure (a digit that is not a count of the
    brief's own rows) is cited."""
    brief = briefs[focus]
    for f in [*brief.findings, *brief.findings_in_full]:
        for p in f.shown:
            for run in p:
                money = re.search(r"(US\$|KZT |CN¥|€|£)\d|\d+(\.\d+)?%|\d{1,3}(,\d{3})+ t",
                                  run.text)
                if money and not run.cites:
                    pytest.fail(f"{f.heading}: uncited figure in {run.text!r}")


def test_every_entity_gives_a_complete_brief(real_store, data):
    """A brief about any entity of the graph composes, and all its citations resolve."""
    from mineralgraph.resolve import EntityIndex

    index = EntityIndex(real_store)
    assert len(index.entities) > 100
    for ref in sorted(index.entities.values(), key=lambda r: r.slug):
        focus = resolve_focus(real_store, ref.slug, index=index)
        brief = compose(data, focus)
        cited = {n for p in all_paras(brief) for run in p for n in run.cites}
        assert cited == {s.number for s in brief.sources}, ref.slug
        # a commodity brief also lists the export controls and other instruments naming it
        themes = 7 if ref.kind == "commodity" else 6
        assert brief.summary and len(brief.findings) == themes
        # the map is drawn when the scope holds a placed site (one with a country or a point)
        has_site = any(data.entities[m].category == "site" and m in data.places for m in
                       compute_scope(data, focus).members if m in data.entities)
        assert [f.key for f in brief.figures] == ["network", "timeline"] + (
            ["map"] if has_site else []), ref.slug


def test_letter_of_interest_is_never_committed(kz):
    points = finding(kz, "Financing")
    # named in full at its first mention (the summary), by its recorded short name after
    exim = [p for p in points if p.startswith("Not committed — US EXIM:")]
    assert exim and "up to US$900M" in exim[0] and "letter of interest, not a commitment" in exim[0]
    assert "US$1.1B" in exim[0], "the letter is set against the estimated capex"
    assert not [p for p in points if p.startswith("Committed") and "letter of interest" in p]
    summary = plain_text(kz.summary)
    assert "up to US$900M from Export-Import Bank of the United States (US EXIM)" in summary
    assert "is a letter of interest, not a commitment" in summary
    row = next(r for r in rows(kz.table("financing"))
               if r[0] == "Export-Import Bank of the United States"
               and r[1].startswith("Northern Katpar"))
    assert row[2] == "up to 900,000,000" and row[3] == "USD"
    assert row[5] == "letter-of-interest (not committed)" and row[7] == "financing"
    assert re.fullmatch(r"\[\d+(, \d+)*\]", row[8])


def test_country_commodity_scope(kz):
    sites = [r[0] for r in rows(kz.table("projects"))]
    assert "Bakuta" in sites
    assert any(s.startswith("Northern Katpar and Upper Kairakty") for s in sites)
    assert not any("K-Tungsten" in s for s in sites), "an Uzbek project is out of scope"
    actors = [r[0] for r in rows(kz.table("actors"))]
    assert {"Jiangxi Copper", "Tau-Ken Samruk",
            "Export-Import Bank of the United States (US EXIM)"} <= set(actors)
    assert "Kazakhstan" not in actors, "the focus is not listed among its own actors"


def test_backing_blocs_name_the_states_and_their_chains(kz):
    points = finding(kz, "Backing blocs")
    us = next(p for p in points if p.startswith("US — "))
    assert "Northern Katpar and Upper Kairakty" in us
    assert "US EXIM (finances; letter of interest" in us
    china = next(p for p in points if p.startswith("China"))
    assert "Bakuta" in china and "Jiangxi Copper" in china


def test_offtake_and_unknown_offtakers(kz):
    points = finding(kz, "Offtake")
    assert any(p.startswith("US buys the output of Northern Katpar") and
               "planned" in p and "per Pini Althaus" in p for p in points)
    unknown = next(p for p in points if p.startswith("No offtaker is recorded"))
    assert "Bakuta" in unknown and "Northern Katpar" not in unknown
    bakuta = next(r for r in rows(kz.table("projects")) if r[0] == "Bakuta")
    assert bakuta[-1] == "not recorded"


def test_production_timeline_separates_targets_from_actuals(kz):
    points = finding(kz, "Production timeline")
    bakuta = next(p for p in points if p.startswith("Bakuta"))
    assert "entered commercial production — 2025 (actual)" in bakuta
    nk = next(p for p in points if p.startswith("Northern Katpar and Upper Kairakty"))
    assert "2029 (target)" in nk
    timeline = next(f for f in kz.figures if f.key == "timeline")
    assert {i.status for i in timeline.items} >= {"actual", "target"}


def test_supply_concentration_from_the_network_analysis(kz):
    points = finding(kz, "Supply concentration")
    usgs = next(p for p in points if p.startswith("Tungsten production"))
    assert re.search(r"China 8\d\.\d%", usgs) and "Herfindahl–Hirschman index" in usgs
    assert "highly concentrated" in usgs


def test_central_actors_say_why(kz):
    points = finding(kz, "Most central actors")
    assert len(points) == 4  # three actors and the note on how they are ranked
    for p in points[:3]:
        assert re.search(r"\(.+; \d+ relations? in this brief\) — .+\[\d", p)
    assert not any(p.startswith("Kazakhstan ") for p in points)


def test_contested_facts_side_by_side(kz):
    resources = [t for t in kz.contested if t.title.startswith("Resources")]
    assert resources, [t.title for t in kz.contested]
    claims = rows(resources[0])
    assert len(claims) >= 3
    assert len({r[1] for r in claims}) >= 2, "claims come from different publishers"
    assert all(re.fullmatch(r"\[\d+\]", r[3]) for r in claims)
    # verbatim quotes in quotation marks; the reference notes' paraphrases labelled, unquoted
    assert all(r[2].startswith("“") or (r[2].startswith("paraphrase: ") and "“" not in r[2])
               for r in claims)


def test_risks_per_project_and_region(kz):
    groups = {g.subject: g for g in kz.risks}
    nk = next(g for s, g in groups.items() if s.startswith("Northern Katpar and Upper"))
    assert any("scheduling" in plain_text(p) for p in nk.items)
    assert "Central Asia" in groups and "as a whole" in groups["Central Asia"].note


def test_network_figure_is_the_focus_neighbourhood(briefs):
    fig = next(f for f in briefs[("bakuta", None)].figures if f.key == "network")
    slugs = {n.slug for n in fig.nodes}
    assert {"bakuta", "jiaxin-international", "jiangxi-copper"} <= slugs
    assert [n.slug for n in fig.nodes if n.focus] == ["bakuta"]
    assert all(e.source in slugs and e.target in slugs for e in fig.edges)


def test_as_of_moves_the_brief_back_in_time(real_store, kz):
    earlier = build_brief(real_store, "kazakhstan", commodity="tungsten", as_of="2025-06")
    assert earlier.as_of == "2025-06-30" and earlier.as_of_note == ""
    financiers = [r[0] for r in rows(earlier.table("financing"))]
    assert "Export-Import Bank of the United States" not in financiers, \
        "the letter of interest was announced in November 2025"
    assert "Export-Import Bank of the United States" in [r[0] for r in
                                                         rows(kz.table("financing"))]
    assert kz.as_of_note == "date of the newest source"
    with pytest.raises(MineralgraphError, match="not a date"):
        build_brief(real_store, "bakuta", as_of="2025-13")


def test_same_input_same_text(real_store, data, kz):
    again = compose(data, resolve_focus(real_store, "kazakhstan", commodity="tungsten"))
    files = {"network": "n.png", "timeline": "t.png", "map": "m.png"}
    assert render_markdown(again, files) == render_markdown(kz, files)


@pytest.mark.server
def test_a_served_endpoint_gives_the_same_brief(remote_store, kz):
    """Over SPARQL HTTP (a real `mineralgraph serve`) the brief reads exactly as from the
    embedded store."""
    served = build_brief(remote_store, "kazakhstan", commodity="tungsten")
    files = {"network": "n.png", "timeline": "t.png", "map": "m.png"}
    assert render_markdown(served, files) == render_markdown(kz, files)
