"""What every stage shares: the sizes, the synthetic data sets and their builds, the results.

Data sets are generated once per size and built once (stage 1 times the builds; a later
stage run on its own builds untimed). Everything lives under one work folder.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate
from timing import run_child

BUILD_TIMEOUT_S = 3600.0


@dataclass(frozen=True)
class Built:
    """One synthetic data set, built: its folder, the build output and the data triples."""

    actors: int
    data_dir: Path
    out_dir: Path
    triples: int  # data graph only (the store's default graph)
    records: int

    @property
    def store_dir(self) -> Path:
        return self.out_dir / "store"

    @property
    def nt_path(self) -> Path:
        """The data graph as N-Triples: what the baselines parse."""
        return self.out_dir / "data.nt"


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class StageReport:
    """What a stage found: tables, notes, headline lines, where growth bends, findings."""

    key: str
    title: str
    status: str = "measured"  # measured | not available yet | failed
    why: str = ""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    bends: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


@dataclass
class Context:
    root: Path
    work: Path
    sizes: list[int]
    seed: int
    runs: int
    quick: bool
    baseline_timeout: float
    rdflib_timeout: float = 60.0
    built: dict[int, Built] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)  # shared between stages

    def data_dir(self, actors: int) -> Path:
        path = self.work / f"synth-{actors}-s{self.seed}"
        if not (path / "synthetic.json").is_file():
            generate(path, actors=actors, seed=self.seed)
        return path

    def out_dir(self, actors: int) -> Path:
        return self.work / f"out-{actors}-s{self.seed}"

    def build(self, actors: int) -> Built:
        """The store and data triples of this size: stage 1's build if it finished, else
        made untimed by the fast path (the same data graph, see ``fast_store``)."""
        if actors not in self.built:
            out = self.out_dir(actors)
            res = run_child("fast_store:make_store",
                            {"actors": actors, "seed": self.seed, "out_dir": str(out),
                             "keep_ntriples": True}, timeout=BUILD_TIMEOUT_S)
            self.built[actors] = Built(actors, self.data_dir(actors), out, res["triples"],
                                       res["records"])
        return self.built[actors]

    def register_build(self, actors: int, data: Path, out: Path, records: int) -> Built:
        triples = write_data_ntriples(out / "dataset.nq", out / "data.nt")
        self.built[actors] = Built(actors, data, out, triples, records)
        return self.built[actors]


def write_data_ntriples(nquads: Path, target: Path) -> int:
    """Keep the default-graph lines of the build's N-Quads (the data, not the ontology)."""
    from mineralgraph.build import ONTOLOGY_GRAPH

    onto_suffix = f" {ONTOLOGY_GRAPH.n3()} .\n"
    count = 0
    tmp = target.with_suffix(".nt.tmp")
    with nquads.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and not line.endswith(onto_suffix):
                dst.write(line)
                count += 1
    tmp.replace(target)
    return count


def module_available(name: str) -> bool:
    """Whether a mineralgraph module exists in the installed tree (a feature has landed)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False
