"""The ``mineralgraph`` command: thin wrappers over the library (Typer + Rich).

Each sub-module registers its commands with ``register(app)``; errors a user can cause are
printed as one clear message (no traceback) with a non-zero exit code.
"""

from __future__ import annotations

import importlib
import sys

import typer

from ..errors import MineralgraphError
from ._common import err_console, error_text

app = typer.Typer(
    name="mineralgraph",
    help="Who controls the supply of critical minerals: build, query, analyse, explore, brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One line per command module; each defines register(app).
COMMAND_MODULES = ("build", "network", "query", "brief", "explore", "interop", "ingest")

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        app(args=argv, standalone_mode=True)
    except MineralgraphError as exc:
        err_console.print(error_text(exc), soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
