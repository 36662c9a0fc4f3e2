"""Graph analysis with networkx: pure functions from datasets and graphs to results; no Neo4j.

Its names are imported when first used (:mod:`overlapgraph._lazy`): a command that does not
analyse does not load networkx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
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

_WHERE = {
    "DEFAULT_KIND_WEIGHTS": ".synergy",
    "EDGE_TYPES": ".graph",
    "EVIDENCE_KINDS": ".synergy",
    "METRICS": ".synergy",
    "NODE_KINDS": ".graph",
    "PAIR_STATUSES": ".synergy",
    "RECIPROCITY_STATUSES": ".reciprocity",
    "WEIGHTINGS": ".synergy",
    "ActionLink": ".synergy",
    "Analysis": ".core",
    "AnalysisOptions": ".core",
    "Bridge": ".structure",
    "Change": ".diff",
    "DatasetDiff": ".diff",
    "Declaration": ".reciprocity",
    "Evidence": ".synergy",
    "Projection": ".projection",
    "Structure": ".structure",
    "Synergy": ".synergy",
    "action_links": ".synergy",
    "analyse": ".core",
    "available_kinds": ".synergy",
    "bridge_graph": ".structure",
    "build_graph": ".graph",
    "diff_datasets": ".diff",
    "evidence_sets": ".synergy",
    "filter_synergies": ".synergy",
    "item_weights": ".synergy",
    "match_actions": ".diff",
    "node_id": ".graph",
    "periods_of": ".core",
    "priority_graph": ".structure",
    "reciprocity": ".reciprocity",
    "select_period": ".core",
    "set_similarity": ".synergy",
    "structure": ".structure",
    "synergy_table": ".synergy",
    "to_frame": ".synergy",
    "unchecked_targets": ".reciprocity",
    "weighted_projection": ".projection",
}
__all__ = [
    "ActionLink",
    "Analysis",
    "AnalysisOptions",
    "Bridge",
    "Change",
    "DEFAULT_KIND_WEIGHTS",
    "DatasetDiff",
    "Declaration",
    "EDGE_TYPES",
    "EVIDENCE_KINDS",
    "Evidence",
    "METRICS",
    "NODE_KINDS",
    "PAIR_STATUSES",
    "Projection",
    "RECIPROCITY_STATUSES",
    "Structure",
    "Synergy",
    "WEIGHTINGS",
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
__getattr__, __dir__ = attach(__name__, _WHERE)
