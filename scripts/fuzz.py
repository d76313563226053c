"""The long fuzzing run of issue #18: mutated real data files through the loader and the
build, hostile argument lists through every command, for a given number of minutes.

    nice -n 10 .venv/bin/python scripts/fuzz.py --minutes 10

Prints the runs per kind and every distinct traceback (exception type and the last two
frames) with the seed that reproduces it (``--replay KIND:SEED``); exits 1 when it found any.
CPU heavy: run it with ``nice``. The quick version runs in the suite (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402  (tests/fuzzing.py: the harness the suite uses too)

KINDS = {"load": 6, "load-whole": 1, "cli": 3}  # relative weights
HANG_SECONDS = 300


class Hang(Exception):
    """A run took longer than HANG_SECONDS."""


def _alarm(signum, frame):
    raise Hang(f"run took over {HANG_SECONDS} s")


def one_run(kind: str, seed: int, env: dict) -> None:
    rng = random.Random(seed)
    if kind == "load":
        fuzzing.load_mutated(rng)
    elif kind == "load-whole":
        fuzzing.load_mutated(rng, whole=True)
    else:
        name = rng.choice(env["commands"])
        with tempfile.TemporaryDirectory() as tmp:
            argv = [name, *fuzzing.cli_arguments(rng, env["group"].commands[name], Path(tmp),
                                                 env["stores"], env["data"])]
            env["last_argv"] = argv
            fuzzing.run_cli_in_process(argv)


def prepare(workdir: Path) -> dict:
    import typer.main

    from mineralgraph.build import build
    from mineralgraph.cli import app
    from mineralgraph.load import load_dataset

    stores = []
    for name in ("mini", "terminal"):  # a small real-shaped set, and one of hostile text
        built = build(load_dataset(ROOT / "tests" / "fixtures" / name), workdir / name)
        stores.append(built.store_dir)
    group = typer.main.get_command(app)
    commands = sorted(n for n in group.commands if n not in fuzzing.SKIPPED_COMMANDS)
    return {"group": group, "commands": commands, "stores": stores,
            "data": ROOT / "tests" / "fixtures" / "mini"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--replay", help="KIND:SEED of one run to repeat (shows its traceback)")
    parser.add_argument("--report", type=Path, help="write the findings as JSON here")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as work:
        env = prepare(Path(work))
        if args.replay:
            kind, seed = args.replay.split(":")
            one_run(kind, int(seed), env)
            print("no exception")
            return 0
        findings = fuzzing.Findings()
        runs = {k: 0 for k in KINDS}
        rng = random.Random(args.seed)
        end = time.monotonic() + args.minutes * 60
        started = time.monotonic()
        i = 0
        while time.monotonic() < end:
            kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            seed = args.seed * 1_000_003 + i
            i += 1
            env.pop("last_argv", None)
            signal.alarm(HANG_SECONDS)
            try:
                one_run(kind, seed, env)
            except Exception as exc:  # noqa: BLE001 (every exception is a finding)
                key = findings.record(exc, {"replay": f"{kind}:{seed}",
                                            "argv": env.get("last_argv")})
                print(f"finding: {key} (--replay {kind}:{seed})", flush=True)
            finally:
                signal.alarm(0)
            runs[kind] += 1
            findings.runs += 1
        elapsed = time.monotonic() - started
    print(f"{findings.runs} runs in {elapsed / 60:.1f} min (seed {args.seed}): "
          + ", ".join(f"{k} {n}" for k, n in runs.items()))
    print(f"{len(findings.crashes)} distinct traceback(s)")
    for key, text in findings.crashes.items():
        print(f"\n=== {key}  {findings.examples[key]}\n{text}")
    if args.report:
        args.report.write_text(json.dumps({
            "seed": args.seed, "minutes": round(elapsed / 60, 2), "runs": findings.runs,
            "runs_by_kind": runs, "tracebacks": len(findings.crashes),
            "findings": [{"key": k, "example": findings.examples[k], "traceback": t}
                         for k, t in findings.crashes.items()]}, indent=1, default=str))
    return 1 if findings.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
