"""Graph analysis with networkx: pure functions from datasets and graphs to results; no Neo4j."""

from .declared import PairSynergy, declared_action_sets, declared_synergies
from .diff import Change, DatasetDiff, diff_datasets, match_actions
from .graph import EDGE_TYPES, NODE_KINDS, build_graph, node_id
from .projection import Projection, weighted_projection
from .reciprocity import RECIPROCITY_STATUSES, Declaration, reciprocity, unchecked_targets
from .structure import Bridge, Structure, bridge_graph, priority_graph, structure
from .synergy import (
    DEFAULT_KIND_WEIGHTS,
    EVIDENCE_KINDS,
    METRICS,
    WEIGHTINGS,
    ActionLink,
    Evidence,
    Synergy,
    action_links,
    evidence_sets,
    filter_synergies,
    item_weights,
    set_similarity,
    synergy_table,
    to_frame,
)

__all__ = [
    "DEFAULT_KIND_WEIGHTS",
    "EDGE_TYPES",
    "EVIDENCE_KINDS",
    "METRICS",
    "NODE_KINDS",
    "RECIPROCITY_STATUSES",
    "WEIGHTINGS",
    "ActionLink",
    "Bridge",
    "Change",
    "DatasetDiff",
    "Declaration",
    "Evidence",
    "PairSynergy",
    "Projection",
    "Structure",
    "Synergy",
    "action_links",
    "bridge_graph",
    "build_graph",
    "declared_action_sets",
    "declared_synergies",
    "diff_datasets",
    "evidence_sets",
    "filter_synergies",
    "item_weights",
    "match_actions",
    "node_id",
    "priority_graph",
    "reciprocity",
    "set_similarity",
    "structure",
    "synergy_table",
    "to_frame",
    "unchecked_targets",
    "weighted_projection",
]
