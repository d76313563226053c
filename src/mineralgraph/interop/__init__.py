"""Interoperability: the graph as BODS 0.4 statements, FollowTheMoney entities and JSON-LD,
and BODS / FollowTheMoney files read back as candidate records for review.

Every exporter reads the store through SPARQL (:mod:`.graph`), never the YAML; every mapping
is a declared table in its module (:mod:`.bods`, :mod:`.ftm`). Nothing heavy is imported here.
"""

from __future__ import annotations

from ..names import INTEROP_FORMATS

__all__ = ["INTEROP_FORMATS"]
