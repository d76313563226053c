"""Reading the USGS Mineral Commodity Summaries world-data CSV: rows with their verbatim text.

The file's quirks are handled here and nowhere else: a UTF-8 byte-order mark, trailing
(and non-breaking) spaces in names, a space inside column names (``PROD_EST_ 2024``), figures
with thousands separators or a ``>`` sign, and W / NA markers in the notes columns.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import MineralgraphError

#: A figure column: ``PROD_2023``, ``PROD_EST_ 2024``, ``CAP_EST_ 2024``, ``RESERVES_2024``.
VALUE_COLUMN = re.compile(r"(PROD|CAP|RESERVES)_(EST_)?\s*(\d{4})")
NOTES_COLUMNS = {"PROD": "PROD_NOTES", "CAP": "CAP_NOTES", "RESERVES": "RESERVE_NOTES"}
REQUIRED = ("SOURCE", "COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS")
FIGURE = re.compile(r"([<>])?\s*(\d[\d,]*(?:\.\d+)?)")
QUOTE_LIMIT = 600


@dataclass(frozen=True)
class ValueColumn:
    name: str  # as in the file, e.g. "PROD_EST_ 2024"
    kind: str  # PROD, CAP or RESERVES
    year: str
    estimated: bool


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file where the row starts
    text: str  # the row as it stands in the file (the quote)
    cells: dict[str, str]

    def name(self, column: str) -> str:
        """A name cell without the file's trailing and non-breaking spaces."""
        return " ".join(self.cells.get(column, "").replace("\xa0", " ").split())

    @property
    def quote(self) -> str:
        text = self.text.strip()
        if len(text) <= QUOTE_LIMIT:
            return text
        # a verbatim prefix that ends at a cell boundary
        return text[:QUOTE_LIMIT].rsplit(",", 1)[0]


@dataclass(frozen=True)
class Figure:
    value: float
    qualifier: str  # exact, over, under


@dataclass(frozen=True)
class Table:
    path: Path
    raw: bytes
    columns: list[str]
    value_columns: list[ValueColumn]
    rows: list[Row]


def read_table(path: Path) -> Table:
    """The CSV's rows, each with its line number and verbatim text. Raises a
    :class:`MineralgraphError` naming the file (and line) for anything unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MineralgraphError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MineralgraphError(f"{path}: not UTF-8 text (byte {exc.start}); expected the USGS "
                                "world-data CSV") from None
    records = list(_records(text.splitlines()))
    if not records:
        raise MineralgraphError(f"{path}: empty file; expected the USGS world-data CSV")
    _, header_text, header = records[0]
    columns = [c.strip() for c in header]
    missing = [c for c in REQUIRED if c not in columns]
    value_columns = [ValueColumn(c, m[1], m[3], bool(m[2]))
                     for c in columns if (m := VALUE_COLUMN.fullmatch(c))]
    if missing or not value_columns:
        raise MineralgraphError(
            f"{path}:1: not a USGS world-data CSV header (missing "
            f"{', '.join(missing) or 'PROD_/CAP_/RESERVES_ columns'}): {header_text[:120]!r}")
    rows = []
    for line, row_text, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise MineralgraphError(f"{path}:{line}: {len(cells)} cells where the header has "
                                    f"{len(columns)}")
        rows.append(Row(line, row_text, dict(zip(columns, cells, strict=True))))
    return Table(path, raw, columns, value_columns, rows)


def _records(lines: list[str]):
    """(first line number, verbatim text, cells) per CSV record; a quoted cell may span lines."""
    start, pending = 0, []
    for number, line in enumerate(lines, 1):
        if not pending:
            start = number
        pending.append(line)
        joined = "\n".join(pending)
        if joined.count('"') % 2:
            continue  # inside a quoted cell
        pending = []
        yield start, joined, next(csv.reader([joined]))
    if pending:
        raise MineralgraphError(f"line {start}: a quoted cell is never closed")


def figure(cell: str) -> Figure | None:
    """A number cell: ``"81000"``, ``">17,000,000"``. Blank → None (no figure). Anything else
    (W, NA, text) is not a figure either: the caller counts it and never makes a number of it."""
    m = FIGURE.fullmatch(cell.strip())
    if not m:
        return None
    qualifier = {">": "over", "<": "under"}.get(m[1] or "", "exact")
    return Figure(float(m[2].replace(",", "")), qualifier)
