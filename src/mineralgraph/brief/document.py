"""The content of a brief, independent of its format: what every renderer draws."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cite import Para, plain_text

#: A cell that holds only a number or amount (right-aligned, never wrapped).
NUMERIC_CELL = re.compile(r"^(?:up to |over |under |at least |~)?(?:US\$|CN¥|€|£|¥)?"
                          r"\d[\d,.]*(?:–\d[\d,.]*)?[BMKT%]?$")


@dataclass(frozen=True)
class Finding:
    """One theme of the key findings: a heading and its cited points."""

    heading: str
    points: list[Para]
    notes: list[Para] = field(default_factory=list)  # how to read the points; always shown
    key: str = ""  # its line in the body's budget (:data:`.body.BODY_POINTS`)
    omitted: int = 0  # points left to the annex's "Key findings in full"

    @property
    def shown(self) -> list[Para]:
        """What a reader sees under the heading: the points, then the notes."""
        return [*self.points, *self.notes]


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Para]]
    note: str = ""
    key: str = ""  # a stable id for anchors and tests (actors, projects, financing, figures)
    widths: tuple[float, ...] = ()  # relative column widths, for PDF and DOCX

    def numeric_columns(self) -> frozenset[int]:
        """Columns whose filled cells all hold a number or amount (``—`` and ``not stated``
        count as empty)."""
        out = set()
        for i in range(len(self.columns)):
            texts = [plain_text(row[i]).strip() for row in self.rows if i < len(row)]
            filled = [t for t in texts if t not in ("", "—", "not stated")]
            if filled and all(NUMERIC_CELL.match(t) for t in filled):
                out.add(i)
        return frozenset(out)


@dataclass(frozen=True)
class RiskGroup:
    subject: str
    note: str
    items: list[Para]


@dataclass(frozen=True)
class SourceEntry:
    number: int
    id: str
    publisher: str
    title: str
    date: str
    url: str | None  # only http(s) addresses; anything else is shown as text in ``note``
    kind: str
    note: str = ""


@dataclass(frozen=True)
class NetNode:
    slug: str
    label: str
    kind: str
    group: str
    focus: bool = False


@dataclass(frozen=True)
class NetEdge:
    source: str
    target: str
    group: str
    tentative: bool


@dataclass(frozen=True)
class TimelineItem:
    row: str
    date: str
    label: str
    status: str  # actual | target | event


@dataclass(frozen=True)
class MapPoint:
    slug: str
    label: str
    group: str  # the network figure's node group (Site, Company, State / government…)
    lat: float
    lon: float
    precision: str  # exact | approximate | region-centroid


@dataclass
class FigureSpec:
    key: str  # network | timeline | map
    title: str
    caption: Para
    nodes: list[NetNode] = field(default_factory=list)
    edges: list[NetEdge] = field(default_factory=list)
    items: list[TimelineItem] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)
    annex: bool = False  # drawn in the annex, not in the body


@dataclass
class Brief:
    """Everything a brief says, with citations resolved to numbered sources."""

    title: str
    focus_label: str
    focus_kind: str
    as_of: str
    summary: Para
    findings: list[Finding]
    figures: list[FigureSpec]
    tables: list[Table]
    contested: list[Table]
    risks: list[RiskGroup]
    sources: list[SourceEntry]
    slug: str
    scope_note: str = ""
    as_of_note: str = ""
    annex: list[Table] = field(default_factory=list)  # long tables, after the main text
    changes: Finding | None = None  # brief --since: opens the brief
    findings_in_full: list[Finding] = field(default_factory=list)  # the shortened ones, whole
    annex_tables: list[Table] = field(default_factory=list)  # body tables in full (annex)

    @property
    def body_figures(self) -> list[FigureSpec]:
        return [f for f in self.figures if not f.annex]

    @property
    def annex_figures(self) -> list[FigureSpec]:
        return [f for f in self.figures if f.annex]

    def table(self, key: str) -> Table | None:
        """The table ``key`` in full (the annex's copy of a shortened body table)."""
        return next((t for t in [*self.annex_tables, *self.tables, *self.annex]
                     if t.key == key), None)
