"""Naming entities: record ids, labels and aliases, ambiguity, and the fast id lookup."""

from __future__ import annotations

import pytest

from mineralgraph.build import build
from mineralgraph.errors import NotFoundError
from mineralgraph.load import load_dataset
from mineralgraph.query import run_query
from mineralgraph.resolve import EntityIndex, by_record_id, resolve_entity
from mineralgraph.store import EmbeddedStore

MINI = "tests/fixtures/mini/mini.yaml"
# two more actors: one called "Acme" like Acme Mining's alias, one whose alias is the
# record id of another actor
EXTRA = """
  - id: acme-trading
    kind: company
    label: Acme
    evidence: [{source: test-source, quote: "Acme Mining is a company"}]
  - id: hill-holdings
    kind: company
    label: Hill Holdings
    aliases: ["acme-mining"]
    evidence: [{source: test-source, quote: "Acme Mining is a company"}]
"""

@pytest.fixture(scope="module")
def crowded_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crowded")
    text = open(MINI, encoding="utf-8").read()
    text = text.replace("sites:\n", EXTRA.lstrip("\n") + "sites:\n", 1)
    (folder / "mini.yaml").write_text(text, encoding="utf-8")
    out = build(load_dataset(folder), folder / "out")
    return EmbeddedStore(out.store_dir, memory=False)

def test_a_shared_name_is_ambiguous_and_names_both_ids(crowded_store):
    with pytest.raises(NotFoundError) as err:
        resolve_entity(crowded_store, "acme")
    assert "ambiguous" in str(err.value)
    assert "acme-mining (company" in str(err.value)
    assert "acme-trading (company" in str(err.value)

def test_the_record_id_the_error_suggests_always_resolves(crowded_store):
    # "acme-mining" is also an alias of Hill Holdings: the id wins, on both paths
    assert resolve_entity(crowded_store, "acme-mining").label == "Acme Mining"
    assert EntityIndex(crowded_store).resolve("acme-mining").label == "Acme Mining"
    assert by_record_id(crowded_store, "acme-mining").slug == "acme-mining"

def test_id_lookup_respects_kinds_and_leaves_names_to_the_index(crowded_store):
    assert by_record_id(crowded_store, "acme-mining", kinds={"state"}) is None
    assert by_record_id(crowded_store, "Acme Mining") is None  # not an id: the index decides
    assert by_record_id(crowded_store, "no-such-thing") is None
    assert resolve_entity(crowded_store, "Hill Holdings").slug == "hill-holdings"
    with pytest.raises(NotFoundError, match="closest: .*acme-mining"):
        resolve_entity(crowded_store, "Acme Minning")

def test_index_is_read_once_per_embedded_store(real_store):
    assert EntityIndex.of(real_store) is EntityIndex.of(real_store)

def test_query_parameters_by_id_label_and_alias_agree(real_store):
    by_id = run_query("risks", params={"entity": "bakuta"}, store=real_store).bindings
    by_label = run_query("risks", params={"entity": "Bakuta"}, store=real_store).bindings
    by_alias = run_query("risks", params={"entity": "Boguty"}, store=real_store).bindings
    assert by_id and by_id == by_label == by_alias


# -- names people type (issue 17): acronyms, short forms, partial names, suggestions -------

@pytest.mark.parametrize("typed, slug", [
    ("EXIM", "us-exim"), ("exim", "us-exim"), ("Exim", "us-exim"),
    ("DFC", "us-dfc"), ("dfc", "us-dfc"), ("MSP", "minerals-security-partnership"),
    ("tau ken samruk", "tau-ken-samruk"), ("TAU-KEN SAMRUK", "tau-ken-samruk"),
    ("Tau-Ken", "tau-ken-samruk"), ("jiangxi copper", "jiangxi-copper"),
    ("Severniy Katpar", "severniy-katpar-llp"),
])
def test_names_people_type_resolve(real_store, typed, slug):
    assert resolve_entity(real_store, typed).slug == slug

@pytest.mark.parametrize("typed", ["Cove", "Katpar"])
def test_a_partial_name_of_several_entities_lists_them_and_picks_none(real_store, typed):
    with pytest.raises(NotFoundError) as err:
        resolve_entity(real_store, typed)
    message = str(err.value)
    assert "ambiguous" in message
    assert message.count("(") >= 2  # at least two candidates, each with its kind

def test_unknown_names_get_ranked_suggestions_with_kind_and_country(real_store):
    with pytest.raises(NotFoundError) as err:
        resolve_entity(real_store, "Jiangxi Coper")
    closest = str(err.value).split("closest: ", 1)[1]
    # best first, each with its kind and country (Jiangxi Copper is state-owned, in China)
    assert closest.startswith("jiangxi-copper (state-owned-enterprise, China)"), closest

def test_paths_from_acronyms_on_the_command_line(real_build):
    from conftest import run_cli

    for typed in ("EXIM", "exim", "DFC", "tau ken samruk", "jiangxi copper"):
        proc = run_cli("paths", typed, "Northern Katpar", "--store", str(real_build.store_dir))
        assert proc.returncode in (0, 1), proc.stderr  # 1: resolved, but no path
        assert "no entity" not in proc.stderr and "ambiguous" not in proc.stderr, proc.stderr
