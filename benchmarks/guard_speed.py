"""How long the guard takes to decide on long queries that mention "service" (issue 18 item
11: the rdflib parse under a lock took 7.7 s at 80 KB and ~100 s at 960 KB).

    .venv/bin/python benchmarks/guard_speed.py

Prints, per size, the seconds for ``guard.refuse_unsafe`` (queries up to its 256 KiB limit)
and for the tokenizer alone (``sparql_lex.scan``, past the limit too), best of 3.
"""

from __future__ import annotations

import time

from mineralgraph.guard import MAX_QUERY_CHARS, refuse_unsafe
from mineralgraph.sparql_lex import scan

LINE = "  ?s <https://w3id.org/mineralgraph/ontology#service> 'service \"x\"' .  # service\n"


def query_of(size: int) -> str:
    return "SELECT * WHERE {\n" + LINE * (size // len(LINE)) + "}"


def best(fn, text: str, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"{'size':>8}  {'refuse_unsafe':>13}  {'scan':>8}")
    for kb in (10, 80, 250, 960):
        text = query_of(kb * 1000)
        guard = f"{best(refuse_unsafe, text):.3f} s" if len(text) <= MAX_QUERY_CHARS else "refused"
        print(f"{kb:>5} KB  {guard:>13}  {best(scan, text):.3f} s")


if __name__ == "__main__":
    main()
