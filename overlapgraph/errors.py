"""Exceptions raised by overlapgraph.

* OverlapGraphError    base class; the CLI turns it into "Error: ..." and exit code 1
  x InputError         unreadable or invalid input (file, line, column)
    x ValidationError  a dataset with one or more problems, all listed
  x StoreError         Neo4j unreachable, authentication failed, query failed
  x AnalysisError      graph unsuitable for the requested analysis
  x OutputError        a file cannot be written there (a folder, a device, under a file, ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AnalysisError",
    "InputError",
    "OutputError",
    "OverlapGraphError",
    "Problem",
    "StoreError",
    "ValidationError",
]


class OverlapGraphError(Exception):
    """Base class for all errors raised by overlapgraph."""


class InputError(OverlapGraphError):
    """Raised when an input file is unreadable or invalid; the message names file, line and field."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a dataset: where it is and what is wrong."""

    file: str
    line: int  # 0 when the problem concerns the whole file
    column: str  # "" when the problem concerns the whole row or file
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.column:
            where += f": column '{self.column}'"
        return f"{where}: {self.message}"


#: Problems a ValidationError's message lists; the rest are counted (all are in ``problems``).
SHOWN_PROBLEMS = 200


class ValidationError(InputError):
    """Raised when a dataset has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n:,} problem{'s' if n != 1 else ''} in dataset"
        shown = [f"  {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if n > SHOWN_PROBLEMS:
            shown.append(f"  ... and {n - SHOWN_PROBLEMS:,} more")
        super().__init__(head + ":\n" + "\n".join(shown))

    def __reduce__(self) -> tuple[type[ValidationError], tuple[list[Problem]]]:
        """Pickled with its problems (its message is made from them): raised again the same in the
        process that reads a dataset in a child (overlapgraph.cli)."""
        return (type(self), (self.problems,))


class StoreError(OverlapGraphError):
    """Raised when Neo4j cannot be reached, refuses the credentials, or a query fails."""


class AnalysisError(OverlapGraphError):
    """Raised when a graph is unsuitable for the requested analysis."""


class OutputError(OverlapGraphError):
    """Raised when a file cannot be written: the message names the path and what is wrong with it."""
