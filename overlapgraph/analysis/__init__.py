"""Graph analysis with networkx: pure functions from datasets and graphs to results; no Neo4j."""

from .declared import PairSynergy, declared_action_sets, declared_synergies
from .graph import EDGE_TYPES, NODE_KINDS, build_graph, node_id

__all__ = [
    "EDGE_TYPES",
    "NODE_KINDS",
    "PairSynergy",
    "build_graph",
    "declared_action_sets",
    "declared_synergies",
    "node_id",
]
