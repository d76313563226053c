"""A short fuzzing pass in the normal suite (issue #18): mutated real data files through the
loader and hostile argument lists through every command end in success or a clear error,
never a traceback. The long run is ``scripts/fuzz.py --minutes 10`` (same harness)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing
from conftest import MINI, ROOT

QUICK = settings(max_examples=30, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow,
                                        HealthCheck.function_scoped_fixture])


@QUICK
@given(rng=st.randoms(use_true_random=False))
def test_mutated_real_data_files_load_or_are_refused_clearly(rng):
    fuzzing.load_mutated(rng)


@settings(QUICK, max_examples=3)
@given(rng=st.randoms(use_true_random=False))
def test_a_mutated_file_among_the_whole_data_set(rng):
    fuzzing.load_mutated(rng, whole=True)


@pytest.fixture(scope="module")
def cli_env(mini_build, tmp_path_factory):
    import typer.main

    from mineralgraph.build import build
    from mineralgraph.cli import app
    from mineralgraph.load import load_dataset

    terminal = build(load_dataset(ROOT / "tests" / "fixtures" / "terminal"),
                     tmp_path_factory.mktemp("fuzz-terminal"))
    return typer.main.get_command(app), [mini_build.store_dir, terminal.store_dir]


COMMANDS = ["blocs", "build", "concentration", "diff", "explore", "export", "import", "ingest",
            "offtake", "paths", "queries", "query", "rank", "sources", "validate"]


@settings(QUICK, max_examples=40)
@given(rng=st.randoms(use_true_random=False), name=st.sampled_from(COMMANDS))
def test_hostile_arguments_end_in_a_clear_error(cli_env, rng, name):
    group, stores = cli_env
    with tempfile.TemporaryDirectory() as tmp:
        argv = [name, *fuzzing.cli_arguments(rng, group.commands[name], Path(tmp), stores,
                                             MINI)]
        fuzzing.run_cli_in_process(argv)


# seconds per call (PDF), a page written into docs/, a terminal walk: fuzzed by scripts/fuzz.py
LONG_RUN_ONLY = {"brief", "run", "ontology-doc", "review"}


def test_every_command_is_fuzzed_here_or_in_the_long_run(cli_env):
    group, _ = cli_env
    assert set(COMMANDS) | LONG_RUN_ONLY | fuzzing.SKIPPED_COMMANDS == set(group.commands)
