"""Presentation: an :class:`~overlapgraph.analysis.Analysis` as rows, texts and views; no computation.

Every output takes its figures from :func:`~overlapgraph.present.rows.synergy_row`, so a pair shows the
same values under the same names in the terminal, every file format, the HTML pages and Neo4j.
"""

from .rows import KIND_TEXT, SYNERGY_COLUMNS, availability_note, reason, synergy_frame, synergy_row

__all__ = ["KIND_TEXT", "SYNERGY_COLUMNS", "availability_note", "reason", "synergy_frame", "synergy_row"]
