"""Issue #14 items 3 and 4 on the real data set: Chinese stakes and offtakes outside China,
China's dated export controls, the Minerals Security Partnership, and every quote of a source
whose text snapshot is at hand found verbatim in that snapshot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mineralgraph.query import run_query

DATA = Path(__file__).resolve().parents[1] / "data"
SNAPSHOT_DIRS = (DATA / "snapshots", DATA / ".sources")
ID = "https://w3id.org/mineralgraph/id/"

# A Chinese actor (its country is China, or China owns or controls it) that holds, buys,
# controls, develops, finances or invests in an organisation or site based outside China.
CHINESE_STAKES = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?statement ?kind ?host ?volume WHERE {
  BIND(<%(id)sstate/china> AS ?china)
  { ?a mg:country ?china } UNION { ?china (mg:owns|mg:controls)+ ?a }
  ?st rdf:subject ?a ; rdf:object ?t ; mg:relationKind ?kind ; mg:recordId ?statement .
  FILTER(?kind IN ("owns", "acquires", "offtake", "controls", "develops", "finances",
                   "invests-in", "partner-in", "operates"))
  ?t mg:country ?host .
  FILTER(?host != ?china)
  OPTIONAL { ?st mg:volume ?volume }
}
""" % {"id": ID}

SIX = ["gallium", "germanium", "antimony", "graphite", "rare-earths", "tungsten"]


@pytest.fixture(scope="module")
def chinese_stakes(real_store):
    return run_query(CHINESE_STAKES, store=real_store).rows()


def test_at_least_twenty_chinese_stakes_or_offtakes_outside_china(chinese_stakes):
    statements = {r["statement"] for r in chinese_stakes}
    hosts = {r["host"] for r in chinese_stakes}
    assert len(statements) >= 20, sorted(statements)
    # spread over many host countries, not one
    assert len(hosts) >= 10, sorted(hosts)
    for host in ("democratic-republic-of-the-congo", "argentina", "zimbabwe", "indonesia",
                 "australia", "peru", "mali", "serbia", "bolivia"):
        assert ID + "state/" + host in hosts, host


def test_chinese_offtakes_carry_their_volumes(chinese_stakes):
    offtakes = {r["statement"]: r["volume"] for r in chinese_stakes if r["kind"] == "offtake"}
    with_volume = {k for k, v in offtakes.items() if v is not None}
    assert len(offtakes) >= 8, offtakes
    assert len(with_volume) >= 5, offtakes
    # Ganfeng's Pilgangoora stage-1 offtake: 160,000 t/y as Pilbara announced it
    assert float(offtakes["ganfeng-offtake-pilgangoora-stage-1"]) == 160000


def test_state_reach_of_china_runs_through_its_state_owned_companies(real_store):
    rows = run_query("state-reach", params={"state": "China"}, store=real_store).rows()
    through = {r["through"] for r in rows}
    # China -> China Minmetals -> MMG -> Las Bambas consortium; the provinces' companies
    assert {"MMG Limited", "Jinchuan Group"} <= through, through


@pytest.mark.parametrize("commodity", SIX)
def test_china_export_controls_are_dated_for_each_commodity(real_store, commodity):
    rows = run_query("policy-instruments", params={"commodity": commodity},
                     store=real_store).rows()
    dated = [r for r in rows if r["instrumentType"] == "export-control" and r["date"]
             and "MOFCOM" in (r["issuer"] or "")]
    assert dated, rows


def test_export_control_announcements_and_dates(real_store):
    dates = {}
    for commodity in SIX:
        for r in run_query("policy-instruments", params={"commodity": commodity},
                           store=real_store).rows():
            dates[r["instrument"].rsplit("/", 1)[1]] = r["date"]
    assert dates["china-export-control-announcement-23-2023"] == "2023-07-03"
    assert dates["china-export-control-announcement-33-2024"] == "2024-08-15"
    assert dates["china-export-control-announcement-18-2025"] == "2025-04-04"
    assert dates["china-export-control-graphite-2023"] == "2023-10-20"


def test_msp_members_and_its_finance_network(real_store):
    msp = run_query("forum-members", params={"forum": "minerals-security-partnership"},
                    store=real_store).rows()
    members = {r["member"] for r in msp}
    assert len(members) >= 15 and "European Union" in members, members
    # the State Department's own page backs the membership, verbatim
    assert "state-gov-archive-minerals-security-partnership" in {r["source"] for r in msp}
    rows = run_query(
        "PREFIX mg: <https://w3id.org/mineralgraph/ontology#> "
        "SELECT DISTINCT ?s WHERE { ?s mg:launches <%sforum/msp-finance-network> }" % ID,
        store=real_store).rows()
    assert len(rows) == 15, rows


def test_contested_stakes_are_kept_side_by_side(real_dataset):
    for a, b in [("huayou-acquires-prospect-lithium-zimbabwe-87pct-asiafinancial",
                  "huayou-international-mining-acquires-prospect-lithium-zimbabwe-87pct-xinhua"),
                 ("jiangxi-copper-owns-first-quantum-2023-11-businesslive",
                  "jiangxi-copper-owns-first-quantum-2023-11-mining-com"),
                 ("announcement-57-2025-lists-holmium", "declarations-61-62-2025-list-holmium-vbw")]:
        ra, rb = real_dataset.get(a), real_dataset.get(b)
        assert b in ra.contests and a in rb.contests
        assert ra.evidence[0].source != rb.evidence[0].source


def _snapshot(source_id: str) -> Path | None:
    for folder in SNAPSHOT_DIRS:
        path = folder / f"{source_id}.txt"
        if path.exists():
            return path
    return None


def test_every_quote_of_a_snapshotted_source_is_in_its_snapshot(real_dataset):
    snapshots = {s.id: p for s in real_dataset.records("sources")
                 if (p := _snapshot(s.id)) is not None}
    # the committed public-domain snapshots are always there, even on a fresh clone
    assert "state-gov-archive-minerals-security-partnership" in snapshots
    for src in real_dataset.records("sources"):
        if src.id in snapshots:
            digest = hashlib.sha256(snapshots[src.id].read_bytes()).hexdigest()
            assert src.sha256 == digest, f"{src.id}: sha256 does not match its snapshot"
    # the product's own check (mineralgraph.quotes): paraphrases are not quotes
    from mineralgraph.quotes import verify_quotes
    from mineralgraph.resources import default_data_dir

    report = verify_quotes(real_dataset, default_data_dir())
    assert report.verified >= 15 and not report.failures, [str(p) for p in report.failures]
