"""Python's cycle collector paused while a load or a build allocates its many small objects.

A load or build allocates hundreds of thousands of YAML nodes, dicts, records and RDF terms
that all stay alive until the end; none of them forms a reference cycle that needs the cycle
collector. CPython still runs it every few hundred allocations, and each older-generation pass
walks every live object again: at 4,000 synthetic actors that was three quarters of composing
the YAML and half of turning records into triples. Reference counting still frees everything
as usual; only the cycle search waits until the outermost pause ends.

The collector is process-wide, so pauses nest and overlap safely: it is switched back on when
the last pause ends, and only if it was on when the first began. It only ever changes speed,
never a result.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cycle collector off (see the module docstring)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
