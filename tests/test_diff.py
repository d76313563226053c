"""`mineralgraph diff`: crafted pairs of versions (a relation added, one removed, an amount
changed, a status changed), data folders and builds in any mix, two dates on one graph, the
four output formats, and bad input refused without a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mineralgraph.diff.versions import diff_versions

from conftest import MINI, run_cli

GOOD = (MINI / "mini.yaml").read_text()
ADDED = """
relations:
  - id: acme-offtake-state-bank
    kind: finances
    subject: state-bank
    object: acme-mining
    status: signed
    amount: 50000000
    currency: USD
    start: 2026-02
    evidence: [{source: test-source, quote: "a $50 million loan to Acme"}]
"""


def _folder(root: Path, name: str, text: str, extra: str | None = None) -> Path:
    d = root / name
    d.mkdir()
    (d / "mini.yaml").write_text(text)
    if extra:
        (d / "extra.yaml").write_text(extra)
    return d


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("diff")
    old = _folder(root, "old", GOOD)
    changed = (GOOD.replace("amount: 900000000", "amount: 1200000000")
               .replace("role: chief executive officer\n    status: active",
                        "role: chief executive officer\n    status: historical\n    end: 2026-01"))
    removed_start = changed.index("  - id: acme-owns-big-hill")
    removed_end = changed.index("  - id: state-bank-finances-big-hill")
    new = _folder(root, "new", changed[:removed_start] + changed[removed_end:], ADDED)
    assert changed != GOOD and "acme-owns-big-hill" not in (new / "mini.yaml").read_text()
    return old, new


def _by(changes, change, record, field=""):
    found = [c for c in changes if (c.change, c.record, c.field) == (change, record, field)]
    assert len(found) == 1, (change, record, field, changes)
    return found[0]


def test_crafted_pair_of_data_folders(pair):
    changes = diff_versions(*pair)
    added = _by(changes, "added", "acme-offtake-state-bank")
    assert added.what == "state-bank finances acme-mining" and added.sources == ("test-source",)
    removed = _by(changes, "removed", "acme-owns-big-hill")
    assert removed.what == "acme-mining owns big-hill"
    amount = _by(changes, "changed", "state-bank-finances-big-hill", "amount")
    assert (amount.old, amount.new) == ("900000000", "1200000000")
    assert amount.sources == ("test-source",)
    status = _by(changes, "changed", "jane-doe-ceo", "status")
    assert (status.old, status.new) == ("active", "historical")
    end = _by(changes, "changed", "jane-doe-ceo", "endDate")
    assert (end.old, end.new) == ("", "2026-01")
    # the evidence of the added record is part of it, not a change of its own
    assert {c.record for c in changes} == {"acme-offtake-state-bank", "acme-owns-big-hill",
                                           "state-bank-finances-big-hill", "jane-doe-ceo"}


def test_builds_and_folders_mix_and_agree(pair, tmp_path):
    old, new = pair
    proc = run_cli("build", "--data", str(old), "--out", str(tmp_path / "old-build"))
    assert proc.returncode == 0, proc.stderr
    assert diff_versions(tmp_path / "old-build", new) == diff_versions(old, new)
    assert diff_versions(tmp_path / "old-build", old) == []


def test_cli_formats(pair):
    old, new = map(str, pair)
    as_json = json.loads(run_cli("diff", old, new, "--format", "json").stdout)
    assert {c["change"] for c in as_json["changes"]} == {"added", "removed", "changed"}
    rows = list(csv.DictReader(io.StringIO(run_cli("diff", old, new, "-f", "csv").stdout)))
    assert any(r["field"] == "amount" and r["new"] == "1200000000" for r in rows)
    md = run_cli("diff", old, new, "-f", "md").stdout
    assert md.startswith("# Changes from") and "| changed | jane-doe-ceo |" in md
    table = run_cli("diff", old, new)
    assert table.returncode == 0 and "acme-owns-big-hill" in table.stdout
    assert "5 change(s)" in table.stdout


def test_two_dates_on_one_graph(pair, tmp_path):
    _, new = pair
    out = tmp_path / "build"
    assert run_cli("build", "--data", str(new), "--out", str(out)).returncode == 0
    proc = run_cli("diff", "--as-of", "2025-06", "--to", "2026-03", "--store",
                   str(out / "store"), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    rows = {(c["change"], c["record"]): c for c in json.loads(proc.stdout)["changes"]}
    started = rows[("started", "state-bank-finances-big-hill")]
    assert "letter-of-interest" in started["new"] and started["sources"] == ["test-source"]
    assert ("started", "acme-offtake-state-bank") in rows
    assert rows[("ended", "jane-doe-ceo")]["new"] == "ended 2026-01"
    later = run_cli("diff", "--as-of", "2026-02", "--to", "2026-03", "--store",
                    str(out / "store"), "-f", "json")
    assert ("started", "state-bank-finances-big-hill") not in {
        (c["change"], c["record"]) for c in json.loads(later.stdout)["changes"]}


@pytest.mark.parametrize("args,fragment", [
    (["diff", "tests", "nowhere-at-all"], "nowhere-at-all: no such file or folder"),
    (["diff", "src", "tests/fixtures/mini"], "src: is neither a data folder"),
    (["diff", "tests/fixtures/mini"], "give two versions"),
    (["diff", "--as-of", "2025-02-30", "--to", "2026"], "is not a date"),
    (["diff", "--as-of", "2026", "--to", "2025"], "--to 2025 is before --as-of 2026"),
    (["diff", "--as-of", "2025"], "give two versions"),
    (["diff", "a", "b", "-f", "xlsx"], "unknown --format 'xlsx'"),
])
def test_bad_input_is_one_clear_line(args, fragment, real_build):
    if "--as-of" in args:
        args = [*args, "--store", str(real_build.store_dir)]
    proc = run_cli(*args)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert fragment in proc.stderr, proc.stderr
