"""A build never destroys what it did not make, cleans up after killed builds, refuses a second
build into the same folder while one runs, and says "disk full" (issue #18 item 9)."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, ROOT, run_cli
from mineralgraph.outdir import MARKER


def _build(out: Path, data: Path = MINI):
    return run_cli("build", "--data", str(data), "--out", str(out))


def _refused(proc, *fragments: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    for fragment in fragments:
        assert fragment in " ".join(proc.stderr.split()), proc.stderr


def test_a_store_the_build_did_not_make_is_left_alone(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "thesis.txt").write_text("three years of work")
    proc = _build(tmp_path)
    _refused(proc, "already holds store, which mineralgraph did not build",
             "choose another --out folder")
    assert (tmp_path / "store" / "thesis.txt").read_text() == "three years of work"
    assert not (tmp_path / "dataset.nq").exists()


def test_a_foreign_dataset_file_is_left_alone(tmp_path):
    (tmp_path / "dataset.nq").write_text("my own triples\n")
    _refused(_build(tmp_path), "already holds dataset.nq")
    assert (tmp_path / "dataset.nq").read_text() == "my own triples\n"


def test_a_build_replaces_its_own_output_and_marks_it(tmp_path):
    assert _build(tmp_path).returncode == 0
    assert (tmp_path / MARKER).is_file()
    assert _build(tmp_path).returncode == 0


def test_a_build_from_before_the_marker_is_recognised(tmp_path):
    assert _build(tmp_path).returncode == 0
    (tmp_path / MARKER).unlink()  # as an older mineralgraph left it
    proc = _build(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / MARKER).is_file()


def test_the_leftovers_of_a_killed_build_are_removed(tmp_path):
    """Kill a real build (the shipped data set) while it writes, then build again."""
    out = tmp_path / "out"
    assert _build(out).returncode == 0
    before = (out / "dataset.nq").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "mineralgraph", "build", "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".build-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = list(out.glob(".build-*"))
    assert left, "the build was killed while it wrote its temporary folder"
    assert (out / "dataset.nq").read_bytes() == before, "the previous output is intact"
    assert _build(out).returncode == 0
    assert list(out.glob(".build-*")) == [] and not (out / "store.old").exists()


def test_a_second_build_into_a_locked_folder_stops_with_a_message(tmp_path):
    assert _build(tmp_path).returncode == 0
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
        _refused(_build(tmp_path), "another build is writing to", "wait for it to finish")
    finally:
        os.close(fd)
    assert _build(tmp_path).returncode == 0


def test_builds_started_together_never_race(tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "mineralgraph", "build", "--data",
                               str(MINI), "--out", str(out)], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert "Traceback" not in err, err
        assert code == 0 or "another build is writing to" in err, err
    proc = run_cli("query", "--text", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                   "-f", "csv", "--store", str(out / "store"))
    assert proc.returncode == 0 and int(proc.stdout.split()[1]) > 100


def test_disk_full_is_said_and_the_previous_output_kept(tmp_path, monkeypatch, mini_dataset):
    """ENOSPC injected into the build's first write (the tmpfs test below fills a real disk)."""
    from mineralgraph import build as build_module
    from mineralgraph.errors import MineralgraphError

    build_module.build(mini_dataset, tmp_path)
    before = (tmp_path / "dataset.nq").read_bytes()

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", full)
    monkeypatch.setattr(Path, "write_bytes", full)  # the dataset files, while the store loads
    with pytest.raises(MineralgraphError, match="disk full while writing"):
        build_module.build(mini_dataset, tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "dataset.nq").read_bytes() == before
    assert list(tmp_path.glob(".build-*")) == []


def test_a_store_load_that_fails_is_said_and_the_previous_output_kept(tmp_path, monkeypatch,
                                                                      mini_dataset):
    """The store is loaded in a thread beside the file writing: its error reaches the user."""
    import pyoxigraph

    from mineralgraph import build as build_module
    from mineralgraph.errors import MineralgraphError

    build_module.build(mini_dataset, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    class FullStore:  # whether the rebuild loads a new store or updates a copy of the old one
        __init__ = read_only = staticmethod(full)

    monkeypatch.setattr(pyoxigraph, "Store", FullStore)
    with pytest.raises(MineralgraphError, match="disk full while writing"):
        build_module.build(mini_dataset, tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert list(tmp_path.glob(".build-*")) == []
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) > 0


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (root only: mounting needs CAP_SYS_ADMIN)."""
    mount = tmp_path / "small"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); the ENOSPC "
                    "injection test covers the message")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_says_disk_full(small_disk):
    proc = run_cli("build", "--out", str(small_disk / "out"))  # the shipped data: > 3 MB
    _refused(proc, "disk full while writing")
    assert list((small_disk / "out").glob(".build-*")) == []
