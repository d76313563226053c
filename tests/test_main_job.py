"""The README's main job (`mineralgraph run`): build, explorer and brief in one command."""

import os
import stat

import pytest

from mineralgraph.atomic import write_atomic

from conftest import run_cli


@pytest.fixture(scope="module")
def main_job(tmp_path_factory):
    out = tmp_path_factory.mktemp("main-job") / "out"
    proc = run_cli("run", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_main_job_writes_every_output(main_job):
    out, stdout = main_job
    for name in ("dataset.trig", "dataset.nq", "explorer.html"):
        assert (out / name).stat().st_size > 10_000, name
    assert (out / "store").is_dir()
    briefs = {p.suffix for p in (out / "brief").iterdir() if not p.name.startswith(".")}
    assert {".md", ".html", ".pdf", ".docx", ".png"} <= briefs
    assert (out / "brief" / "brief-kazakhstan-tungsten.pdf").read_bytes().startswith(b"%PDF")
    for word in ("relations", "observations", "explorer:", "brief:"):
        assert word in stdout


def test_outputs_are_readable_by_others(main_job):
    """Atomic writes must not leave mkstemp's private 0600 mode on user-facing files."""
    out, _ = main_job
    for path in [out / "explorer.html", *(out / "brief").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o044, path


def test_atomic_write_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "x.txt", "text")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text() == "text" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
