"""Shared fixtures: the real data set, a small explicit one, and builds of each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ARTIFACTS = ROOT / "test-artifacts"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m mineralgraph ARGS`` as a user would, capturing its output."""
    full_env = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mineralgraph", *args], cwd=cwd or ROOT,
                          env=full_env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def real_dataset():
    from mineralgraph.load import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def mini_dataset():
    from mineralgraph.load import load_dataset

    return load_dataset(MINI)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, real_dataset):
    """The real data set built once per session: ``.out_dir``, ``.store_dir``."""
    from mineralgraph.build import build

    return build(real_dataset, tmp_path_factory.mktemp("real-out"))


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory, mini_dataset):
    from mineralgraph.build import build

    return build(mini_dataset, tmp_path_factory.mktemp("mini-out"))


@pytest.fixture(scope="session")
def real_store(real_build):
    from mineralgraph.store import EmbeddedStore

    return EmbeddedStore(real_build.store_dir)


@pytest.fixture(scope="session")
def real_disk_store(real_build):
    """The same build queried on disk (what `mineralgraph query` and `run_query` use)."""
    from mineralgraph.store import EmbeddedStore

    return EmbeddedStore(real_build.store_dir, memory=False)


@pytest.fixture(scope="session")
def mini_store(mini_build):
    from mineralgraph.store import EmbeddedStore

    return EmbeddedStore(mini_build.store_dir)


# The served endpoint (a real `mineralgraph serve` over HTTP) is shared by every test module.
from _server import http_listener, remote_store, served_endpoint  # noqa: E402,F401
