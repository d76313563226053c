"""The USGS Mineral Commodity Summaries importer on the real release file (public domain,
committed as the source's snapshot), and the supply concentration it gives the real build."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from mineralgraph.errors import MineralgraphError
from mineralgraph.importers.usgs_mcs import import_usgs_mcs
from mineralgraph.load import load_dataset
from mineralgraph.network.concentration import concentration

from conftest import ROOT, run_cli

DATA = ROOT / "data"
SNAPSHOT = DATA / "snapshots" / "usgs-mcs-2025-world-data.txt"
TWELVE = ("antimony", "cobalt", "copper", "gallium", "germanium", "graphite", "lithium",
          "manganese", "nickel", "rare earths", "tungsten", "magnesium")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The release imported afresh into a copy of data/ without its earlier import."""
    root = tmp_path_factory.mktemp("usgs")
    data = root / "data"
    data.mkdir()
    for path in DATA.rglob("*.yaml"):
        rel = path.relative_to(DATA)
        if rel.parts[0] != "usgs-mcs-2025":
            (data / rel).parent.mkdir(parents=True, exist_ok=True)
            (data / rel).write_bytes(path.read_bytes())
    result = import_usgs_mcs(SNAPSHOT, out=data / "usgs-mcs-2025")
    result.write()
    return result, data


def _records(data: Path, section: str) -> dict[str, dict]:
    found = {}
    for path in (data / "usgs-mcs-2025").rglob("*.yaml"):
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")).get(section, []):
            found[rec["id"]] = rec
    return found


def test_counts_of_the_real_release(imported):
    result, _ = imported
    assert result.rows == 1250  # 1,251 lines less the header
    assert result.rows_by_class["world total"] == 93
    assert result.rows_by_class["other countries"] == 67
    assert result.rows_by_class["group of countries"] == 2  # "United States and Canada"
    assert sum(result.observations.values()) > 2500
    assert len(result.countries) > 100
    for commodity in ("antimony", "cobalt", "copper", "gallium", "graphite", "lithium",
                      "manganese", "nickel", "rare-earths", "tungsten", "magnesium"):
        assert result.observations[commodity] >= 10, commodity
    # germanium: the release lists producers without one figure
    assert result.observations["germanium"] == 0
    assert result.skipped["W (withheld)"] > 0 and result.skipped["NA (not available)"] > 0


def test_known_figures_and_their_quotes(imported):
    _, data = imported
    obs = _records(data, "observations")
    china = obs["tungsten-china-production-2024-mcs-2025"]
    assert (china["value"], china["unit"], china["date"], china["status"]) == (
        67000, "metric tons", 2024, "estimate")
    world = obs["tungsten-world-production-2024-mcs-2025"]
    assert world["value"] == 81000 and world["subject"] == "world"
    assert obs["tungsten-world-production-2023-mcs-2025"]["status"] == "actual"
    others = obs["tungsten-other-countries-production-2024-mcs-2025"]
    assert others["subject"] == "other-countries" and others["value"] == 1500
    assert obs["tungsten-china-reserves-2024-mcs-2025"]["value"] == 2400000
    # ">" kept as a qualifier, thousands separators read
    assert obs["rare-earths-world-reserves-2024-mcs-2025"]["qualifier"] == "over"
    assert obs["niobium-world-reserves-2024-mcs-2025"]["value"] == 17000000
    # the quote is the row as it stands in the file, trailing space in "Tungsten " included
    text = SNAPSHOT.read_text(encoding="utf-8-sig")
    quote = china["evidence"][0]["quote"]
    assert quote.startswith("MCS2025,Tungsten ,China,") and quote in text.splitlines()
    for rec in obs.values():
        for ev in rec["evidence"]:
            assert ev["quote"] in text, rec["id"]
    # estimated-2023 note → the 2023 figure is an estimate too
    assert obs["antimony-china-production-2023-mcs-2025"]["status"] == "estimate"


def test_bom_spaces_and_markers(imported):
    _, data = imported
    obs = _records(data, "observations")
    states = {**_records(data, "actors")}
    # the BOM does not end up in a name, and "Russia " is russia (already in data/)
    assert "tungsten-russia-production-2024-mcs-2025" in obs
    assert not any(i.startswith("\ufeff") for i in obs)
    assert "russia" not in states  # reused, not redefined
    # "Congo (Kinshasa)" is our democratic-republic-of-the-congo: defined by the import with
    # the USGS name as an alias, or reused where another file of data/ already defines it
    drc = states.get("democratic-republic-of-the-congo")
    assert drc is None or drc["aliases"][0] == "Congo (Kinshasa)"
    assert "cobalt-democratic-republic-of-the-congo-production-2024-mcs-2025" in obs
    # W (withheld): United States lithium production has no figure, never a zero
    assert not any(i.startswith("lithium-united-states-production") for i in obs)
    assert obs["lithium-united-states-reserves-2024-mcs-2025"]["value"] == 1800000
    # NA: Bolivia's tungsten reserves are NA → no reserves record
    assert "tungsten-bolivia-reserves-2024-mcs-2025" not in obs
    assert "tungsten-bolivia-production-2024-mcs-2025" in obs
    for rec in obs.values():
        assert isinstance(rec["value"], (int, float))


def test_source_record_cites_the_release_with_the_snapshot_hash(imported):
    _, data = imported
    (source,) = _records(data, "sources").values()
    assert source["url"] == "https://doi.org/10.5066/P13XCP3R"
    assert source["publisher"] == "U.S. Geological Survey" and source["date"] == 2025
    assert source["sha256"] == hashlib.sha256(SNAPSHOT.read_bytes()).hexdigest()


def test_reimport_is_byte_identical_to_the_committed_files(imported):
    _, data = imported
    fresh = {p.relative_to(data): p.read_bytes()
             for p in (data / "usgs-mcs-2025").rglob("*") if p.is_file()}
    committed = {p.relative_to(DATA): p.read_bytes()
                 for p in (DATA / "usgs-mcs-2025").rglob("*") if p.is_file()}
    assert fresh == committed
    again = import_usgs_mcs(SNAPSHOT, out=data / "usgs-mcs-2025")
    again.write()
    assert {p.relative_to(data): p.read_bytes()
            for p in (data / "usgs-mcs-2025").rglob("*") if p.is_file()} == fresh


def test_command_imports_and_loads(tmp_path):
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    proc = run_cli("import", "usgs-mcs", str(SNAPSHOT), "--out", str(data / "usgs-mcs-2025"))
    assert proc.returncode == 0, proc.stderr
    assert "1,250 rows read" in proc.stdout and "tungsten" in proc.stdout
    # on an empty data set it defines every state and commodity it uses, itself
    assert (data / "snapshots" / "usgs-mcs-2025-world-data.txt").read_bytes() == \
        SNAPSHOT.read_bytes()
    actors = yaml.safe_load((data / "usgs-mcs-2025" / "states.yaml").read_text("utf-8"))
    assert "china" in {a["id"] for a in actors["actors"]}
    loaded = load_dataset(data)
    assert loaded.get("tungsten-world-production-2024-mcs-2025").value == 81000
    assert loaded.get("world").label == "World"


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"a,b,c\n1,2,3\n", "not a USGS world-data CSV header"),
    (b"\xef\xbb\xbfSOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_2023\n"
     b"MCS2099,Tungsten ,China,Mine,metric tons,1\n", "unknown release MCS2099"),
    (b"SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_2023\n"
     b"MCS2025,Unobtainium,China,Mine,metric tons,1\n", ":2: unknown commodity 'Unobtainium'"),
    (b"SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_2023\n"
     b"MCS2025,Tungsten,Atlantis,Mine,metric tons,1\n", ":2: unknown country 'Atlantis'"),
    (b"\xff\xfe\x00", "not UTF-8"),
])
def test_bad_files_are_refused_with_file_and_line(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    (tmp_path / "data").mkdir()
    with pytest.raises(MineralgraphError, match=message.replace("(", r"\(")):
        import_usgs_mcs(bad, out=tmp_path / "data" / "x")
    assert not (tmp_path / "data" / "x").exists()
    proc = run_cli("import", "usgs-mcs", str(bad), "--out", str(tmp_path / "data" / "x"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr or "bad.csv" in proc.stderr


@pytest.mark.parametrize("commodity", TWELVE)
def test_sourced_concentration_for_each_of_the_twelve(real_store, commodity):
    results = concentration(real_store, commodity=commodity)
    assert results, commodity
    for c in results:
        assert c.shares and c.hhi > 0 and c.source_label
        assert all(share.observation and share.quote for share in c.shares)
    if commodity == "germanium":  # the release gives no germanium figure: a stated share
        assert results[0].source_url and results[0].basis == "stated shares"
        return
    usgs = [c for c in results if c.source == "usgs-mcs-2025-world-data"]
    assert usgs and usgs[0].basis == "world total" and usgs[0].year == "2024", commodity
    assert usgs[0].source_url == "https://doi.org/10.5066/P13XCP3R"
    assert all(s.quote.startswith("MCS2025,") for s in usgs[0].shares)


def test_tungsten_concentration_is_the_release_figure(real_store):
    (usgs,) = [c for c in concentration(real_store, commodity="tungsten", year=2024)
               if c.source == "usgs-mcs-2025-world-data"]
    assert usgs.total == 81000 and usgs.unit == "metric tons"
    assert usgs.shares[0].country == "china" and usgs.shares[0].value == 67000
    assert round(usgs.shares[0].share_pct, 1) == 82.7
    # "Other countries" is kept as the source gives it, never counted as a country
    assert usgs.others == 1500 and "other-countries" not in {s.country for s in usgs.shares}


def test_concentration_command_prints_the_index_and_source(real_build):
    proc = run_cli("concentration", "--commodity", "lithium", "--store",
                   str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    assert "USGS Mineral Commodity Summaries 2025 World Data Release" in proc.stdout
    assert "HHI" in proc.stdout and "Australia" in proc.stdout
    proc = run_cli("concentration", "--commodity", "tungsten", "--store",
                   str(real_build.store_dir))
    assert "other countries (as the source reports them) 1,500" in " ".join(proc.stdout.split())
