"""A change row and its renderings (Markdown, CSV, JSON); the terminal table is the CLI's."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

FORMATS = ("table", "md", "csv", "json")
COLUMNS = ("change", "record", "what", "field", "old", "new", "sources")


@dataclass(frozen=True)
class Change:
    """One difference: a record added/removed (or started/ended at a date), or one field of a
    record changed from ``old`` to ``new``; ``sources`` are the ids of its sources."""

    change: str
    record: str
    what: str
    field: str = ""
    old: str = ""
    new: str = ""
    sources: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()  # the entities it is about (subject, object; or the figure's)

    def cells(self) -> list[str]:
        return [self.change, self.record, self.what, self.field, self.old, self.new,
                ", ".join(self.sources)]


def to_json(changes: list[Change], **head: object) -> str:
    rows = [{**asdict(c), "sources": list(c.sources)} for c in changes]
    return json.dumps({**head, "changes": rows}, ensure_ascii=False, indent=2) + "\n"


def to_csv(changes: list[Change]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for c in changes:
        # a cell that a spreadsheet would run as a formula is quoted with a leading apostrophe
        w.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") and not _number(v) else v
                    for v in c.cells()])
    return buf.getvalue()


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _md_cell(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def to_markdown(changes: list[Change], title: str) -> str:
    lines = [f"# {_md_cell(title)}", ""]
    if not changes:
        return "\n".join(lines + ["No change.", ""])
    lines += ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(v) for v in c.cells()) + " |" for c in changes]
    return "\n".join(lines) + "\n"
