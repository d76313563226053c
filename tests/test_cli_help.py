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
