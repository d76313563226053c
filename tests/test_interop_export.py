"""BODS 0.4, FollowTheMoney and JSON-LD exports of the real data set, checked by the
reference tools: libcovebods' JSON-schema check (the normative-rules check, ``pv``, fetches
org-id.guide over the network and cannot run offline) and followthemoney's model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import run_cli


@pytest.fixture(scope="module")
def bods_file(real_build, tmp_path_factory):
    target = tmp_path_factory.mktemp("bods") / "mineralgraph.bods.json"
    proc = run_cli("export", "--format", "bods", "-o", str(target), "--store",
                   str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    assert "left out" in proc.stdout and "not ownership or control: finances" in proc.stdout
    return target


@pytest.fixture(scope="module")
def statements(bods_file):
    return json.loads(bods_file.read_text(encoding="utf-8"))


def test_bods_passes_the_reference_schema_check_with_no_error(bods_file):
    proc = subprocess.run([sys.executable, "-m", "libcovebods.cli", "jsv", str(bods_file)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_our_own_fields_live_only_in_annotations(bods_file):
    """libcovebods' additional-fields report: nothing outside the schema but the custom
    properties BODS allows inside annotations."""
    proc = subprocess.run([sys.executable, "-m", "libcovebods.cli", "af", str(bods_file)],
                          capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert [k for k, v in report.items() if v["root_additional_field"]] == [
        "/annotations/mineralgraph"]


def test_the_schema_check_does_find_errors(bods_file, tmp_path):
    """The check above is not vacuous: a wrong interest type and a short id are caught."""
    data = json.loads(bods_file.read_text(encoding="utf-8"))
    rel = next(st for st in data if st["recordType"] == "relationship")
    rel["recordDetails"]["interests"][0]["type"] = "owns"
    rel["statementId"] = "short"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "libcovebods.cli", "jsv", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert {e["validator"] for e in json.loads(proc.stdout)} == {"enum", "minLength"}


def test_every_ownership_and_control_statement_is_there_with_its_share(statements,
                                                                      real_dataset):
    from mineralgraph.interop.bods import NOT_HELD_STATUSES
    from mineralgraph.model import Relation

    by_record = {st["recordId"]: st for st in statements}
    wanted = [r for r in real_dataset.records() if isinstance(r, Relation)
              and r.kind in ("owns", "controls") and r.status not in NOT_HELD_STATUSES]
    assert len(wanted) >= 20
    for rel in wanted:
        st = by_record[rel.id]
        details = st["recordDetails"]
        assert (details["interestedParty"], details["subject"]) == (rel.subject, rel.object)
        interest = details["interests"][0]
        expected = "shareholding" if rel.kind == "owns" else "otherInfluenceOrControl"
        assert interest["type"] == expected
        if rel.share_pct is not None:
            assert interest["share"] == {"exact": rel.share_pct}
        # every statement shows its source and our quote
        quotes = [a["mineralgraph"]["evidence"]["quote"] for a in st["annotations"]
                  if "evidence" in a.get("mineralgraph", {})]
        assert quotes == [ev.quote for ev in rel.evidence]
        assert st["source"]["description"]


def test_state_bodies_persons_and_roles(statements):
    by_record = {st["recordId"]: st for st in statements}
    for slug in ("us-exim", "us-dfc"):  # financiers that are part of the US government
        assert by_record[slug]["recordDetails"]["entityType"] == {
            "type": "stateBody", "subtype": "stateAgency"}
    assert by_record["kazakhstan"]["recordDetails"]["entityType"] == {"type": "state"}
    assert by_record["kazakhstan"]["recordDetails"]["jurisdiction"]["code"] == "KZ"
    assert by_record["pini-althaus"]["recordType"] == "person"
    roles = [st for st in statements if st["recordType"] == "relationship"
             and st["recordDetails"]["interestedParty"] == "pini-althaus"]
    assert {i["type"] for st in roles for i in st["recordDetails"]["interests"]} >= {
        "boardChair", "seniorManagingOfficial"}
    referenced = {st["recordDetails"][end] for st in statements
                  if st["recordType"] == "relationship" for end in ("subject", "interestedParty")}
    assert referenced <= set(by_record)  # every party has its own statement


def test_ended_interests_are_closed_records(statements, real_dataset):
    from mineralgraph.model import Relation

    ended = {r.id for r in real_dataset.records() if isinstance(r, Relation)
             and r.kind == "owns" and r.status == "historical"}
    assert ended
    closed = {st["recordId"] for st in statements if st["recordStatus"] == "closed"}
    assert ended <= closed


def test_bods_over_a_served_endpoint_equals_the_embedded_store(statements, remote_store,
                                                               tmp_path):
    """The export reads the graph through SPARQL: over HTTP it writes the same statements."""
    from mineralgraph.interop.export import export_interop

    export_interop(remote_store, "bods", tmp_path / "remote.json")
    remote = json.loads((tmp_path / "remote.json").read_text(encoding="utf-8"))
    assert [s["statementId"] for s in remote] == [s["statementId"] for s in statements]


def test_partial_dates_keep_their_precision_in_an_annotation(statements):
    pointed = [(st, a) for st in statements for a in st["annotations"]
               if a["statementPointerTarget"].startswith("/recordDetails/interests/")]
    assert pointed, "the real data has month- or year-precision dates"
    for st, a in pointed:
        _, _, interests, index, field = a["statementPointerTarget"].split("/")
        full = st["recordDetails"]["interests"][int(index)][field]
        assert full.startswith(a["mineralgraph"]["precision"])


def test_statement_ids_are_stable_across_builds(statements, real_dataset, tmp_path):
    from mineralgraph.build import build
    from mineralgraph.interop.export import export_interop
    from mineralgraph.store import EmbeddedStore

    again = build(real_dataset, tmp_path / "again")
    export_interop(EmbeddedStore(again.store_dir), "bods", tmp_path / "again.json",
                   publication_date="2030-01-01")
    second = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert [s["statementId"] for s in second] == [s["statementId"] for s in statements]
    assert len({s["statementId"] for s in statements}) == len(statements)


def test_ftm_loads_with_followthemoney_and_no_entity_is_invalid(real_build, tmp_path):
    from followthemoney import model

    target = tmp_path / "mineralgraph.ftm.jsonl"
    proc = run_cli("export", "--format", "ftm", "-o", str(target), "--store",
                   str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    proxies = [model.get_proxy(json.loads(line), cleaned=False)
               for line in target.read_text(encoding="utf-8").splitlines()]
    invalid = [(p.id, prop.name, value) for p in proxies for prop, value in p.itervalues()
               if prop.type.clean(value, proxy=p) is None]
    assert invalid == []
    ids = {p.id for p in proxies}
    dangling = [(p.id, v) for p in proxies for prop, v in p.itervalues()
                if prop.type.name == "entity" and v not in ids]
    assert dangling == []
    by_id = {p.id: p for p in proxies}
    schemata = {p.schema.name for p in proxies}
    assert {"Company", "PublicBody", "Person", "Ownership", "Directorship", "Project",
            "ProjectParticipant", "Membership"} <= schemata
    assert by_id["us-exim"].schema.name == "PublicBody"
    # a letter of interest is no debt: EXIM takes part in the project, as stated, with terms
    exim = by_id["us-exim-finances-northern-katpar-upper-kairakty-project"]
    assert exim.schema.name == "ProjectParticipant"
    assert exim.get("status") == ["letter-of-interest"]
    assert "up-to 900000000 USD, letter of interest" in exim.get("summary")
    owned = [p for p in proxies if p.schema.name == "Ownership" and p.get("percentage")]
    assert owned and all(p.get("sourceUrl") or p.get("publisher") for p in proxies
                         if p.schema.name == "Ownership")


def test_jsonld_holds_the_data_graph_with_a_context(real_build, tmp_path):
    import rdflib

    target = tmp_path / "dataset.jsonld"
    proc = run_cli("export", "--format", "jsonld", "-o", str(target), "--store",
                   str(real_build.store_dir))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["@context"]["mg"] == "https://w3id.org/mineralgraph/ontology#"
    assert any(n.get("mg:recordId") == "us-exim" for n in doc["@graph"])
    g = rdflib.Graph().parse(target, format="json-ld")
    nq = rdflib.Dataset().parse(real_build.out_dir / "dataset.nq", format="nquads")
    data = next(c for c in nq.graphs() if len(c) and "ontology" not in str(c.identifier))
    assert len(g) == len(data)


def test_kumu_elements_carry_description_and_names(real_build, real_dataset, tmp_path):
    """Kumu shows Description, Type and Country to readers: the entity's description and the
    names of its kind and country, never a slug or an IRI (#21)."""
    import csv

    proc = run_cli("export", "--format", "csv", "-o", str(tmp_path / "kumu"), "--store",
                   str(real_build.store_dir), "--measures", "degree", "--as-of", "all")
    assert proc.returncode == 0, proc.stderr
    rows = {r["ID"]: r for r in csv.DictReader(
        (tmp_path / "kumu-elements.csv").open(encoding="utf-8"))}
    exim = rows["us-exim"]
    record = real_dataset.get("us-exim")
    assert exim["Description"] == record.description
    assert exim["Type"] == "Financial institution" and exim["Country"] == "United States"
    assert exim["IRI"].endswith("/id/org/us-exim")
    described = [r for r in rows.values() if r["Description"]]
    assert len(described) > len(rows) / 2
    assert not any(r["Description"].startswith("https://") for r in rows.values())
    assert not any(r["Country"] and r["Country"] == r["Country"].lower() for r in rows.values())
