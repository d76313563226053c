"""Every analysis command takes ``--format table|csv|json|md|xlsx`` (issue #17 item 2): the
machine formats parse, the workbook opens, and the terminal tables stay readable at 80
columns, with long quotes under the row instead of in a column a few characters wide."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli

COMMANDS = {
    "rank": ["rank", "--top", "5"],
    "paths": ["paths", "Jiangxi Copper", "Boguty", "--k", "2"],
    "offtake": ["offtake", "--country", "KZ"],
    "blocs": ["blocs"],
    "concentration": ["concentration", "--commodity", "tungsten"],
}


@pytest.fixture(scope="module")
def store(real_build) -> tuple[str, str]:
    return ("--store", str(real_build.store_dir))


def _strict_json(text: str):
    def refuse(constant: str):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_csv_json_md_and_xlsx_agree(store, name, tmp_path):
    from openpyxl import load_workbook

    out = {}
    for fmt in ("csv", "json", "md"):
        proc = run_cli(*COMMANDS[name], "-f", fmt, *store)
        assert proc.returncode == 0, proc.stderr
        out[fmt] = proc.stdout
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) > 1 and len({len(r) for r in rows}) == 1
    assert _strict_json(out["json"])
    md = out["md"].splitlines()
    assert md[1].startswith("|---") and len(md) == len(rows) + 1
    assert {line.count(" | ") for line in md if not line.startswith("|---")} == {
        len(rows[0]) - 1}
    book = tmp_path / f"{name}.xlsx"
    proc = run_cli(*COMMANDS[name], "-f", "xlsx", "-o", str(book), *store)
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(book).active
    assert sheet.max_row == len(rows)
    assert [c.value for c in sheet[1]] == rows[0]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_file_is_the_same_as_standard_output(store, name, tmp_path):
    target = tmp_path / "out.csv"
    proc = run_cli(*COMMANDS[name], "-f", "csv", "-o", str(target), *store)
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8") == run_cli(*COMMANDS[name], "-f", "csv",
                                                        *store).stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_tables_fit_80_columns(store, name):
    proc = run_cli(*COMMANDS[name], *store, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80


def test_a_quote_is_read_under_the_row_at_80_columns(store):
    proc = run_cli(*COMMANDS["paths"], *store, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    # The quote runs over ~50 characters per line, not a ten-character column.
    assert "Copper overseeing production, technology management" in proc.stdout
    wide = run_cli(*COMMANDS["paths"], *store, env={"COLUMNS": "200"}).stdout
    assert "source and quote" in wide.splitlines()[2]  # wide terminals keep the columns


@pytest.mark.parametrize("args, fragment", [
    (["rank", "-f", "xlsx"], "give its file with --output"),
    (["rank", "-o", "x.csv"], "add --format"),
    (["offtake", "-f", "pdf"], "unknown --format 'pdf'"),
    (["query", "financiers", "-f", "xlsx"], "give its file with --output"),
])
def test_format_mistakes_are_explained(store, args, fragment, tmp_path):
    proc = run_cli(*args, *store, cwd=tmp_path)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert fragment in proc.stderr
    assert list(tmp_path.iterdir()) == []
