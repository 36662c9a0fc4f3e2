"""The loader's Cypher files: found through importlib.resources, all used, schema split into statements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from overlapgraph.store.loader import LOAD_STEPS, PARTICIPATION_QUERIES
from overlapgraph.store.queries import load_query, query_names, split_statements

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "overlapgraph" / "store"
OWN = [n for n in query_names() if n.startswith(("schema", "load_", "replace_", "read_dataset_"))]


def test_names_are_the_files():
    assert query_names() == sorted(p.stem for p in (REPO / "queries").glob("*.cypher"))
    # schema, a load_ per table (3 for participations), load_provenance, 3 load_analysis_, 10 replace_,
    # 10 read_
    assert len(OWN) == 1 + 10 + 1 + 3 + 10 + 10


@pytest.mark.parametrize("name", OWN)
def test_every_store_query_is_used_by_the_store_code(name):
    code = "\n".join(p.read_text() for p in STORE.glob("*.py"))
    used = {q for _, q, _ in LOAD_STEPS if q} | set(PARTICIPATION_QUERIES.values())
    used |= set(re.findall(r'"((?:replace|read_dataset|load_analysis)_\w+|load_provenance|schema)"', code))
    used |= {f"read_dataset_{t}" for t, _, _ in LOAD_STEPS}  # the read-back goes table by table
    assert name in used


def test_unknown_query_names_the_known_ones():
    with pytest.raises(ValueError, match=r"no query named 'nope'; known: .*load_actions"):
        load_query("nope")


def test_schema_has_one_constraint_per_node_key_and_the_action_index():
    statements = split_statements(load_query("schema"))
    keys = [re.search(r"FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE", s) for s in statements]
    assert sorted(m.groups() for m in keys if m) == [
        ("Action", "action_id"),
        ("Actor", "code"),
        ("Analysis", "period"),
        ("Goal", "goal_id"),
        ("Load", "load_id"),
        ("OAP", "oap_id"),
        ("Priority", "code"),
    ]
    assert any("FOR (n:Action) ON (n.oap_id, n.code)" in s for s in statements)
    assert any("FOR (n:PriorityInPeriod) REQUIRE (n.code, n.period) IS UNIQUE" in s for s in statements)
    assert all("IF NOT EXISTS" in s and not s.startswith("//") for s in statements)


def test_values_reach_cypher_only_as_parameters():
    """The loader's Python never formats Cypher: no f-string or .format() holds a Cypher clause."""
    mine = ["connection.py", "loader.py", "reader.py", "queries.py", "local_server.py"]
    code = "\n".join((STORE / f).read_text() for f in mine)
    assert not re.search(r"""f["'][^"'\n]*\b(MATCH|MERGE|CREATE|SET|DELETE|RETURN|UNWIND)\b""", code)
    assert ".format(" not in code and "% (" not in code
