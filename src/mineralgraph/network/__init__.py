"""Network analysis over the projected influence graph: centrality, influence paths, offtake
and financing chains, backing blocs, market concentration, exports.

>>> from mineralgraph.store import open_store
>>> from mineralgraph.network import project, rank
>>> G = project(open_store())
>>> [r.node for r in rank(G, top=3)]          # doctest: +SKIP
"""

from .projection import influence_graph, parse_as_of, parse_kinds, project, valid_at
from .rules import PROJECTION, EdgeRule

__all__ = [
    "PROJECTION", "EdgeRule", "influence_graph", "parse_as_of", "parse_kinds", "project",
    "valid_at",
]
