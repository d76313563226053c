"""The fuzz harness of issue #18: mutated copies of the real data files through the loader
(and the RDF build when they still load), and hostile argument lists through every command.

A run either succeeds or ends in the documented user error (:class:`DataError` /
:class:`MineralgraphError` / a usage error); anything else is a finding. The mutators take a
``random.Random``, so the quick suite (``tests/test_fuzz.py``, hypothesis) and the long run
(``scripts/fuzz.py --minutes 10``) share them.
"""

from __future__ import annotations

import random
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = sorted((ROOT / "data").rglob("*.yaml"))

# Scalars and fragments that crashed the loader or the commands once, or could.
HOSTILE = [
    ".inf", "-.inf", ".nan", "1e400", "1.0e+400", "-1.0e+400", "9" * 5000, "0x1F", "0o17",
    "1_000", "12:30:00", "2025-02-30", "2025-13", "0000", "yes", "null", "~", "''", '""', "-",
    "[/]", "[bold]x[/bold]", "[link=https://evil.example/]x[/link]", ":smile:",
    '"\\x1b[31mred"', '"\\x00"', '"\\x7f"', '"\\u202eknaB"', '"\\x9b"', '"\\r\\n"',
    "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "? [a, b]", "{a: 1}", "[a, [b, [c]]]",
    "!!binary AAAA", "!!python/object/apply:os.system [ls]", "!!set {a}", "&a x", "*a",
    "[[[[[[[[", "{", "'", '"', "|", ">", "\"" + "x" * 3000 + "\"", "北京", "👍🏽", "\\",
]
FIELDS = ["id", "kind", "label", "subject", "object", "status", "share_pct", "amount",
          "currency", "start", "end", "as_of", "evidence", "source", "quote", "measure",
          "value", "value_min", "value_max", "unit", "country", "aliases", "identifiers",
          "contests", "broader", "date", "url", "sha256", "? [x, y]", "<<"]
RAW_BYTES = [b"\x00", b"\x07", b"\x1b[31m", b"\x7f", b"\xc2\x9b", b"\xe2\x80\xae", b"\xff",
             b"\xc3", b"\xef\xbb\xbf", b"\r", b"\t", b"\n- ", b": ", b"#", b"&x ", b"*x",
             b"%YAML 1.1\n---\n", b"---\n", b"...\n", b"!!", b"\"", b"'"]


def mutate(text: bytes, rng: random.Random) -> bytes:
    """One to four random edits of a YAML text: values, keys, bytes, lines, indentation."""
    lines = text.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        if not lines:
            lines = [b""]
        valued = [k for k, ln in enumerate(lines) if b": " in ln]
        i = rng.choice(valued) if op in (0, 1, 8) and valued else rng.randrange(len(lines))
        line = lines[i]
        if op == 0 and b": " in line:  # replace a value
            head = line.split(b": ", 1)[0]
            lines[i] = head + b": " + rng.choice(HOSTILE).encode()
        elif op == 8:  # a complex key beside a field
            indent = line[: len(line) - len(line.lstrip())].replace(b"-", b" ")
            lines.insert(i + 1, indent + rng.choice([b"? [a, b]\n", b"? {a: 1}\n"]).replace(
                b"\n", b"\n" + indent) + b": x")
        elif op == 1 and b":" in line:  # replace a key
            indent = line[: len(line) - len(line.lstrip())]
            tail = line.split(b":", 1)[1]
            lines[i] = indent + rng.choice(FIELDS).encode() + b":" + tail
        elif op == 2:  # insert bytes
            at = rng.randint(0, len(line))
            lines[i] = line[:at] + rng.choice(RAW_BYTES) + line[at:]
        elif op == 3:
            del lines[i]
        elif op == 4:
            lines.insert(rng.randrange(len(lines) + 1), line)
        elif op == 5:  # indentation
            lines[i] = (b" " * rng.choice([1, 2, 4]) + line) if rng.random() < 0.5 \
                else line.lstrip()
        elif op == 6:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:  # truncate
            lines = lines[: i + 1]
            lines[-1] = line[: rng.randint(0, len(line))]
    return b"\n".join(lines)


@dataclass
class Findings:
    """Runs and the distinct tracebacks found (keyed by exception type and last frames)."""

    runs: int = 0
    crashes: dict[str, str] = field(default_factory=dict)
    examples: dict[str, object] = field(default_factory=dict)

    def record(self, exc: BaseException, example: object) -> str:
        frames = traceback.extract_tb(exc.__traceback__)[-2:]
        key = type(exc).__name__ + " @ " + " < ".join(f"{Path(f.filename).name}:{f.lineno}"
                                                       for f in frames)
        if key not in self.crashes:
            self.crashes[key] = "".join(traceback.format_exception(exc))[-3000:]
            self.examples[key] = example
        return key


def load_mutated(rng: random.Random, *, whole: bool = False) -> None:
    """Mutate one real data file and load it, alone or with the rest of the data set
    (``whole``); what still loads is cross-checked and turned into RDF. Raises what the
    loader raises."""
    from mineralgraph.errors import DataError
    from mineralgraph.load import cross_check, load_dataset

    chosen = rng.choice(DATA_FILES)
    mutated = mutate(chosen.read_bytes(), rng)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if whole:
            for path in DATA_FILES:
                target = folder / path.relative_to(ROOT / "data")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        target = folder / chosen.relative_to(ROOT / "data")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(mutated)
        try:
            # Alone, the file names records of other files: check the records themselves,
            # then the cross-record checks separately (their problems are expected).
            ds = load_dataset(folder, check=whole)
        except DataError as exc:
            assert exc.problems and all(p.file.startswith(tmp) for p in exc.problems)
            str(exc)
            return
        problems = list(cross_check(ds.items))
        assert all(p.file.startswith(tmp) for p in problems)
        _to_rdf(ds)


def _to_rdf(ds) -> None:
    """Every record's triples and their N-Quads text (references to records of other files
    get a placeholder IRI)."""
    from mineralgraph.build import nt_term
    from mineralgraph.vocab import ID

    def iri(record_id: str):
        return ds.get(record_id).iri() if record_id in ds else ID[f"other/{record_id}"]

    for record in ds.records():
        for triple in record.triples(iri):
            " ".join(nt_term(t) for t in triple)


# ------------------------------------------------------------------ CLI arguments

SKIPPED_COMMANDS = {"serve", "push"}  # a server, and an upload: not argument parsing
NAMES = ["acme-mining", "big-hill", "state-bank", "ruritania", "Acme", "big hill", "tungsten",
         "square-mine", "link-bank", "conceal-co", "bracket-state", "Bracket [/] State",
         "KZ", "kz", "Kazakhstan", "all", "2025", "2025-13-01", "1900", "9999-12-31", "0",
         "-1", "99999999999999999999", "1e400", "nan", "inf", "table", "csv", "json", "md",
         "xlsx", "tsv", "sparql-json", "graphml", "gexf", "pdf", "docx", "html",
         "pagerank", "betweenness", "all", "owns,finances", "owns,,", "production",
         "reserves", "networkx", "igraph", "parallel", "financiers", "neighbourhood",
         "entity=acme-mining", "hops:integer=2", "x:decimal=1e999999", "=", "a=b=c",
         "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "ASK { ?s ?p ?o }",
         "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
         "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "DELETE WHERE { ?s ?p ?o }",
         "http://127.0.0.1:9/sparql", "ftp://x/y", "not a url", "", " ", "\t"] + [
    h for h in HOSTILE if len(h) < 200]


def _value(option: str, rng: random.Random, tmp: Path, stores: list[Path], data: Path) -> str:
    if option in ("--output", "-o", "--out"):
        return str(tmp / rng.choice(["out", "x.csv", "x.html", "x.graphml", "no/such/x",
                                     "x.json", "x.xlsx"]))
    if option == "--store":
        return rng.choice([str(s) for s in stores] * 4 + [str(tmp / "none"), str(data),
                                                           "/proc"])
    if option == "--data":
        return rng.choice([str(data), str(tmp / "none"), str(stores[0])])
    if option == "--endpoint":
        return rng.choice(["http://127.0.0.1:9/sparql", "ftp://x", "not a url", ""])
    if option in ("--jobs",):
        return rng.choice(["1", "0", "-3", "x"])
    if option in ("--timeout", "--timeout-s"):
        return rng.choice(["0.5", "0", "-1", "nan", "inf", "x"])
    return rng.choice(NAMES)


def cli_arguments(rng: random.Random, command, tmp: Path, stores: list[Path],
                  data: Path) -> list[str]:
    """A random argument list for ``command`` (a click command): its own options with
    hostile or plausible values, its arguments, sometimes an unknown option; ``stores`` are
    built stores to read (one with hostile text is a good choice)."""
    args: list[str] = []
    params = list(command.params)
    for param in params:
        if param.param_type_name == "argument" and rng.random() < 0.9:
            args.append(rng.choice(NAMES))
    options = [p for p in params if p.param_type_name == "option"]
    has_store = any("--store" in p.opts for p in options)
    for param in rng.sample(options, k=min(len(options), rng.randint(0, 4))):
        opt = rng.choice(param.opts)
        if getattr(param, "is_flag", False):
            args.append(opt)
            continue
        args += [opt, _value(opt, rng, tmp, stores, data)]
    if has_store and "--store" not in args and "--endpoint" not in args:
        args += ["--store", str(rng.choice(stores))]
    if any("--data" in p.opts for p in options) and "--data" not in args:
        args += ["--data", str(data)]  # the shipped data set takes a minute to validate
    for opt in ("--output", "--out"):
        if any(opt in p.opts for p in options) and opt not in args and "-o" not in args:
            args += [opt, str(tmp / "default-out")]
    if rng.random() < 0.05:
        args.append(rng.choice(["--bogus", "-z", "--", "--format="]))
    return args


def run_cli_in_process(argv: list[str]) -> None:
    """Run the command as ``mineralgraph`` would, in this process; raise anything that
    ``mineralgraph.cli.main`` would show as a traceback."""
    from typer.testing import CliRunner

    from mineralgraph.cli import app
    from mineralgraph.cli._common import SafeConsole, error_text
    from mineralgraph.errors import MineralgraphError

    result = CliRunner().invoke(app, argv, catch_exceptions=True)
    exc = result.exception
    if exc is None or isinstance(exc, SystemExit):
        return
    if isinstance(exc, MineralgraphError):
        import io

        SafeConsole(file=io.StringIO()).print(error_text(exc))  # what main() prints
        return
    raise exc
