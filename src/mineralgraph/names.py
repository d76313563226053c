"""Names and limits that the commands and the library share — the record-id rule, centrality
measures, export formats, the explorer's large-graph threshold — in a module that imports
nothing heavy, so that the command line can write its help and check its options without
loading NetworkX, NumPy or the renderers (``mineralgraph --help`` and a plain query start in
a fraction of the time)."""

from __future__ import annotations

import re

#: A record id (slug): lower-case letters and digits in dash-separated parts.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # use with fullmatch
#: Centrality measures, in the order the reports show them.
MEASURES = ("pagerank", "betweenness", "closeness", "eigenvector", "degree")
#: Longest backing chain followed from a state (hops).
MAX_HOPS = 4
#: Brief formats, in the order they are written.
BRIEF_FORMATS = ("md", "html", "pdf", "docx")
#: Graph export formats.
EXPORT_FORMATS = ("graphml", "gexf", "csv", "json")
#: Data-exchange formats of ``export`` (:mod:`mineralgraph.interop`): BODS 0.4 statements,
#: FollowTheMoney JSON lines, JSON-LD of the data set.
INTEROP_FORMATS = ("bods", "ftm", "jsonld")
# Output of the analysis commands (rank, paths, offtake, blocs, concentration): --format
REPORT_FORMATS = ("table", "csv", "json", "md", "xlsx")
#: HHI (shares in percent) above which the reports call a market highly concentrated.
HIGHLY_CONCENTRATED = 2500.0
#: Above this many nodes the explorer draws for speed: no edge labels, straight edges, edges
#: hidden while dragging. Positions are always precomputed and physics is always off.
LARGE_GRAPH = 1000
#: How many entities the explorer's network view opens on (``explore --top``); the page holds
#: them all, the rest wait in clusters (see :mod:`mineralgraph.explore.start`).
EXPLORE_TOP = 20


def shown_quote(quote: str, paraphrase: bool = False) -> str:
    """Evidence text as every report prints it: a verbatim quote in quotation marks; our
    paraphrase of a source never in quotation marks, and labelled as a paraphrase."""
    return f"paraphrase: {quote}" if paraphrase else f"“{quote}”"
