"""Rows as the files people open: CSV, Markdown tables and Excel workbooks, all safe to open.

Shared by ``query`` and the analysis commands (``rank``, ``paths``, ``offtake``, ``blocs``,
``concentration``). Every text cell goes through :mod:`mineralgraph.textsafe`: CSV cells that
could start a formula get a leading ``'``; Markdown cells are escaped so data never becomes a
link or emphasis; Excel cells holding text are typed as text (a label ``=HYPERLINK(…)`` stays
text) and lose the control characters a workbook cannot hold. openpyxl is imported only when
a workbook is written.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .textsafe import csv_cell, xml_text

XLSX_MAX_CELL = 32767  # characters Excel keeps in one cell
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
             lineterminator: str = "\n") -> str:
    """CSV with a header; cells made safe for spreadsheets (:func:`csv_cell`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=lineterminator)
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell("" if v is None else v) for v in row])
    return buf.getvalue()


def md_cell(value: Any) -> str:
    """A Markdown table cell: inline markup characters and ``|`` escaped, lines joined."""
    text = "" if value is None else str(value)
    return " ".join(_MD_SPECIAL.sub(r"\\\1", text).split())


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table (header, separator, rows)."""
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_xlsx(path: str | Path, sheets: dict[str, tuple[Sequence[str], list[Sequence[Any]]]]
               ) -> Path:
    """Write an Excel workbook, one sheet per entry ``name: (columns, rows)``, atomically.
    Numbers stay numbers; text is typed as text, so nothing in it runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .atomic import atomic_path

    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(_sheet_title(name))
        for c, title in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=c)
            _set(cell, title)
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                _set(sheet.cell(row=r, column=c), value)
        sheet.freeze_panes = "A2"
    with atomic_path(path) as tmp:
        book.save(tmp)
    return Path(path)


def _set(cell, value: Any) -> None:
    if value is None:
        return
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))):
        text = value if isinstance(value, str) else str(value)
        cell.value = xml_text(text)[:XLSX_MAX_CELL]
        cell.data_type = "s"  # text, never a formula
        return
    cell.value = value


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "rows"
