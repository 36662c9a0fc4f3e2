"""Results as pandas DataFrames and the files coordinators open (CSV first)."""

from .tables import synergy_frame, write_csv

__all__ = ["synergy_frame", "write_csv"]
