"""The ``overlapgraph`` command line: click only, a thin layer over the library.

Each command area lives in its own module and registers its commands on ``cli`` when imported.
"""

from . import (
    analysis,  # noqa: F401  (registers commands)
    brief,  # noqa: F401  (registers commands)
    dataset,  # noqa: F401  (registers commands)
    draw,  # noqa: F401  (registers commands)
    export,  # noqa: F401  (registers commands)
    neo4j,  # noqa: F401  (registers commands)
    parse,  # noqa: F401  (registers commands)
    query,  # noqa: F401  (registers commands)
)
from ._group import cli
from ._main import main

__all__ = ["cli", "main"]
