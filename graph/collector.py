"""Pausing Python's cyclic garbage collector while argmap builds big acyclic containers.

Reading a debate, indexing it for validation or snapshotting it for an export allocates
millions of dicts, lists and tuples at 100,000 claims, none of them in a reference cycle.  The
collector, triggered by allocations alone, would walk the growing heap again and again (a third
of the time of reading a framework; 7 of 16 s of validation's index).  One context manager for
all of them.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building big containers.

    Reading and indexing a debate of 100,000 claims makes millions of dicts, lists and tuples,
    none in a reference cycle; the collector, triggered by the allocations alone, walks the
    growing heap again and again (a third of the time, measured).  Reference counting still
    frees everything, and the collector resumes afterwards if it was running.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
