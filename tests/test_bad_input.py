"""Bad data files: a clear message naming file, line and record; no traceback; no output."""

import textwrap
from pathlib import Path

import pytest

from conftest import MINI, run_cli

GOOD = (MINI / "mini.yaml").read_text()


def _case(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.yaml").write_text(GOOD)
    (data / name).write_text(textwrap.dedent(text))
    return data


REL = """\
relations:
  - id: {rid}
    kind: {kind}
    subject: acme-mining
    object: {obj}
    status: active
    {extra}
    evidence: [{{source: test-source, quote: "a quote"}}]
"""

CASES = {
    "malformed-yaml": ("actors:\n  - id: x\n    label: [unclosed\n", "bad.yaml:", None,
                       "not valid YAML"),
    "tab-indent": ("actors:\n\t- id: x\n", "bad.yaml:", None, "not valid YAML"),
    "duplicate-key": ("actors:\n  - id: dup-key\n    id: other\n", "bad.yaml:3", None,
                      "duplicate key"),
    "unknown-field": (REL.format(rid="r1", kind="owns", obj="big-hill", extra="colour: red"),
                      "bad.yaml:7", "r1", "colour: unknown field"),
    "unknown-id": (REL.format(rid="r2", kind="owns", obj="big-hil", extra=""),
                   "bad.yaml:2", "r2", "did you mean big-hill"),
    "duplicate-id": (REL.format(rid="acme-owns-big-hill", kind="owns", obj="big-hill",
                                extra=""), "bad.yaml:2", "acme-owns-big-hill", "duplicate id"),
    "bad-date": (REL.format(rid="r3", kind="owns", obj="big-hill", extra="start: 2025-02-30"),
                 "bad.yaml:", "r3", "not a real date"),
    "share-over-100": (REL.format(rid="r4", kind="owns", obj="big-hill", extra="share_pct: 140"),
                       "bad.yaml:", "r4", "less than or equal to 100"),
    "shares-sum-over-100": (REL.format(rid="r5", kind="owns", obj="big-hill",
                                       extra="share_pct: 40"), "bad.yaml:", "r5",
                            "sums to 110%"),
    "unknown-kind": (REL.format(rid="r6", kind="ownz", obj="big-hill", extra=""),
                     "bad.yaml:", "r6", "unknown"),
    "wrong-end-kind": (REL.format(rid="r7", kind="listed-on", obj="big-hill", extra=""),
                       "bad.yaml:2", "r7", "cannot have a deposit"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_data_is_refused_clearly(tmp_path, case):
    text, where, record, what = CASES[case]
    data = _case(tmp_path, text)
    out = tmp_path / "out"
    proc = run_cli("build", "--data", str(data), "--out", str(out))
    assert proc.returncode != 0
    err = proc.stderr
    assert "Traceback" not in err and "Traceback" not in proc.stdout
    assert where in err, err
    if record:
        assert f"record '{record}'" in err, err
    assert what in err, err
    assert not out.exists(), "a failed build must not write output"


def test_validate_reports_the_same_problems(tmp_path):
    data = _case(tmp_path, REL.format(rid="r2", kind="owns", obj="nowhere", extra=""))
    proc = run_cli("validate", "--data", str(data))
    assert proc.returncode == 1
    assert "names 'nowhere', which no record defines" in proc.stderr


def test_not_utf8(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.yaml").write_bytes(b"actors:\n  - id: caf\xe9\n")
    proc = run_cli("validate", "--data", str(data))
    assert proc.returncode != 0 and "not UTF-8" in proc.stderr and "x.yaml:2" in proc.stderr


def test_missing_data_dir(tmp_path):
    proc = run_cli("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert proc.returncode != 0 and "is not a directory" in proc.stderr
    assert "Traceback" not in proc.stderr
