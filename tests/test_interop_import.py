"""BODS and FollowTheMoney files read back into candidate records, and the round trip:
BODS export → import → review (accept) → build → BODS export gives the same ownership and
control statements (owner, owned, interest, share, dates)."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import run_cli

CURATION = ("review", "confidence", "extracted_by")


def _accept(path, out, extracted_by="import-bods"):
    """What `mineralgraph review` does on acceptance: the `review: candidate` marker goes.
    Until the ingest branch's review fields are on this branch's model, the extraction
    fields go too (they are not data the round trip compares)."""
    from mineralgraph.model import Relation

    keep = set(CURATION[1:]) & set(Relation.model_fields)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for records in data.values():
        for rec in records:
            assert rec.pop("review") == "candidate"
            assert 0 < rec["confidence"] <= 1 and rec["extracted_by"] == extracted_by
            for key in set(CURATION[1:]) - keep:
                rec.pop(key)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _interests(statements):
    return sorted(
        (st["recordId"], st["recordDetails"]["interestedParty"], st["recordDetails"]["subject"],
         json.dumps(st["recordDetails"]["interests"], sort_keys=True))
        for st in statements if st["recordType"] == "relationship")


@pytest.fixture(scope="module")
def exported(real_store, tmp_path_factory):
    from mineralgraph.interop.export import export_interop

    target = tmp_path_factory.mktemp("bods") / "out.bods.json"
    export_interop(real_store, "bods", target, publication_date="2026-12-03")
    return target


def test_bods_round_trip_restores_ownership_statements(exported, tmp_path):
    from mineralgraph.build import build
    from mineralgraph.interop.bods_import import import_bods
    from mineralgraph.interop.export import export_interop
    from mineralgraph.load import load_dataset
    from mineralgraph.store import EmbeddedStore

    cands = import_bods(exported)  # into an empty data set: every record is new
    assert cands.left_out == {}
    candidates = cands.write(tmp_path / "candidates.yaml")
    data = tmp_path / "data"
    data.mkdir()
    _accept(candidates, data / "imported.yaml")
    rebuilt = build(load_dataset(data), tmp_path / "out")
    export_interop(EmbeddedStore(rebuilt.store_dir), "bods", tmp_path / "again.json",
                   publication_date="2026-12-03")
    before = json.loads(exported.read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert len(_interests(before)) >= 35
    assert _interests(after) == _interests(before)
    # parties come back with the same type, names, jurisdiction and identifiers — except
    # a financier that is a state body because it is `part-of` a state: BODS does not hold
    # part-of, so it comes back as the registered entity it is (docs/interop.md says so)
    parties = {st["recordId"]: st["recordDetails"] for st in before
               if st["recordType"] != "relationship"}
    again = {st["recordId"]: st["recordDetails"] for st in after
             if st["recordType"] != "relationship"}
    assert again.keys() == parties.keys()
    differ = {k for k in parties if again[k] != parties[k]}
    assert differ == {"us-exim", "us-dfc"}
    for k in differ:
        assert parties[k]["entityType"]["type"] == "stateBody"
        assert {**again[k], "entityType": None} == {**parties[k], "entityType": None}


def test_import_into_the_data_set_reuses_what_it_holds(exported, tmp_path):
    proc = run_cli("import", "bods", str(exported), "-o", str(tmp_path / "c.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert "nothing new" in proc.stdout and not (tmp_path / "c.yaml").exists()


def test_import_of_a_foreign_register_uses_the_statement_as_evidence(exported, tmp_path):
    """A statement without our annotations (as a register publishes it): the candidate's
    source is the publisher, its quote the interest as JSON; a share range is kept in a note
    and an indirect interest is left out."""
    from mineralgraph.interop.bods_import import import_bods

    statements = json.loads(exported.read_text(encoding="utf-8"))
    rel = next(st for st in statements if st["recordId"] == "jiangxi-copper-owns-jiaxin-international"
               ) if any(st["recordId"] == "jiangxi-copper-owns-jiaxin-international"
                        for st in statements) else next(
        st for st in statements if st["recordType"] == "relationship"
        and st["recordDetails"]["interests"][0]["type"] == "shareholding")
    parties = [st for st in statements if st["recordId"] in (
        rel["recordDetails"]["subject"], rel["recordDetails"]["interestedParty"])]
    foreign = []
    for st in [*parties, rel]:
        st = {k: v for k, v in st.items() if k != "annotations"}
        st["publicationDetails"] = {"publicationDate": "2025-01-31", "bodsVersion": "0.4",
                                    "publisher": {"name": "Example Register"}}
        st["recordId"] = "REG-" + st["recordId"].upper()
        foreign.append(st)
    details = foreign[-1]["recordDetails"]
    details["subject"], details["interestedParty"] = (
        "REG-" + details["subject"].upper(), "REG-" + details["interestedParty"].upper())
    details["interests"] = [
        {"type": "shareholding", "directOrIndirect": "direct", "share": {"minimum": 25,
                                                                         "maximum": 50}},
        {"type": "votingRights", "directOrIndirect": "indirect"}]
    path = tmp_path / "register.json"
    path.write_text(json.dumps(foreign), encoding="utf-8")
    cands = import_bods(path)
    (rel_out,) = cands.sections["relations"]
    assert rel_out["kind"] == "owns" and "share_pct" not in rel_out
    assert "25" in rel_out["note"] and "50" in rel_out["note"]
    (source,) = cands.sections["sources"]
    assert source["publisher"] == "Example Register" and source["kind"] == "database"
    assert rel_out["evidence"][0]["source"] == source["id"]
    assert json.loads(rel_out["evidence"][0]["quote"])[0]["share"] == {"minimum": 25,
                                                                      "maximum": 50}
    assert cands.left_out == {
        "indirect interest (relations of ours are direct; import the chain)": 1}


def test_bad_bods_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"statementId": "x"}]', encoding="utf-8")
    proc = run_cli("import", "bods", str(bad), "-o", str(tmp_path / "c.yaml"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "statement 1 is not a BODS 0.4 statement" in proc.stderr
    bad.write_text("[{", encoding="utf-8")
    proc = run_cli("import", "bods", str(bad), "-o", str(tmp_path / "c.yaml"))
    assert "not JSON" in proc.stderr and not (tmp_path / "c.yaml").exists()


def test_ftm_export_read_back_gives_loadable_candidates(real_store, real_dataset, tmp_path):
    """FtM → candidates → accept → the data loads and builds, with every ownership share."""
    from mineralgraph.build import build
    from mineralgraph.interop.export import export_interop
    from mineralgraph.interop.ftm_import import import_ftm
    from mineralgraph.load import load_dataset
    from mineralgraph.model import Relation

    export_interop(real_store, "ftm", tmp_path / "out.ftm.jsonl")
    cands = import_ftm(tmp_path / "out.ftm.jsonl")
    assert {"UnknownLink (no mapping to our records)", "Asset (no mapping to our records)"
            } <= set(cands.left_out)
    data = tmp_path / "data"
    data.mkdir()
    _accept(cands.write(tmp_path / "candidates.yaml"), data / "imported.yaml", "import-ftm")
    back = load_dataset(data)
    build(back, tmp_path / "out")
    shares = {(r.subject, r.object, r.share_pct) for r in back.records()
              if isinstance(r, Relation) and r.kind == "owns"}
    # owns of a mine or facility becomes an Ownership of an Asset, owns of a project a
    # ProjectParticipant: neither comes back (docs/interop.md), so no site is wanted here
    sites = {r.id for r in real_dataset.records() if getattr(r, "section", "") == "sites"}
    wanted = {(r.subject, r.object, r.share_pct) for r in real_dataset.records()
              if isinstance(r, Relation) and r.kind == "owns" and r.object not in sites}
    assert wanted and wanted <= shares


def test_bad_ftm_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "schema": "Company"}\n{"name": 1}\n', encoding="utf-8")
    proc = run_cli("import", "ftm", str(bad), "-o", str(tmp_path / "c.yaml"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "line 2: not a FollowTheMoney entity" in proc.stderr


@pytest.mark.parametrize("fmt", ["bods", "ftm"])
def test_import_commands_have_help(fmt):
    from typer.testing import CliRunner

    from mineralgraph.cli import app

    result = CliRunner().invoke(app, ["import", fmt, "--help"])
    assert result.exit_code == 0 and "--out" in result.output
