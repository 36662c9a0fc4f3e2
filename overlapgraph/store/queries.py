"""The Cypher files of ``queries/``: one statement per file, named by the file (``schema`` has several).

An installed package reads them from ``overlapgraph/queries`` (the wheel force-includes the repository's
``queries/`` there); a source checkout reads the repository's ``queries/`` folder.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["load_query", "query_dir", "query_names", "split_statements"]

_REPO_QUERIES = Path(__file__).resolve().parents[2] / "queries"


@functools.cache
def query_dir() -> Traversable:
    """The folder holding the ``*.cypher`` files (packaged copy first, then the checkout's)."""
    packaged = files("overlapgraph") / "queries"
    if packaged.is_dir():
        return packaged
    return _REPO_QUERIES


def query_names() -> list[str]:
    """The names of all queries, sorted.

    >>> "schema" in query_names() and "load_actions" in query_names()
    True
    """
    return sorted(f.name.removesuffix(".cypher") for f in query_dir().iterdir() if f.name.endswith(".cypher"))


@functools.cache
def load_query(name: str) -> str:
    """The text of ``queries/<name>.cypher``, header comments included.

    Raises
    ------
    ValueError
        No query has that name.

    Examples
    --------
    >>> load_query("load_priorities").splitlines()[0]
    '// name: load_priorities'
    """
    f = query_dir() / f"{name}.cypher"
    if not f.is_file():
        raise ValueError(f"no query named {name!r}; known: {', '.join(query_names())}")
    return f.read_text(encoding="utf-8")


def split_statements(text: str) -> list[str]:
    """The statements of a file that holds several, separated by ``;`` at the end of a line.

    Comment lines are dropped. Does not parse Cypher: a ``;`` ending a line inside a string would split it.

    >>> split_statements("// c\\nRETURN 1;\\n\\nRETURN 2;\\n")
    ['RETURN 1', 'RETURN 2']
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    parts = (part.strip().rstrip(";").strip() for part in (body + "\n").split(";\n"))
    return [part for part in parts if part]
