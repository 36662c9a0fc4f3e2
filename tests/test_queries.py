"""The query library's files: headers against bodies, typing of parameters, shipping in the wheel.

No server needed; tests/test_queries_neo4j.py runs every query on the bundled data.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from overlapgraph.errors import InputError
from overlapgraph.store.library import Parameter, body_parameters, parse_query

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO / "queries").glob("*.cypher"))
#: Write queries of the loader (the Neo4j engineer's), by the prefixes STYLE/brief reserve for them.
WRITE_PREFIXES = ("schema", "load_", "merge_", "replace_")
LIBRARY = [
    f for f in FILES if not f.stem.startswith(WRITE_PREFIXES) and not f.stem.startswith("read_dataset")
]


def _code(text: str) -> str:
    return re.sub(r"//[^\n]*|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", " ", text)


def test_the_library_has_at_least_twelve_read_queries():
    assert len(LIBRARY) >= 12
    assert all(parse_query(f.read_text("utf-8"), f.stem).mode == "read" for f in LIBRARY)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_header_matches_body(path):
    q = parse_query(path.read_text("utf-8"), path.stem)
    assert q.purpose.endswith(".")
    assert q.mode in {"read", "write", "schema"}
    declared = [p.name for p in q.parameters]
    assert len(declared) == len(set(declared)), "a parameter is declared twice"
    assert set(declared) == body_parameters(q.text)


@pytest.mark.parametrize("path", LIBRARY, ids=[f.stem for f in LIBRARY])
def test_library_query_returns_what_its_header_says(path):
    q = parse_query(path.read_text("utf-8"), path.stem)
    code = _code(q.text)
    final = code[code.rindex("RETURN") :]
    final = re.split(r"\b(?:ORDER BY|SKIP|LIMIT)\b", final)[0]
    assert tuple(re.findall(r"\bAS\s+(\w+)", final)) == q.returns
    assert all(p.typed for p in q.parameters), "every library parameter can be given with -p"
    assert ";" not in code, "one statement per file"
    assert not re.search(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DETACH|FOREACH|LOAD CSV)\b", code)


#: Library queries that take no $period: those keyed by one OAP (its id names its period, a $period could
#: only contradict it) and the one that compares two periods.
NO_PERIOD = {"actions_by_codes", "actors_of_oap", "declarations_of_oap", "goals_without_actions"}
NO_PERIOD |= {"changes_between_periods"}


@pytest.mark.parametrize("path", LIBRARY, ids=[f.stem for f in LIBRARY])
def test_every_query_that_can_take_a_period_does(path):
    """Issue 16: $period optional (null: every period), and the period shown as a column."""
    q = parse_query(path.read_text("utf-8"), path.stem)
    params = {p.name: p for p in q.parameters}
    if q.name in NO_PERIOD:
        assert "period" not in params
        assert "oap_id" in params or {"from_period", "to_period"} <= set(params)
        return
    period = params["period"]
    assert (period.type, period.optional) == ("string", True)
    assert "period" in q.returns


def test_parse_header_of_style_example():
    text = (
        "// name: merge_memberships\n"
        "// Merge Item and Set nodes and the MEMBER_OF relationship between them, one batch.\n"
        "//\n"
        "// Parameters:\n"
        "//   $rows  list of maps {item_id: string, set_id: string, weight: float}\n"
        "// Returns: merged (integer), the number of rows processed\n"
        "// Mode: write, idempotent (MERGE on keys backed by constraints in schema.cypher)\n"
        "UNWIND $rows AS row\n"
    )
    q = parse_query(text, "merge_memberships")
    assert q.purpose == "Merge Item and Set nodes and the MEMBER_OF relationship between them, one batch."
    assert q.parameters == (
        Parameter("rows", "list of maps {item_id: string, set_id: string, weight: float}"),
    )
    assert not q.parameters[0].typed
    assert (q.returns, q.mode) == (("merged",), "write")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            "// name: other\n// X.\n// Parameters: none\n// Returns: a\n// Mode: read\n",
            "names the query 'other'",
        ),
        ("// name: q\n// X.\n// Parameters: none\n// Mode: read\n", "no 'Returns:' line"),
        ("// name: q\n// X.\n// Returns: a\n// Mode: read\n", "no 'Parameters:' line"),
        ("// name: q\n// Parameters: none\n// Returns: a\n// Mode: read\n", "no purpose sentence"),
        ("MATCH (n) RETURN n\n", "no 'name:' line"),
    ],
    ids=["wrong-name", "no-returns", "no-parameters", "no-purpose", "no-header"],
)
def test_broken_headers_are_reported(broken, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_query(broken + "RETURN 1 AS a", "q")


@pytest.mark.parametrize(
    ("ptype", "text", "value"),
    [
        ("int", "3", 3),
        ("int", "-2", -2),
        ("float", "0.5", 0.5),
        ("bool", "true", True),
        ("bool", "No", False),
        ("string", "8.3", "8.3"),
        ("string", "", ""),
        ("list<string>", "8.3,9.1", ["8.3", "9.1"]),
        ("list<string>", '["a,b", "c"]', ["a,b", "c"]),
        ("list<int>", "[1, 2]", [1, 2]),
        ("list<int>", "1, 2", [1, 2]),
        ("list<string>", "", []),
    ],
)
def test_parameter_typing(ptype, text, value):
    got = Parameter("p", ptype).convert(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("ptype", "text", "message"),
    [
        ("int", "2.5", "parameter 'p' wants an int, got '2.5'"),
        ("float", "half", "parameter 'p' wants a float, got 'half'"),
        ("bool", "maybe", "parameter 'p' wants a bool (true or false), got 'maybe'"),
        ("list<int>", "1,x", "parameter 'p' wants an int, got 'x'"),
        ("list<int>", "[1,", "parameter 'p' wants a JSON list"),
        ("datetime", "2022", "has type 'datetime', which cannot be given as text"),
    ],
)
def test_parameter_typing_errors(ptype, text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Parameter("p", ptype).convert(text)


def test_bind_rejects_missing_and_unknown_before_running():
    path = REPO / "queries" / "actors_in_many_priorities.cypher"
    q = parse_query(path.read_text("utf-8"), path.stem)
    assert q.bind({"min_priorities": "2", "include_oap_roles": "false"}) == {
        "min_priorities": 2,
        "include_oap_roles": False,
        "period": None,  # optional: left out, every period
    }
    assert q.bind({"min_priorities": "2", "include_oap_roles": "false", "period": "2023"})["period"] == "2023"
    with pytest.raises(InputError) as e:
        q.bind({"min_priority": "2"})
    assert str(e.value) == (
        "query 'actors_in_many_priorities': unknown parameter 'min_priority'; "
        "missing parameter 'min_priorities' (int); missing parameter 'include_oap_roles' (bool)"
    )


def test_queries_ship_in_the_wheel(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as z:
        shipped = {
            n.removeprefix("overlapgraph/queries/")
            for n in z.namelist()
            if n.startswith("overlapgraph/queries/")
        }
        assert {f.name for f in FILES} <= shipped
        assert (
            z.read("overlapgraph/queries/overlaps_of_priority.cypher")
            == (REPO / "queries" / "overlaps_of_priority.cypher").read_bytes()
        )
        # The local server's Maven project ships too, so `overlapgraph server start` works when installed.
        for name in ("pom.xml", "src/main/java/Neo4jLauncher.java"):
            assert (
                z.read(f"overlapgraph/neo4j_local/{name}")
                == (REPO / "tools" / "neo4j-local" / name).read_bytes()
            )
