"""The main job: build the graph, write the explorer and a briefing, in one call.

>>> from mineralgraph.pipeline import run_main_job
>>> result = run_main_job(out_dir="out")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .build import BuildResult, build
from .errors import Problem
from .load import load_dataset
from .store import EmbeddedStore

# The default briefing of the shipped data set: tungsten in Kazakhstan.
DEFAULT_BRIEF_FOCUS = "kazakhstan"
DEFAULT_BRIEF_COMMODITY = "tungsten"


@dataclass
class MainJobResult:
    build: BuildResult
    explorer: Path
    briefs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # of the load checks


def run_main_job(*, data_dir: str | Path | None = None, out_dir: str | Path = "out",
                 brief_focus: str = DEFAULT_BRIEF_FOCUS,
                 brief_commodity: str | None = DEFAULT_BRIEF_COMMODITY,
                 brief_formats: tuple[str, ...] = ("md", "html", "pdf", "docx"),
                 progress: Callable[[str], None] | None = None) -> MainJobResult:
    """Build ``data_dir`` into ``out_dir`` (dataset files and embedded store), then write
    ``explorer.html`` and the default brief under ``out_dir/brief/``."""
    from .brief import write_brief
    from .explore import write_explorer

    step = progress or (lambda msg: None)
    out = Path(out_dir)
    ds = load_dataset(data_dir)
    built = build(ds, out, progress=step)
    store = EmbeddedStore(built.store_dir)
    try:
        step("writing the explorer")
        explorer = write_explorer(store, out / "explorer.html")
        step("writing the brief")
        briefs = write_brief(store, brief_focus, commodity=brief_commodity,
                             formats=brief_formats, out_dir=out / "brief")
    finally:
        store.close()
    return MainJobResult(built, explorer, list(briefs), ds.warnings)
