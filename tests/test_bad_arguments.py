"""Bad arguments to every command that reads them: one clear message, no traceback, a
non-zero exit, and no output file left behind.

Entity and query names that do not exist get suggestions; parameter types, formats and
dates are checked; an unreachable endpoint fails fast; a missing store says to build first;
an output folder that cannot be written is reported.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from conftest import run_cli

# Root ignores folder permissions, but nobody can create files in /proc.
UNWRITABLE_ROOT = Path("/proc")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the block ends: nothing listens there


def assert_refused(proc, *fragments: str, out: Path | None = None) -> None:
    """Exit ≠ 0, an ``error:`` (or usage) message naming the problem, no traceback."""
    text = proc.stderr + proc.stdout
    assert proc.returncode != 0, text
    assert "Traceback" not in text, text
    for fragment in fragments:
        assert fragment in " ".join(proc.stderr.split()), (fragment, proc.stderr)
    if proc.stderr.startswith("error:"):
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    if out is not None:
        assert not out.exists(), f"{out} was left behind"
        left = [p for p in out.parent.iterdir()] if out.parent.is_dir() else []
        assert not [p for p in left if p.name.startswith("." + out.name)], left


@pytest.fixture(scope="module")
def store(real_build) -> tuple[str, str]:
    return ("--store", str(real_build.store_dir))


@pytest.fixture
def unwritable(tmp_path) -> Path:
    """A folder that exists but cannot be written (chmod for users, /proc for root)."""
    if os.geteuid() == 0:
        return UNWRITABLE_ROOT
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


ENTITY_CASES = {
    "query param": ("query", "financiers", "--param", "project=Nothern Katpar"),
    "paths source": ("paths", "Nothern Katpar", "us-exim"),
    "paths target": ("paths", "us-exim", "Nothern Katpar"),
    "explore focus": ("explore", "--focus", "Nothern Katpar", "-o", "{tmp}/e.html"),
    "brief focus": ("brief", "--focus", "Nothern Katpar", "-o", "{tmp}/brief"),
}


@pytest.mark.parametrize("case", sorted(ENTITY_CASES))
def test_unknown_entity_names_get_suggestions(case, store, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in ENTITY_CASES[case]]
    proc = run_cli(*args, *store)
    assert_refused(proc, "Nothern Katpar", "northern-katpar")
    assert not list(tmp_path.iterdir()), "nothing written for a refused command"


def test_unknown_query_names_get_suggestions(store):
    assert_refused(run_cli("query", "financer", *store), "no named query 'financer'",
                   "closest: financiers")
    assert_refused(run_cli("queries", "finacniers"), "closest: financiers")
    assert_refused(run_cli("query", "no-such-thing-at-all", *store), "mineralgraph queries")


@pytest.mark.parametrize("param, fragment", [
    ("hops=abc", "abc"), ("hops=2.5", "2.5"), ("nope=1", "no parameter 'nope'"),
    ("hops", "name=value"), ("=3", "name=value")])
def test_bad_parameters(param, fragment, store):
    proc = run_cli("query", "neighbourhood", "--param", param, *store)
    assert_refused(proc, fragment)


def test_a_parameter_given_twice(store):
    assert_refused(run_cli("query", "neighbourhood", "-p", "hops=1", "-p", "hops=2", *store),
                   "given twice")


@pytest.mark.parametrize("args", [
    ("query", "financiers", "--format", "xml"), ("rank", "--format", "xml"),
    ("blocs", "--format", "xml"), ("offtake", "--format", "xml"),
    ("concentration", "--format", "xml"), ("export", "--format", "xml", "-o", "{tmp}/g.xml"),
    ("brief", "--focus", "northern-katpar", "--format", "xml", "-o", "{tmp}/b")])
def test_unknown_formats(args, store, tmp_path):
    proc = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args], *store)
    assert_refused(proc, "xml")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", [
    ("rank",), ("blocs",), ("offtake",), ("export", "-o", "{tmp}/g.graphml"),
    ("explore", "-o", "{tmp}/e.html"), ("paths", "us-exim", "northern-katpar"),
    ("brief", "--focus", "northern-katpar", "-o", "{tmp}/b")])
def test_bad_as_of_dates(command, store, tmp_path):
    proc = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in command],
                   "--as-of", "2024-13-45", *store)
    assert_refused(proc, "2024-13-45")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("date", ["yesterday", "20245", "2024-02-30", "2024-00", "2024-1",
                                  "2024-06-1", "24"])
def test_more_bad_dates(date, store):
    assert_refused(run_cli("rank", "--as-of", date, *store), date)


ENDPOINT_COMMANDS = [("query", "financiers"), ("rank",), ("blocs",), ("offtake",),
                     ("concentration",), ("paths", "us-exim", "northern-katpar"),
                     ("export", "-o", "{tmp}/g.graphml"), ("explore", "-o", "{tmp}/e.html"),
                     ("brief", "--focus", "northern-katpar", "-o", "{tmp}/b")]


@pytest.mark.parametrize("command", ENDPOINT_COMMANDS, ids=lambda c: c[0])
def test_unreachable_endpoint_fails_fast(command, tmp_path):
    endpoint = f"http://127.0.0.1:{_closed_port()}/query"
    started = time.monotonic()
    proc = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in command],
                   "--endpoint", endpoint, timeout=60)
    took = time.monotonic() - started
    assert_refused(proc, "cannot reach", endpoint)
    assert took < 15, f"{took:.1f} s to report an unreachable endpoint"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/query", "file:///etc/passwd",
                                 "127.0.0.1:7878/query", "http//missing-colon"])
def test_non_http_endpoints(url):
    assert_refused(run_cli("query", "financiers", "--endpoint", url),
                   "endpoint must be an http(s) URL")


@pytest.mark.parametrize("command", ENDPOINT_COMMANDS, ids=lambda c: c[0])
def test_missing_store_says_build_first(command, tmp_path):
    missing = tmp_path / "never-built" / "store"
    proc = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in command],
                   "--store", str(missing))
    assert_refused(proc, "mineralgraph build")
    assert [p.name for p in tmp_path.iterdir()] == []


OUTPUT_CASES = {
    "explore": ("explore", "-o", "{dir}/explorer.html"),
    "brief": ("brief", "--focus", "northern-katpar", "-f", "md", "-o", "{dir}"),
    "brief new subfolder": ("brief", "--focus", "northern-katpar", "-f", "md",
                            "-o", "{dir}/brief"),
    "export graphml": ("export", "-o", "{dir}/g.graphml"),
    "export csv": ("export", "-f", "csv", "-o", "{dir}/g.csv"),
    "query csv": ("query", "financiers", "-f", "csv", "-o", "{dir}/q.csv"),
    "query table": ("query", "financiers", "-o", "{dir}/q.txt"),
}
@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_unwritable_output_folder(case, store, unwritable):
    args = [a.replace("{dir}", str(unwritable)) for a in OUTPUT_CASES[case]]
    before = _entries(unwritable)
    proc = run_cli(*args, *store)
    assert_refused(proc, "cannot write")
    assert _entries(unwritable) == before


def _entries(folder: Path) -> set[str]:
    """A folder's entries, without /proc's process ids (which come and go meanwhile)."""
    return {name for name in os.listdir(folder) if not name.isdigit()}


@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_output_into_a_missing_folder(case, store, tmp_path):
    missing = tmp_path / "no" / "such"
    args = [a.replace("{dir}", str(missing)) for a in OUTPUT_CASES[case]]
    proc = run_cli(*args, *store)
    if case == "brief" or case == "brief new subfolder":
        # a brief creates its folder: that is not an error
        assert proc.returncode == 0, proc.stderr
        return
    assert_refused(proc, str(missing))
    assert not (tmp_path / "no").exists() or not list((tmp_path / "no").iterdir())
