"""``brief --since DATE``: the brief opens with what changed in its scope between DATE and
the brief's own date — relations that started or ended, figures and targets reported — each
with its sources (:mod:`mineralgraph.diff.dates`)."""

from __future__ import annotations

import datetime as dt

from ..diff.dates import diff_dates
from ..diff.rows import Change
from ..errors import MineralgraphError
from ..kinds import RELATION_KINDS
from ..network.projection import parse_as_of
from ..store import Store
from .cite import Para, para
from .context import Ctx
from .document import Finding


def changes_since(store: Store, since: str, day: dt.date | None) -> list[Change]:
    """Every change on the graph from ``since`` to the brief's date (today for 'all')."""
    try:
        start = parse_as_of(since)
    except MineralgraphError:
        raise MineralgraphError(f"--since {since!r} is not a date: write YYYY, YYYY-MM or "
                                "YYYY-MM-DD") from None
    if start is None:
        raise MineralgraphError("--since needs a date (YYYY, YYYY-MM or YYYY-MM-DD), not 'all'")
    end = day or dt.date.today()
    if start > end:
        raise MineralgraphError(f"--since {since} is after the brief's date {end.isoformat()}")
    return diff_dates(store, since, end.isoformat())


def _text(ctx: Ctx, c: Change) -> str:
    if c.change in ("started", "ended"):
        subject, kind, obj = c.what.split(" ", 2)
        rk = RELATION_KINDS.get(kind)
        what = f"{ctx.label(subject)} — {rk.label if rk else kind} → {ctx.label(obj)}"
        if c.change == "started":
            return f"Started: {what} ({c.new})."
        return f"Ended: {what} ({c.new or c.old})."
    label = "New target" if "target" in c.change else "New figure"
    was = f" (before: {c.old})" if c.old else ""
    return f"{label}: {c.what.replace(c.ends[0], ctx.label(c.ends[0]), 1)} — {c.new}{was}."


def changes_finding(ctx: Ctx, since: str, changes: list[Change]) -> Finding:
    """The opening section: the changes that touch the brief's scope, each cited."""
    members = ctx.scope.members
    points: list[Para] = [para(ctx.run(_text(ctx, c), c.sources)) for c in changes
                          if any(e in members for e in c.ends)]
    if not points:
        points = [para(f"Nothing in the scope of this brief started, ended or was reported "
                       f"since {since}.")]
    return Finding(f"What changed since {since}", points)
