"""overlapgraph: find shared actions and synergies between EMPACT crime-priority action plans.

The library behind the ``overlapgraph`` command; notebooks use the same functions.
"""

from importlib.metadata import PackageNotFoundError, version

from .analysis import Analysis, AnalysisOptions, analyse, build_graph, synergy_table
from .config import Settings
from .errors import AnalysisError, InputError, OverlapGraphError, StoreError, ValidationError
from .ingest import read_dataset, write_dataset
from .model import Dataset
from .names import PriorityResolver
from .pipeline import Report, build_report, write_report

try:
    __version__ = version("overlapgraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

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
