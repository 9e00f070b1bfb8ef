"""Errors argmap reports to a user: one line, naming the place and what is wrong.

Library code raises these; the CLI turns every :class:`ArgmapError` into a one-line message and
exit status 2, never a traceback.

>>> str(DataError("expected '.'", path="data/claims.ttl", line=3, column=14))
"data/claims.ttl:3:14: expected '.'"
>>> str(DataError("file is empty", path="x.ttl"))
'x.ttl: file is empty'
"""

from __future__ import annotations

from os import PathLike

__all__ = ["ArgmapError", "DataError", "ConcurrentEditError", "NotFoundError"]


class ArgmapError(Exception):
    """Any error caused by the user's input or data (not a bug in argmap)."""

    exit_code = 2


class DataError(ArgmapError):
    """A data file (or text) that cannot be read, with its place when known."""

    def __init__(self, message: str, path: str | PathLike | None = None,
                 line: int | None = None, column: int | None = None):
        self.message = " ".join(str(message).split())  # one line, whatever the parser said
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        place = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{place}: {self.message}" if place else self.message


class ConcurrentEditError(ArgmapError):
    """The file changed on disk since it was read; writing would lose someone's edit."""


class NotFoundError(ArgmapError):
    """An ID that names nothing in the graph."""
