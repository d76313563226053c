"""Policy briefs computed from the graph, written as Markdown, HTML, PDF and Word.

>>> from mineralgraph.store import open_store
>>> from mineralgraph.brief import write_brief
>>> write_brief(open_store(), "kazakhstan", commodity="tungsten", out_dir="out/briefs",
...             formats=("md", "pdf"))                                  # doctest: +SKIP
[PosixPath('out/briefs/brief-kazakhstan-tungsten-network.png'), …]

The content (:func:`build_brief`) is computed from the graph only — through the named
queries ``queries/brief-*.rq`` and the influence projection of :mod:`mineralgraph.network` —
and every figure and claim in it carries the number of its source.
"""

from .content import build_brief, compose
from .document import Brief
from .scope import Focus, resolve_focus
from .write import FORMATS, parse_formats, write_brief

__all__ = ["FORMATS", "Brief", "Focus", "build_brief", "compose", "parse_formats",
           "resolve_focus", "write_brief"]
