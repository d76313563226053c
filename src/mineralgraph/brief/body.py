"""What the body of a brief holds: two to four A4 pages of the most important findings, short
tables and two figures; everything else goes to the annex, whole.

The budget is a declared table: how many points of each key finding the body shows (the
points come most important first: the most central actors, committed financing before
tentative, the largest amounts first), how many items inside one point (projects per backing
state, figures per project, unnamed-offtaker projects), how many rows of the projects table
and names per cell, and which figures are drawn in the annex. A shortened finding says how
many points it leaves out and where they are; the annex repeats it in full.
"""

from __future__ import annotations

from dataclasses import replace

from .cite import para
from .document import Finding, Table

#: Points of each finding shown in the body (its notes are always shown).
BODY_POINTS = {"actors": 3, "blocs": 3, "financing": 4, "offtake": 3,
               "timeline": 3, "concentration": 2, "instruments": 3}
#: Items inside one point in the body: projects per backing state, figures per project,
#: projects named as having no known offtaker.
BODY_ITEMS = {"blocs": 2, "timeline": 4, "offtake": 6}
#: Rows of the projects table in the body (most advanced first) and names in one cell.
BODY_ROWS = 4
BODY_CELL_NAMES = 3
#: Figures drawn in the annex rather than the body.
ANNEX_FIGURES = frozenset({"map"})
#: Where the annex repeats what the body shortens.
FULL_FINDINGS = "Key findings in full"


def shorten(full: Finding, short: Finding | None = None) -> Finding:
    """The body's form of ``full``: ``short`` (built with :data:`BODY_ITEMS`) or ``full``,
    cut to :data:`BODY_POINTS` points with a last point saying how many are left out."""
    body = short or full
    limit = BODY_POINTS.get(full.key)
    points = body.points
    omitted = 0
    if limit is not None and len(points) > limit:
        omitted = len(points) - limit
        points = points[:limit]
    if omitted:
        points = [*points, para(f"{omitted} more in the annex ({FULL_FINDINGS}).")]
    return replace(body, points=points, omitted=omitted)


def differs(full: Finding, body: Finding) -> bool:
    """Whether the body's form leaves something out (then the annex repeats it in full)."""
    return body.omitted > 0 or _texts(full) != _texts(body)


def _texts(f: Finding) -> list[str]:
    return ["".join(r.text for r in p) for p in f.shown]


def body_table(table: Table, rows: int = BODY_ROWS, *, total: int | None = None) -> Table:
    """The first ``rows`` rows of a table, with a note pointing to the annex's copy."""
    if len(table.rows) <= rows:
        return table
    note = (f"{rows} of {total or len(table.rows)} shown; all of them, with every name, in "
            f"the annex ({table.title}, all). " + table.note).strip()
    return replace(table, rows=table.rows[:rows], note=note)


def differs_table(full: Table, body: Table) -> bool:
    """Whether the body's table leaves out rows or names (then the annex has it whole)."""
    return len(full.rows) != len(body.rows) or any(r not in full.rows for r in body.rows)


def annex_copy(full: Table) -> Table:
    return replace(full, title=f"{full.title}, all")


__all__ = ["ANNEX_FIGURES", "BODY_CELL_NAMES", "BODY_ITEMS", "BODY_POINTS", "BODY_ROWS",
           "FULL_FINDINGS", "annex_copy", "body_table", "differs", "differs_table", "shorten"]
