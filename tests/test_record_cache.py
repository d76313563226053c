"""The record cache: a rebuild reads only the files that changed, and never serves stale or
broken records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mineralgraph import load
from mineralgraph.build import build
from mineralgraph.errors import DataError
from mineralgraph.load import load_dataset

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("MINERALGRAPH_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


def _count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = load._parse

    def spy(path, shown):
        parsed.append(Path(path).name)
        return real(path, shown)

    monkeypatch.setattr(load, "_parse", spy)
    return parsed


def test_unchanged_files_are_not_parsed_again(data, monkeypatch):
    first = load_dataset(data)
    parsed = _count_parses(monkeypatch)
    again = load_dataset(data)
    assert parsed == []
    assert [loc.record for loc in again.items] == [loc.record for loc in first.items]
    assert [(loc.file, loc.line) for loc in again.items] == \
           [(loc.file, loc.line) for loc in first.items]


def test_an_edited_file_is_read_again(data, monkeypatch):
    load_dataset(data)
    [yaml_file] = sorted(data.glob("*.yaml"))[:1]
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("label: Acme Mining", "label: Acme Mining Corp", 1),
                         encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    ds = load_dataset(data)
    assert parsed == [yaml_file.name]
    assert ds.get("acme-mining").label == "Acme Mining Corp"


def test_a_broken_file_is_reported_every_time(data):
    bad = data / "zz-bad.yaml"
    bad.write_text("actors:\n  - id: Not A Slug\n    kind: company\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="zz-bad.yaml"):
            load_dataset(data)


def test_cache_off_and_unwritable_cache_still_load(data, monkeypatch, tmp_path):
    monkeypatch.setenv("MINERALGRAPH_CACHE", "off")
    parsed = _count_parses(monkeypatch)
    load_dataset(data)
    load_dataset(data)
    assert len(parsed) == 2 * len(list(data.glob("*.yaml")))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("MINERALGRAPH_CACHE", str(blocker))
    assert len(load_dataset(data)) > 0


def test_builds_from_cache_are_byte_identical(data, tmp_path):
    cold = build(load_dataset(data), tmp_path / "cold")
    warm = build(load_dataset(data), tmp_path / "warm")
    for name in ("dataset.nq", "dataset.trig"):
        assert (cold.out_dir / name).read_bytes() == (warm.out_dir / name).read_bytes()


def test_the_cache_folder_stays_bounded_and_keeps_what_is_used(data, monkeypatch, tmp_path):
    """Stale entries (old code versions, copies of the data in temporary folders) are removed,
    least recently used first; the entries the last load used survive and are reused."""
    import os
    import time

    from mineralgraph import record_cache

    folder = tmp_path / "cache" / "records"
    folder.mkdir(parents=True)
    old = time.time() - 86400
    for n in range(50):  # 50 stale entries a day old
        stale = folder / f"stale-{n:03d}.pickle"
        stale.write_bytes(b"x" * 100)
        os.utime(stale, (old + n, old + n))
    monkeypatch.setattr(record_cache, "MAX_ENTRIES", 10)
    monkeypatch.setattr(record_cache, "_pruned", set())
    load_dataset(data)  # writes the data set's entries, then prunes
    files = len(list(data.glob("*.yaml")))
    assert 0 < files < 10
    left = sorted(p.name for p in folder.glob("*.pickle"))
    ours = [name for name in left if not name.startswith("stale-")]
    assert len(left) == 10 and len(ours) == files  # only the oldest stale ones went
    assert sorted(left)[-(10 - files):] == [f"stale-{n:03d}.pickle" for n in range(40 + files, 50)]
    parsed = _count_parses(monkeypatch)
    load_dataset(data)
    assert parsed == []  # what the last load wrote is reused, not re-read


def test_prune_removes_oldest_first(tmp_path):
    import os

    from mineralgraph.record_cache import prune

    for n in range(6):
        entry = tmp_path / f"e{n}.pickle"
        entry.write_bytes(b"x" * 10)
        os.utime(entry, (1000 + n, 1000 + n))
    assert prune(tmp_path, max_entries=4) == 2
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == ["e2.pickle", "e3.pickle",
                                                                 "e4.pickle", "e5.pickle"]
    assert prune(tmp_path, max_entries=10, max_bytes=25) == 2  # by size too
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == ["e4.pickle", "e5.pickle"]
