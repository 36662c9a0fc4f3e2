"""Neutralise spreadsheet formulas in exported text (CSV/formula injection); kept for its imports.

The functions live in :mod:`overlapgraph.output`, with the one file writer and the one CSV policy.
"""

from __future__ import annotations

from ..output import FORMULA_PREFIXES, is_formula_like, neutralise, unneutralise, xml_safe

__all__ = ["FORMULA_PREFIXES", "is_formula_like", "neutralise", "unneutralise", "xml_safe"]
