"""Graph analysis with networkx: pure functions from datasets and graphs to results; no Neo4j."""

from .core import Analysis, AnalysisOptions, analyse, periods_of, select_period
from .diff import Change, DatasetDiff, diff_datasets, match_actions
from .graph import EDGE_TYPES, NODE_KINDS, build_graph, node_id
from .projection import Projection, weighted_projection
from .reciprocity import RECIPROCITY_STATUSES, Declaration, reciprocity, unchecked_targets
from .structure import Bridge, Structure, bridge_graph, priority_graph, structure
from .synergy import (
    DEFAULT_KIND_WEIGHTS,
    EVIDENCE_KINDS,
    METRICS,
    PAIR_STATUSES,
    WEIGHTINGS,
    ActionLink,
    Evidence,
    Synergy,
    action_links,
    available_kinds,
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
    "PAIR_STATUSES",
    "RECIPROCITY_STATUSES",
    "WEIGHTINGS",
    "ActionLink",
    "Analysis",
    "AnalysisOptions",
    "Bridge",
    "Change",
    "DatasetDiff",
    "Declaration",
    "Evidence",
    "Projection",
    "Structure",
    "Synergy",
    "action_links",
    "analyse",
    "available_kinds",
    "bridge_graph",
    "build_graph",
    "diff_datasets",
    "evidence_sets",
    "filter_synergies",
    "item_weights",
    "match_actions",
    "node_id",
    "periods_of",
    "priority_graph",
    "reciprocity",
    "select_period",
    "set_similarity",
    "structure",
    "synergy_table",
    "to_frame",
    "unchecked_targets",
    "weighted_projection",
]
