"""Which engine computes a measure: NetworkX (and its backend dispatch) or python-igraph.

``auto`` (the default) is NetworkX, except betweenness and closeness on graphs between
:data:`~.centrality.EXACT_BETWEENNESS_MAX_NODES` and
:data:`~.centrality.IGRAPH_EXACT_MAX_NODES` nodes, which go to igraph when it is installed (exact, and faster than NetworkX's sampling: 8 s against 22 s sampled, and 7 s
against 126 s for closeness, at 11k nodes on a loaded 2-core machine). ``networkx`` forces
NetworkX everywhere.

Every NetworkX algorithm is called through :func:`call`, so an installed NetworkX backend such
as nx-parallel (``--backend parallel``, or ``MINERALGRAPH_BACKEND=parallel``) runs the
measures it implements and NetworkX runs the others; NetworkX's own configuration
(``NETWORKX_BACKEND_PRIORITY``) still applies when no backend is named. ``igraph`` is not a
NetworkX backend: it is our accelerated path for betweenness and closeness on large graphs
(:mod:`.fast`), with the same numbers as NetworkX.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import networkx as nx

from ..errors import MineralgraphError

ENV_VAR = "MINERALGRAPH_BACKEND"
JOBS_VAR = "MINERALGRAPH_JOBS"
PARALLEL = "parallel"
NETWORKX = "networkx"
IGRAPH = "igraph"
AUTO = "auto"


def chosen_backend(backend: str | None) -> str:
    """The backend asked for: the argument, else ``$MINERALGRAPH_BACKEND``, else ``auto``
    (NetworkX, with igraph for betweenness and closeness on large graphs when installed)."""
    name = (backend or os.environ.get(ENV_VAR) or AUTO).strip().lower()
    if name in (NETWORKX, IGRAPH, AUTO):
        if name == IGRAPH:
            _require_igraph()
        return name
    installed = installed_backends()
    if name not in installed:
        have = ", ".join([AUTO, NETWORKX, IGRAPH, *installed])
        raise MineralgraphError(
            f"backend {name!r} is not installed; available: {have} (nx-parallel: pip install "
            "'mineralgraph[parallel]')")
    return name


def installed_backends() -> list[str]:
    """NetworkX backends registered by installed packages (e.g. ``parallel``)."""
    return sorted(nx.utils.backends.backends)


def call(func: Callable[..., Any], *args: Any, backend: str, jobs: int | None = None,
         **kwargs: Any) -> tuple[Any, str]:
    """Run a NetworkX algorithm on ``backend`` where it implements it; return (result, engine).

    A backend that lacks the algorithm is not an error: NetworkX computes it, and the engine
    returned says so, so reports never claim a speed-up that did not happen. For nx-parallel,
    ``jobs`` (default ``$MINERALGRAPH_JOBS``, else every core) is set through joblib's
    ``parallel_config`` context, which is local to the calling thread: nothing global changes.
    """
    if backend in (NETWORKX, IGRAPH, AUTO):
        return func(*args, **kwargs), NETWORKX
    if backend not in getattr(func, "backends", ()):
        return func(*args, **kwargs), f"{NETWORKX} ({backend} does not implement " \
                                      f"{func.__name__})"
    if backend == PARALLEL:
        from joblib import parallel_config

        n = jobs if jobs is not None else _env_jobs()
        with parallel_config(n_jobs=n):
            return func(*args, backend=backend, **kwargs), f"{backend} (n_jobs={n})"
    return func(*args, backend=backend, **kwargs), backend


def _env_jobs() -> int:
    text = os.environ.get(JOBS_VAR, "-1")
    try:
        return int(text)
    except ValueError:
        raise MineralgraphError(f"${JOBS_VAR}={text!r} is not a number of jobs") from None


def igraph_available() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _require_igraph() -> None:
    try:
        import igraph  # noqa: F401
    except ImportError:
        raise MineralgraphError(
            "backend 'igraph' needs python-igraph: pip install 'mineralgraph[fast]'") from None
