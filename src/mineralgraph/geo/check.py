"""Checks of stated coordinates against the country the record names: a point far outside
its country is an error, and when swapping latitude and longitude would put it inside, the
message says the two are likely swapped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import Problem
from .countries import country

if TYPE_CHECKING:
    from ..load import Located

MARGIN_DEGREES = 1.0  # Natural Earth 1:110m shapes are coarse: allow a degree around them


def location_problems(located: Iterable[Located]) -> Iterator[Problem]:
    """A problem (file:line, record) for each stated point that lies outside its country."""
    for loc in located:
        rec = loc.record
        point = getattr(rec, "location", None)
        home = country(rec.country) if point is not None and rec.country else None  # type: ignore[attr-defined]
        if point is None or home is None or home.near_box(point.lat, point.lon, MARGIN_DEGREES):
            continue
        swapped = (abs(point.lon) <= 90 and home.near_box(point.lon, point.lat, MARGIN_DEGREES))
        hint = (f"; latitude and longitude look swapped (lat {point.lon:g}, lon {point.lat:g} "
                f"is in {home.name})" if swapped else
                f"; {home.name} spans lat {home.bbox[1]:g}..{home.bbox[3]:g}, "
                f"lon {home.bbox[0]:g}..{home.bbox[2]:g}")
        yield Problem(loc.file, loc.line, rec.id,
                      f"location lat {point.lat:g}, lon {point.lon:g} is outside its country "
                      f"{rec.country!r}{hint}")  # type: ignore[attr-defined]
