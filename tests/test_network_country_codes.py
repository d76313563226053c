"""`--country` takes an ISO 3166 code as well as a name (codes from pycountry's ISO data)."""

import pytest

from mineralgraph.errors import NotFoundError
from mineralgraph.network.chains import offtake_chains, resolve_country


@pytest.fixture(scope="module")
def graph(real_store):
    from mineralgraph.network import project

    return project(real_store)


@pytest.mark.parametrize("name, slug", [("KZ", "kazakhstan"), ("kaz", "kazakhstan"),
                                        ("UZ", "uzbekistan"), ("Kazakhstan", "kazakhstan"),
                                        ("US", "united-states")])
def test_codes_and_names_resolve(graph, name, slug):
    assert resolve_country(graph, name) == slug


def test_unknown_code_is_a_clear_error(graph):
    with pytest.raises(NotFoundError, match="no country"):
        resolve_country(graph, "XX")


def test_offtake_by_code_lists_the_cove_project_and_bakuta_gap(graph):
    chains = {c.project: c for c in offtake_chains(graph, commodity="tungsten", country="KZ")}
    assert {"northern-katpar-upper-kairakty-project", "bakuta"} <= set(chains)
    assert all(c.project not in ("sangdong", "k-tungsten-project") for c in chains.values())
