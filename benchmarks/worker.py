"""Child process of a measurement: ``worker.py module:function '{json args}'``.

Runs one function of a ``benchmarks/`` module, adds the process's peak memory, and prints the
result as one JSON line after a marker (anything else the function prints is ignored).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys

from timing import RESULT_MARK


def main() -> None:
    task, raw = sys.argv[1], sys.argv[2]
    module_name, func_name = task.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    result = func(**json.loads(raw))
    # ru_maxrss is in KiB on Linux.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write("\n" + RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
