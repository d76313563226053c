"""Fixtures shared by the network tests: the explicit network fixture, built once per module
that imports them (it is tiny)."""

from __future__ import annotations

from pathlib import Path

import pytest

NETWORK = Path(__file__).resolve().parent / "fixtures" / "network"


@pytest.fixture(scope="session")
def net_build(tmp_path_factory):
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    return build(load_dataset(NETWORK), tmp_path_factory.mktemp("network-out"))


@pytest.fixture(scope="session")
def net_store(net_build):
    from mineralgraph.store import EmbeddedStore

    return EmbeddedStore(net_build.store_dir)


@pytest.fixture(scope="session")
def net_graph(net_store):
    """The fixture projected on a fixed date, after every dated relation in it."""
    from mineralgraph.network import project

    return project(net_store, as_of="2026-06-30")


@pytest.fixture(scope="session")
def real_graph(real_store):
    from mineralgraph.network import project

    return project(real_store, as_of="2026-06-30")
