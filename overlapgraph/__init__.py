"""overlapgraph: find shared actions and synergies between EMPACT crime-priority action plans.

The library behind the ``overlapgraph`` command; notebooks use the same functions.

The names below are imported when first used (PEP 562): ``import overlapgraph`` and the command line's
start do not load networkx, igraph and the page templates (half a second) until a command needs them,
and a command that reads its input can read it while they load (:mod:`overlapgraph.preload`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis, AnalysisOptions, analyse, build_graph, synergy_table
    from .config import Settings
    from .errors import AnalysisError, InputError, OverlapGraphError, StoreError, ValidationError
    from .ingest import read_dataset, write_dataset
    from .model import Dataset
    from .names import PriorityResolver
    from .pipeline import Report, build_report, write_report

#: Each public name and the module it comes from.
_WHERE = {
    "Analysis": ".analysis",
    "AnalysisOptions": ".analysis",
    "analyse": ".analysis",
    "build_graph": ".analysis",
    "synergy_table": ".analysis",
    "Settings": ".config",
    "AnalysisError": ".errors",
    "InputError": ".errors",
    "OverlapGraphError": ".errors",
    "StoreError": ".errors",
    "ValidationError": ".errors",
    "read_dataset": ".ingest",
    "write_dataset": ".ingest",
    "Dataset": ".model",
    "PriorityResolver": ".names",
    "Report": ".pipeline",
    "build_report": ".pipeline",
    "write_report": ".pipeline",
}

__all__ = [
    "Analysis",
    "AnalysisError",
    "AnalysisOptions",
    "Dataset",
    "InputError",
    "OverlapGraphError",
    "PriorityResolver",
    "Report",
    "Settings",
    "StoreError",
    "ValidationError",
    "__version__",
    "analyse",
    "build_graph",
    "build_report",
    "read_dataset",
    "synergy_table",
    "write_dataset",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (and keep it in the module)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("overlapgraph")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            value = "0+unknown"
    elif name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
