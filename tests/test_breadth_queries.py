"""The breadth queries (a financier's portfolio, stakes abroad, export controls by date,
offtakes by buyer country) on an explicit fixture where every branch of each query has a
record that takes it and one a filter leaves out — on the embedded store and on a real
``mineralgraph serve`` over HTTP, which must agree. The same queries on the real data are
checked by tests/test_queries.py against tests/expected/."""

from __future__ import annotations

from pathlib import Path

import pytest

from mineralgraph.query import run_query

from _server import ServedStore

FIXTURE = Path(__file__).parent / "fixtures" / "breadth"

# (query, params) → the statements it must return, exactly (as a set), and in which order
# the first column must come when it matters.
RUNS = [
    # a financier by alias: its three financings, a commodity named on the statement (Alpha),
    # found through what the company develops (Beta → lithium), and none (Delta: no country)
    ("financier-portfolio", {"financier": "FEXIM"},
     {"freedonia-exim-finances-alpha-mine", "freedonia-exim-finances-beta-corp",
      "freedonia-exim-finances-delta-fund"}),
    # a government: its agency's financings too, and its own investment
    ("financier-portfolio", {"financier": "Freedonia"},
     {"freedonia-exim-finances-alpha-mine", "freedonia-exim-finances-beta-corp",
      "freedonia-exim-finances-delta-fund", "freedonia-invests-in-gamma-site"}),
    # commodity: named (cobalt) and narrower through a site's product (refined cobalt);
    # a financing without a commodity is left out
    ("financier-portfolio", {"financier": "Freedonia", "commodity": "cobalt"},
     {"freedonia-exim-finances-alpha-mine", "freedonia-invests-in-gamma-site"}),
    # country through a region that is part of the state; unknown country left out
    ("financier-portfolio", {"financier": "Freedonia", "country": "Sylvania"},
     {"freedonia-invests-in-gamma-site"}),
    ("financier-portfolio", {"financier": "Freedonia", "status": "committed"},
     {"freedonia-exim-finances-beta-corp"}),
    # stakes abroad: a company of the home state and the state itself; the home mine is not
    # abroad; offtakes are not stakes
    ("chinese-stakes", {"home": "Cathay"},
     {"cathay-mining-owns-alpha-mine", "cathay-finances-gamma-site"}),
    ("chinese-stakes", {"home": "Cathay", "host": "Sylvania"}, {"cathay-finances-gamma-site"}),
    ("chinese-stakes", {"home": "Cathay", "commodity": "refined cobalt"},
     {"cathay-finances-gamma-site"}),
    # export controls: every one (tariffs are not)
    ("export-controls", {},
     {"cathay-2023-control-lists-gallium", "cathay-2025-control-lists-apt",
      "freedonia-licensing-lists-lithium"}),
    # issuer: the state and its ministry (based in it); since: the dated ones from then
    ("export-controls", {"issuer": "Cathay"},
     {"cathay-2023-control-lists-gallium", "cathay-2025-control-lists-apt"}),
    ("export-controls", {"issuer": "Cathay", "since": "2024"}, {"cathay-2025-control-lists-apt"}),
    # a narrower commodity counts (APT → tungsten)
    ("export-controls", {"commodity": "tungsten"}, {"cathay-2025-control-lists-apt"}),
    # offtakes: a company buyer, a state buyer, a buyer of unknown country
    ("offtakes-by-buyer-country", {},
     {"cathay-mining-offtake-alpha-mine", "freedonia-offtake-beta-corp",
      "nowhere-trader-offtake-alpha-mine"}),
    ("offtakes-by-buyer-country", {"country": "Cathay"}, {"cathay-mining-offtake-alpha-mine"}),
    ("offtakes-by-buyer-country", {"country": "Freedonia"}, {"freedonia-offtake-beta-corp"}),
    ("offtakes-by-buyer-country", {"commodity": "lithium"}, {"freedonia-offtake-beta-corp"}),
]


@pytest.fixture(scope="module")
def breadth_build(tmp_path_factory):
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    return build(load_dataset(FIXTURE), tmp_path_factory.mktemp("breadth-out"))


@pytest.fixture(scope="module")
def breadth_stores(breadth_build, tmp_path_factory):
    from mineralgraph.store import EmbeddedStore, RemoteStore

    server = ServedStore.start(breadth_build.store_dir,
                               tmp_path_factory.mktemp("breadth-serve") / "serve.log")
    remote = RemoteStore(server.query_url)
    yield EmbeddedStore(breadth_build.store_dir), remote
    remote.close()
    server.stop()


@pytest.mark.server
@pytest.mark.parametrize("name, params, statements", RUNS,
                         ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p, _ in RUNS])
def test_breadth_query_on_the_fixture(breadth_stores, name, params, statements):
    local_store, remote = breadth_stores
    local = run_query(name, params=params, store=local_store)
    served = run_query(name, params=params, store=remote)
    assert local.vars == served.vars and local.bindings == served.bindings
    assert {r["statement"] for r in local.rows()} == statements


def test_portfolio_rows_carry_country_commodity_stage_and_amount(breadth_stores):
    rows = run_query("financier-portfolio", params={"financier": "FEXIM"},
                     store=breadth_stores[0]).rows()
    alpha = next(r for r in rows if r["statement"] == "freedonia-exim-finances-alpha-mine")
    assert alpha["agency"] == "Export-Import Bank of Freedonia"
    assert (alpha["financedCountry"], alpha["commodityName"], alpha["status"],
            alpha["stage"]) == ("Ruritania", "Cobalt", "letter-of-interest", "production")
    assert (alpha["amount"], alpha["currency"], alpha["amountQualifier"]) == (
        100000000, "USD", "up-to")
    beta = next(r for r in rows if r["statement"] == "freedonia-exim-finances-beta-corp")
    assert beta["commodityName"] == "Lithium" and beta["financedCountry"] == "Ruritania"
    delta = next(r for r in rows if r["statement"] == "freedonia-exim-finances-delta-fund")
    assert delta["financedCountry"] is None and delta["commodityName"] is None


def test_stakes_carry_share_and_host(breadth_stores):
    rows = run_query("chinese-stakes", params={"home": "Cathay"},
                     store=breadth_stores[0]).rows()
    alpha = next(r for r in rows if r["statement"] == "cathay-mining-owns-alpha-mine")
    assert (alpha["holder"], alpha["hostCountry"], alpha["share"], alpha["commodityName"]) == (
        "Cathay Mining", "Ruritania", 60, "Cobalt")


def test_export_controls_come_in_date_order(breadth_stores):
    rows = run_query("export-controls", store=breadth_stores[0]).rows()
    dates = [str(r["date"]) if r["date"] is not None else None for r in rows]
    # SPARQL orders an unbound date before every date: the undated control comes first
    assert dates == [None, "2023-08-01", "2025-02-04"]
    assert [r["issuerName"] for r in rows] == [None, "Cathay Ministry of Commerce", "Cathay"]


def test_offtakes_carry_volume_and_countries(breadth_stores):
    rows = run_query("offtakes-by-buyer-country", store=breadth_stores[0]).rows()
    cathay = next(r for r in rows if r["statement"] == "cathay-mining-offtake-alpha-mine")
    assert (cathay["buyerCountry"], cathay["sellerCountry"], cathay["volume"],
            cathay["volumeUnit"], cathay["durationYears"]) == (
        "Cathay", "Ruritania", 5000, "t/year", 5)
    trader = next(r for r in rows if r["statement"] == "nowhere-trader-offtake-alpha-mine")
    assert trader["buyerCountry"] is None
