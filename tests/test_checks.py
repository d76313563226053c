"""Sanity checks at load (issue #17 item 7): what they accept as well as what they refuse
(the refusals are also cases of tests/bad_data/), and the warnings ``build`` and ``validate``
print with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI, run_cli
from mineralgraph.checks import CHECKS
from mineralgraph.errors import DataError
from mineralgraph.load import load_dataset

GOOD = (MINI / "mini.yaml").read_text()
OWNS = """
  - id: {id}
    kind: owns
    subject: {subject}
    object: big-hill
    status: {status}
    share_pct: {share}
{extra}    evidence: [{{source: test-source, quote: "a quote"}}]
"""


def _data(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    (folder / "mini.yaml").write_text(GOOD)
    (folder / "extra.yaml").write_text(extra)
    return folder


def _owns(id: str, subject: str, share: int, status: str = "active", **dates: str) -> str:
    extra = "".join(f"    {k}: {v}\n" for k, v in dates.items())
    return OWNS.format(id=id, subject=subject, share=share, status=status, extra=extra)


def test_a_sale_is_not_two_owners_at_once(tmp_path):
    # mini: acme-mining owns 70% of big-hill (undated); here the stake is sold and bought.
    text = GOOD.replace("    share_pct: 70\n", "    share_pct: 70\n    end: 2021\n")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mini.yaml").write_text(text)
    (folder / "extra.yaml").write_text("relations:" + _owns("r-buyer", "state-bank", 60,
                                                           start=2022))
    assert len(load_dataset(folder)) > 0


def test_one_holder_reported_twice_is_one_stake(tmp_path):
    extra = "relations:" + _owns("r-again", "acme-mining", 72, as_of="2024-05")
    assert len(load_dataset(_data(tmp_path, extra))) > 0


def test_planned_and_contested_stakes_are_not_summed(tmp_path):
    extra = "relations:" + _owns("r-planned", "state-bank", 60, status="planned") + _owns(
        "r-claim", "state-bank", 60, contests="[acme-owns-big-hill]")
    assert len(load_dataset(_data(tmp_path, extra))) > 0


def test_concurrent_owners_name_every_record(tmp_path):
    extra = "relations:" + _owns("r-second", "state-bank", 20, start=2020) + _owns(
        "r-third", "jane-doe", 20, start="2023-06")
    with pytest.raises(DataError) as err:
        load_dataset(_data(tmp_path, extra))
    (problem,) = err.value.problems
    assert problem.record == "r-third" and problem.file.endswith("extra.yaml")
    assert "sums to 110% (over 100) on 2023-06-01" in problem.message
    for rid in ("acme-owns-big-hill 70%", "r-second 20%", "r-third 20%"):
        assert rid in problem.message
    assert "mini.yaml:43" in problem.message


AGREEMENT = """agreements:
  - id: big-deal
    kind: agreement
    label: Big deal
    date: 2023-05
    evidence: [{source: test-source, quote: "a quote"}]
relations:
  - id: acme-signs-big-deal
    kind: signs
    subject: acme-mining
    object: big-deal
    status: signed
    start: 2021
    evidence: [{source: test-source, quote: "a quote"}]
"""


def test_a_relation_before_its_agreement_is_a_warning(tmp_path):
    ds = load_dataset(_data(tmp_path, AGREEMENT))
    (warning,) = ds.warnings
    assert warning.record == "acme-signs-big-deal" and warning.line == 8
    assert "starts 2021, outside the dates of its object 'big-deal' (2023-05-01 to open" \
        in warning.message


def test_build_and_validate_print_the_warning(tmp_path):
    data = _data(tmp_path, AGREEMENT)
    for args in (["build", "--out", str(tmp_path / "out")], ["validate"]):
        proc = run_cli(*args, "--data", str(data))
        assert proc.returncode == 0, proc.stderr
        assert "warning:" in proc.stderr and "extra.yaml:8: record 'acme-signs-big-deal'" \
            in proc.stderr


def test_a_relation_inside_its_agreement_dates_is_fine(tmp_path):
    ds = load_dataset(_data(tmp_path, AGREEMENT.replace("start: 2021", "start: 2023-05")))
    assert ds.warnings == []


def test_the_real_data_passes_every_check(real_dataset):
    assert real_dataset.warnings == []
    assert {c.name for c in CHECKS} == {"currency", "share-kind", "concurrent-shares",
                                        "dates-outside-entity"}


def test_the_share_kinds_are_the_projections_share_rules():
    """A share is allowed where the projection weighs an edge by it (network.rules)."""
    from mineralgraph.checks import HOLDING_KINDS, SHARE_KINDS
    from mineralgraph.network.rules import PROJECTION

    by_share = {kind for kind, rule in PROJECTION.items() if rule.share}
    assert HOLDING_KINDS == by_share and SHARE_KINDS == by_share | {"acquires"}


def test_joint_venture_partners_over_100_percent(tmp_path):
    extra = """relations:
  - id: acme-partner-in-big-hill
    kind: partner-in
    subject: acme-mining
    object: big-hill
    status: signed
    share_pct: 50
    evidence: [{source: test-source, quote: "a quote"}]
"""
    # acme-mining already owns 70% (one holder: the larger stake counts), so this is fine…
    assert len(load_dataset(_data(tmp_path / "a", extra))) > 0
    # …but a second partner with 40% next to acme's 70% is not.
    extra2 = extra.replace("acme-mining", "state-bank").replace("share_pct: 50",
                                                               "share_pct: 40")
    with pytest.raises(DataError, match="sums to 110%"):
        load_dataset(_data(tmp_path / "b", extra2))
