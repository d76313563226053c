"""Quote verification: quotes are checked against source snapshots (the local cache and the
public-domain folder), misses name file:line and record, unchecked quotes are counted apart,
and the seed article's quotes verify against its text when that text is present."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from mineralgraph.load import load_dataset
from mineralgraph.quotes import normalise, quote_in, verify_quotes
from mineralgraph.snapshots import sha256_file, snapshot_bytes

SEED_ID = "fastmarkets-2026-01-central-asia-tungsten"
SEED_NAME = "fastmarkets-central-asia-tungsten-2026-01.txt"


def seed_text() -> Path | None:
    """The seed article's text beside the clone (CI: <clone>/../shared/sources/)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "sources" / SEED_NAME
        if path.is_file():
            return path
    return None


def test_normalise_makes_typographic_quotes_and_spaces_plain():
    assert normalise("“It’s\u00a0 here”\n") == '"It\'s here"'
    text = normalise("The bank said: “we will lend\nup to $900 million” to the project.")
    assert quote_in("we will lend up to $900 million", text)
    assert quote_in("“we will lend up to $900 million”", text)
    assert quote_in("The bank said … to the project", text)  # an ellipsis marks an omission
    assert not quote_in("The bank said … will lend to", text.replace("lend", "l-end"))
    assert not quote_in("up to $9 billion", text)


def _mini(tmp_path: Path, quote: str, *, sha: str | None = None) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "snapshots").mkdir()
    text = "Acme Mining said it will build the Foo mine in 2027. Nothing else was said.\n"
    (data / "snapshots" / "acme-release.txt").write_bytes(snapshot_bytes(text))
    digest = sha or sha256_file(data / "snapshots" / "acme-release.txt")
    (data / "d.yaml").write_text(f"""sources:
  - id: acme-release
    kind: press-release
    label: Acme release
    publisher: Acme
    sha256: "{digest}"
  - id: other-page
    kind: web-page
    label: Other page
    publisher: Other
actors:
  - id: acme-mining
    kind: company
    label: Acme Mining
    evidence:
      - source: acme-release
        quote: "Acme Mining said it will build the Foo mine"
      - source: other-page
        quote: "a page we hold no copy of"
  - id: foo-corp
    kind: company
    label: Foo Corp
    evidence:
      - source: acme-release
        quote: "{quote}"
""", encoding="utf-8")
    return data


def test_a_quote_missing_from_its_snapshot_is_reported_with_file_line_and_record(tmp_path):
    data = _mini(tmp_path, "Foo Corp will finance everything")
    report = verify_quotes(load_dataset(data), data)
    assert report.verified == 1 and report.unchecked == 1 and len(report.failures) == 1
    miss = report.failures[0]
    assert miss.record == "foo-corp" and miss.file.endswith("d.yaml")
    lines = (data / "d.yaml").read_text().splitlines()
    assert "Foo Corp will finance everything" in lines[miss.line - 1]
    proc = run_cli("validate", "--data", str(data))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"d\.yaml:\d+: record 'foo-corp' quote not found", proc.stderr)
    assert "1 not found, 1 not checkable (no snapshot of 1 source(s))" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_whitespace_and_typographic_quotes_do_not_fail_a_quote(tmp_path):
    data = _mini(tmp_path, "said it will   build the Foo mine in 2027")
    report = verify_quotes(load_dataset(data), data)
    assert report.failures == [] and report.verified == 2


def test_a_snapshot_that_is_not_the_cited_text_is_refused(tmp_path):
    data = _mini(tmp_path, "Nothing else was said", sha="0" * 64)
    report = verify_quotes(load_dataset(data), data)
    assert len(report.failures) == 1 and "not the record's sha256" in report.failures[0].message
    assert report.verified == 0  # its quotes are not checked against the wrong text


def test_the_local_cache_moves_with_the_environment_variable(tmp_path, monkeypatch):
    data = _mini(tmp_path, "Nothing else was said")
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.move(str(data / "snapshots" / "acme-release.txt"), cache / "acme-release.txt")
    assert verify_quotes(load_dataset(data), data).verified == 0
    monkeypatch.setenv("MINERALGRAPH_SOURCE_CACHE", str(cache))
    assert verify_quotes(load_dataset(data), data).verified == 2


def test_sources_add_refuses_a_different_text_for_a_recorded_source(tmp_path):
    data = _mini(tmp_path, "Nothing else was said")
    other = tmp_path / "other.txt"
    other.write_text("A different version of the release, with other words.\n")
    proc = run_cli("sources", "add", str(other), "--source-id", "acme-release", "--data",
                   str(data), env={"MINERALGRAPH_SOURCE_CACHE": str(tmp_path / "cache")})
    assert proc.returncode != 0 and "is not the same text" in proc.stderr
    assert not (tmp_path / "cache" / "acme-release.txt").exists()


def test_real_data_quotes_are_counted_and_none_fails(real_dataset, tmp_path, monkeypatch):
    """Without any snapshot every quote is unchecked, and none is called a failure."""
    monkeypatch.setenv("MINERALGRAPH_SOURCE_CACHE", str(tmp_path))
    report = verify_quotes(real_dataset, ROOT / "data")
    assert report.failures == []
    assert report.total + report.paraphrases == sum(len(r.evidence) for r in real_dataset.records()
                               if hasattr(r, "evidence"))


@pytest.mark.skipif(seed_text() is None, reason="the seed article's text (copyrighted, not in "
                    "the repository) is not beside this clone in ../shared/sources/")
def test_every_seed_article_quote_is_in_the_seed_article(tmp_path):
    cache = tmp_path / "cache"
    env = {"MINERALGRAPH_SOURCE_CACHE": str(cache)}
    proc = run_cli("sources", "add", str(seed_text()), "--source-id", SEED_ID, env=env)
    assert proc.returncode == 0 and "sha256 matches the source record" in proc.stdout, proc.stderr
    proc = run_cli("validate", env=env)
    assert proc.returncode == 0, proc.stderr
    found = re.search(r"quotes: ([\d,]+) of ([\d,]+) verified .* (\d+) not found", proc.stdout)
    assert found, proc.stdout
    verified = int(found.group(1).replace(",", ""))
    seed_quotes = sum(1 for r in load_dataset().records() for ev in getattr(r, "evidence", [])
                      if ev.source == SEED_ID)
    assert verified >= seed_quotes and found.group(3) == "0"
