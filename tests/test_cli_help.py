"""Every command answers --help, and the package runs as `python -m mineralgraph`."""

import pytest
from typer.testing import CliRunner

from mineralgraph.cli import app

from conftest import run_cli

COMMANDS = sorted(c.name for c in app.registered_commands)


def test_there_are_commands():
    assert {"build", "validate", "run"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and "--help" in result.output


def test_python_dash_m():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "build" in proc.stdout


def test_the_command_line_loads_the_heavy_parts_only_when_a_command_needs_them():
    """`--help`, option errors and `query` must not wait for NetworkX, NumPy, the build, the
    explorer or the brief renderers (together about half a second at every start)."""
    import subprocess
    import sys

    heavy = ["networkx", "numpy", "mineralgraph.build", "mineralgraph.load",
             "mineralgraph.network", "mineralgraph.explore", "mineralgraph.brief",
             "weasyprint", "docx", "pyshacl", "mineralgraph.ingest", "spacy", "trafilatura",
             "rapidfuzz", "dateparser", "pypdf"]
    code = ("import sys, mineralgraph.cli, mineralgraph.cli.query, mineralgraph.cli.ingest; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]", f"imported at start: {out}"
