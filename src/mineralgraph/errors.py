"""User-facing errors: what went wrong, where, and what to do. The CLI prints them without
a traceback and exits non-zero."""

from __future__ import annotations

from dataclasses import dataclass


class MineralgraphError(Exception):
    """An error caused by the user's input or environment, shown without a traceback."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    record: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        rec = f" record '{self.record}'" if self.record else ""
        return f"{where}:{rec} {self.message}"


class DataError(MineralgraphError):
    """The data files have problems; each names its file, line and record."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


class NotFoundError(MineralgraphError):
    """A named thing (entity, query, store) does not exist; the message suggests near names."""
