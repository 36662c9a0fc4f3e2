"""The analysts' Cypher library: parse query headers (STYLE.md §6) and type parameters from them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError

__all__ = [
    "STORE_PREFIXES",
    "Parameter",
    "QueryInfo",
    "body_parameters",
    "get_query",
    "library",
    "parse_query",
]

_SCALARS = {"string": "string", "int": "int", "integer": "int", "float": "float", "bool": "bool"}
_SCALARS["boolean"] = "bool"
_PARAM_LINE = re.compile(r"^\$(\w+)\s+(\S+)(?:\s*,?\s*(.*))?$")
_LIST = re.compile(r"^list<(\w+)>,?$")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


@dataclass(frozen=True)
class Parameter:
    """One ``$parameter`` as its query's header declares it."""

    name: str
    type: str  # "string", "int", "float", "bool", "list<string>"..., or the header's text when other
    description: str = ""

    @property
    def optional(self) -> bool:
        """True when the header says ``optional``: left out, it is null (e.g. ``$period``: every period)."""
        return self.description.lower().startswith("optional")

    @property
    def typed(self) -> bool:
        """True when a value for it can be given as text (``-p name=value``)."""
        m = _LIST.match(self.type)
        return self.type in _SCALARS.values() or bool(m and m.group(1) in _SCALARS)

    def convert(self, text: str) -> object:
        """The value ``text`` means for this parameter's type.

        Lists are given as JSON (``["8.3", "9.1"]``) or separated by commas (``8.3,9.1``).

        >>> Parameter("n", "int").convert("2"), Parameter("b", "bool").convert("yes")
        (2, True)
        >>> Parameter("codes", "list<string>").convert("8.3, 9.1")
        ['8.3', '9.1']
        >>> Parameter("n", "int").convert("two")
        Traceback (most recent call last):
        ...
        ValueError: parameter 'n' wants an int, got 'two'
        """
        m = _LIST.match(self.type)
        if m:
            inner = Parameter(self.name, _SCALARS.get(m.group(1), m.group(1)))
            stripped = text.strip()
            if stripped.startswith("["):
                try:
                    items = json.loads(stripped)
                except json.JSONDecodeError as e:
                    raise ValueError(f"parameter '{self.name}' wants a JSON list, got {text!r}: {e}") from e
                if not isinstance(items, list):
                    raise ValueError(f"parameter '{self.name}' wants a list, got {text!r}")
                return [inner.convert(i if isinstance(i, str) else json.dumps(i)) for i in items]
            return [inner.convert(p.strip()) for p in stripped.split(",")] if stripped else []
        if self.type == "string":
            return text
        try:
            if self.type == "int":
                number = int(text) if len(text) <= 25 else None
                if number is None or not -(2**63) <= number <= 2**63 - 1:  # what Neo4j stores (issue 17)
                    shown = text if len(text) <= 40 else f"{text[:40]}... ({len(text):,} characters)"
                    raise ValueError(
                        f"parameter '{self.name}' wants an int of 64 bits (-9223372036854775808 to "
                        f"9223372036854775807), got {shown}"
                    )
                return number
            if self.type == "float":
                return float(text)
        except ValueError as e:
            if "of 64 bits" in str(e):
                raise
            raise ValueError(
                f"parameter '{self.name}' wants a{'n' * (self.type == 'int')} {self.type}, got {text[:40]!r}"
            ) from None
        if self.type == "bool":
            low = text.strip().lower()
            if low in _TRUE | _FALSE:
                return low in _TRUE
            raise ValueError(f"parameter '{self.name}' wants a bool (true or false), got {text!r}")
        raise ValueError(f"parameter '{self.name}' has type '{self.type}', which cannot be given as text")


@dataclass(frozen=True)
class QueryInfo:
    """A query file: its header, parsed, and its text."""

    name: str
    purpose: str
    parameters: tuple[Parameter, ...]
    returns: tuple[str, ...]  # column names
    mode: str  # "read", "write" or "schema": the first word of the Mode line
    text: str  # the whole file, header included (Cypher ignores // comments)

    @property
    def is_read(self) -> bool:
        """True for queries that only read."""
        return self.mode == "read"

    def bind(self, values: Mapping[str, str]) -> dict[str, object]:
        """Typed parameters from ``name -> text``; InputError names every missing or unknown one.

        >>> head = "// name: q\\n// Q.\\n// Parameters:\\n//   $n  int\\n// Returns: x\\n// Mode: read\\n"
        >>> q = parse_query(head + "RETURN $n AS x", "q")
        >>> q.bind({"n": "3"})
        {'n': 3}
        >>> q.bind({"m": "3"})
        Traceback (most recent call last):
        ...
        overlapgraph.errors.InputError: query 'q': unknown parameter 'm'; missing parameter 'n' (int)
        """
        declared = {p.name: p for p in self.parameters}
        problems = [f"unknown parameter '{k}'" for k in values if k not in declared]
        problems += [
            f"missing parameter '{p.name}' ({p.type})"
            for p in self.parameters
            if p.name not in values and not p.optional
        ]
        if problems:
            raise InputError(f"query '{self.name}': " + "; ".join(problems))
        out: dict[str, object] = {p.name: None for p in self.parameters if p.optional}
        for k, text in values.items():
            try:
                out[k] = declared[k].convert(text)
            except ValueError as e:
                raise InputError(f"query '{self.name}': {e}") from e
        return out


def _split_columns(text: str) -> tuple[str, ...]:
    """Column names from a Returns text such as ``a (string), b (list<string>)`` or ``a, b``."""
    cols = []
    depth, start, items = 0, 0, []
    for i, ch in enumerate(text):
        depth += ch in "(<{[" and 1 or 0
        depth -= ch in ")>}]" and 1 or 0
        if ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    for item in items:
        m = re.match(r"^\s*(\w+)\s*(\(.*\))?\s*$", item)
        if m and m.group(1) != "nothing":
            cols.append(m.group(1))
    return tuple(cols)


def parse_query(text: str, name: str) -> QueryInfo:
    """Parse the header of a query file (STYLE.md §6).

    Raises
    ------
    ValueError
        The header lacks its name, purpose, Returns or Mode line, or names another query.
    """
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    fields: dict[str, str] = {}
    purpose: list[str] = []
    params: list[Parameter] = []
    section = "purpose"
    for line in header:
        key, sep, rest = line.partition(":")
        if sep and key in ("name", "Parameters", "Returns", "Mode"):
            section = "purpose" if key == "name" else key
            fields[key] = rest.strip()
            continue
        if section == "purpose":
            if line:
                purpose.append(line)
            elif purpose:
                section = "gap"
        elif section == "Parameters" and line.startswith("$"):
            m = _PARAM_LINE.match(line)
            if not m:
                raise ValueError(f"{name}: cannot read parameter line {line!r}")
            ptype = m.group(2).rstrip(",")
            desc = m.group(3) or ""
            if not (ptype in _SCALARS or _LIST.match(ptype)):
                ptype, desc = (m.group(2) + " " + desc).strip(), ""
            params.append(Parameter(m.group(1), _SCALARS.get(ptype, ptype), desc))
        elif section == "Returns" and line:
            fields["Returns"] += " " + line
    for required in ("name", "Returns", "Mode"):
        if required not in fields:
            raise ValueError(f"{name}: header has no '{required}:' line")
    if fields["name"] != name:
        raise ValueError(f"{name}: header names the query {fields['name']!r}")
    if not purpose:
        raise ValueError(f"{name}: header has no purpose sentence")
    if "Parameters" not in fields:
        raise ValueError(f"{name}: header has no 'Parameters:' line")
    return QueryInfo(
        name=name,
        purpose=" ".join(purpose),
        parameters=tuple(params),
        returns=_split_columns(fields["Returns"]),
        mode=(fields["Mode"].split() or [""])[0].rstrip(",").lower(),
        text=text,
    )


# One pass, so that a quote inside a comment or "//" inside a string is not misread. Possessive, and an
# unclosed string runs to the end: linear time, whatever the text (issue 17).
_NOT_CODE = re.compile(
    r"//[^\n]*+|'(?:[^'\\]++|\\.)*+(?:'|\Z)|\"(?:[^\"\\]++|\\.)*+(?:\"|\Z)|`[^`]*+(?:`|\Z)"
)


def body_parameters(text: str) -> set[str]:
    """The ``$parameters`` a query's Cypher uses (not counting comments and string literals).

    >>> sorted(body_parameters("// $x\\nMATCH (n {code: $code}) WHERE n.t = '$no' RETURN $limit"))
    ['code', 'limit']
    """
    code = _NOT_CODE.sub(" ", text)
    return set(re.findall(r"\$(\w+)", code))


#: Name prefixes of the store's own queries (schema, loader, read-back): not the analysts' library.
STORE_PREFIXES = ("schema", "load_", "merge_", "replace_", "read_dataset_")


def library() -> list[QueryInfo]:
    """The analysts' query library: every shipped query file but the store's own, parsed, by name."""
    from .queries import load_query, query_names

    return [parse_query(load_query(n), n) for n in query_names() if not n.startswith(STORE_PREFIXES)]


def get_query(name: str) -> QueryInfo:
    """The query called ``name``.

    Raises
    ------
    InputError
        No query has that name (the message lists the read queries).
    """
    from .queries import load_query, query_names

    names = query_names()
    if name not in names:
        import difflib

        reads = [q.name for q in library() if q.is_read]
        close = difflib.get_close_matches(name, reads, n=3, cutoff=0.5)
        if not close:  # a part of a name ("synergies") finds the queries that hold it
            close = [r for r in reads if name.lower() in r][:3]
        hint = f"did you mean {' or '.join(close)}?" if close else "`overlapgraph query list` lists them"
        raise InputError(f"no query named '{name}'; {hint}")
    return parse_query(load_query(name), name)
