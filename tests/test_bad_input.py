"""Bad data files: one clear message naming file, line and record; no traceback; no output.

Each file in ``tests/bad_data/`` is a case: its header says what the message must contain
(``# expect:``), the line it must name (``# line:``) and the record (``# record:``). The case
is added to the small valid fixture data set and built with the real CLI.
"""

import re
from pathlib import Path

import pytest

from conftest import MINI, run_cli

GOOD = (MINI / "mini.yaml").read_text()
CORPUS = Path(__file__).parent / "bad_data"


def _header(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# (expect|line|record): (.*)$", text, re.MULTILINE))


def _data_dir(tmp_path: Path, files: dict[str, bytes]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.yaml").write_text(GOOD)
    for name, content in files.items():
        (data / name).write_bytes(content)
    return data


def _assert_refused(proc, out: Path, *fragments: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, (fragment, proc.stderr)
    assert not out.exists(), "a refused build must not write output"


@pytest.mark.parametrize("case", sorted(p.stem for p in CORPUS.glob("*.yaml")))
def test_bad_data_is_refused_clearly(tmp_path, case):
    text = (CORPUS / f"{case}.yaml").read_text()
    expect = _header(text)
    data = _data_dir(tmp_path, {"bad.yaml": text.encode()})
    out = tmp_path / "out"
    proc = run_cli("build", "--data", str(data), "--out", str(out))
    fragments = [expect["expect"]]
    if "record" in expect:
        fragments.append(f"record '{expect['record']}'")
    _assert_refused(proc, out, *fragments)
    assert re.search(rf"bad\.yaml:{expect['line']}\b", proc.stderr), proc.stderr


def test_corpus_is_large_enough():
    assert len(list(CORPUS.glob("*.yaml"))) >= 20


def test_validate_reports_the_same_problems(tmp_path):
    data = _data_dir(tmp_path, {"bad.yaml": (CORPUS / "dangling-id.yaml").read_bytes()})
    proc = run_cli("validate", "--data", str(data))
    assert proc.returncode == 1
    assert "names 'big-hil', which no record defines" in proc.stderr


def test_not_utf8(tmp_path):
    data = _data_dir(tmp_path, {"x.yaml": b"actors:\n  - id: caf\xe9\n"})
    out = tmp_path / "out"
    _assert_refused(run_cli("build", "--data", str(data), "--out", str(out)), out,
                    "is not UTF-8", "x.yaml:2:")


def test_fifty_megabyte_file(tmp_path):
    line = b"# " + b"x" * 1000 + b"\n"
    data = _data_dir(tmp_path, {"huge.yaml": line * (50 * 1024)})
    out = tmp_path / "out"
    _assert_refused(run_cli("build", "--data", str(data), "--out", str(out)), out,
                    "huge.yaml:", "over the 20 MiB limit")


def test_missing_data_dir(tmp_path):
    out = tmp_path / "o"
    _assert_refused(run_cli("build", "--data", str(tmp_path / "nope"), "--out", str(out)),
                    out, "is not a directory")


def test_empty_data_dir(tmp_path):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "o"
    _assert_refused(run_cli("build", "--data", str(tmp_path / "empty"), "--out", str(out)),
                    out, "holds no .yaml data files")


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run_cli("build", "--data", str(MINI), "--out", str(blocker / "out"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "cannot write to output folder" in proc.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    files = {f"{c}.yaml": (CORPUS / f"{c}.yaml").read_bytes()
             for c in ("dangling-id", "self-reference", "negative-amount")}
    out = tmp_path / "out"
    proc = run_cli("build", "--data", str(_data_dir(tmp_path, files)), "--out", str(out))
    _assert_refused(proc, out, "r-self", "r-negative")
