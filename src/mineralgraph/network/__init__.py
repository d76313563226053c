"""Network analysis over the projected influence graph: centrality, influence paths, offtake
and financing chains, backing blocs, market concentration, exports.

>>> from mineralgraph.store import open_store
>>> from mineralgraph.network import project, rank
>>> G = project(open_store())
>>> [r.node for r in rank(G, top=3)]          # doctest: +SKIP

``docs/network.md`` explains what each function computes; the projection is declared in
:data:`mineralgraph.network.rules.PROJECTION`.
"""

from .projection import influence_graph, parse_as_of, parse_kinds, project, valid_at
from .rules import PROJECTION, EdgeRule
from .centrality import centrality, rank  # noqa: E402  (after the projection they build on)
from .paths import influence_paths
from .chains import offtake_chains
from .blocs import backing_blocs, communities
from .concentration import concentration
from .export import annotate, export_graph

__all__ = [
    "PROJECTION", "EdgeRule", "annotate", "backing_blocs", "centrality", "communities",
    "concentration", "export_graph", "influence_graph", "influence_paths", "offtake_chains",
    "parse_as_of", "parse_kinds", "project", "rank", "valid_at",
]
