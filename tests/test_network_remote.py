"""The projection over a real SPARQL endpoint (an Oxigraph server over HTTP) equals the
projection from the embedded store: the network commands work with --endpoint too."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mineralgraph.network import project
from mineralgraph.network.concentration import concentration
from mineralgraph.store import RemoteStore

from network_data import net_build, net_store  # noqa: F401

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture(scope="module")
def net_endpoint(net_build, tmp_path_factory):
    """``oxigraph serve-read-only`` over the network fixture's store, on a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path_factory.mktemp("oxigraph") / "server.log").open("w")
    server = subprocess.Popen(
        [str(OXIGRAPH), "serve-read-only", "--location", str(net_build.store_dir),
         "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.post(url, data={"query": "ASK {}"}, timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    store = RemoteStore(url)
    yield store
    store.close()
    server.terminate()
    server.wait(10)
    log.close()


def test_projection_over_http_equals_embedded(net_endpoint, net_store):
    remote = project(net_endpoint, as_of="2026-06-30")
    local = project(net_store, as_of="2026-06-30")
    assert list(remote.nodes(data=True)) == list(local.nodes(data=True))
    assert list(remote.edges(keys=True, data=True)) == list(local.edges(keys=True, data=True))
    assert remote.graph == local.graph


def test_concentration_over_http_equals_embedded(net_endpoint, net_store):
    assert concentration(net_endpoint) == concentration(net_store)
