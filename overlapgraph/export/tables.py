"""Synergy results -> pandas DataFrame -> CSV that Excel opens correctly."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.declared import PairSynergy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SYNERGY_COLUMNS", "synergy_frame", "write_csv"]

SYNERGY_COLUMNS = [
    "rank",
    "priority_a",
    "priority_b",
    "name_a",
    "name_b",
    "shared_actions",
    "jaccard",
    "actions",
]


def synergy_frame(synergies: Sequence[PairSynergy], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per priority pair, ranked, with the shared actions listed."""
    import pandas as pd

    rows = [
        {
            "rank": i,
            "priority_a": s.a,
            "priority_b": s.b,
            "name_a": names.get(s.a, s.a),
            "name_b": names.get(s.b, s.b),
            "shared_actions": s.count,
            "jaccard": round(s.jaccard, 4),
            "actions": "; ".join(s.shared),
        }
        for i, s in enumerate(synergies, start=1)
    ]
    return pd.DataFrame(rows, columns=SYNERGY_COLUMNS)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` as UTF-8 CSV with a BOM (so Excel reads accents right), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
