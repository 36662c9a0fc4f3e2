"""The golden files of ``report`` on the 10k synthetic dataset: what they hold, and how to remake them.

The golden files (``tests/golden/report-10k/``) were made from the code before the scale work of the
issue "Scale" (commit 1bad2f7), so ``tests/test_golden_report.py`` shows that making ``report`` fast
changed none of its figures. They hold ``synergies.csv`` as written, the terminal summary, and for every
page the drawn graph: each node's id, label, group, size, position, filters and community, each edge's
ends, width, colour, arrows and synergy row, each evidence panel as a SHA-256 of its JSON, and the
matrix page's data. Left out: time stamps only.

Remake (only where a change of figures is intended, and say so in the commit):
    python3 -m tests.golden_report
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden" / "report-10k"
PAGES = ("network.html", "network-actions.html", "network-actors.html")
_NODE_KEYS = (
    "id", "label", "title", "group", "size", "x", "y", "priorities", "goals", "key", "actor_kind",
    "community", "search", "color", "borderWidth",
)  # fmt: skip
_EDGE_KEYS = ("id", "from", "to", "width", "color", "dashes", "arrows", "title", "data")


def synthetic_10k(folder: Path) -> Path:
    """The 10k-participation synthetic dataset (constructed: overlapgraph.synthetic, seed 1)."""
    from overlapgraph.ingest import write_dataset
    from overlapgraph.synthetic import synthetic_dataset

    ds_dir = folder / "synthetic-10000"
    write_dataset(
        synthetic_dataset(priorities=15, actions=2000, actors=300, actors_per_action=5, seed=1), ds_dir
    )
    return ds_dir


def _block(html: str, element_id: str) -> Any:
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert m, f"no {element_id} block"
    return json.loads(m.group(1))


def page_graph(html: str) -> dict[str, Any]:
    """The drawn graph of a network page: every node and edge, each panel as a SHA-256 of its JSON."""
    data = _block(html, "graph-data")

    def item(x: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        out = {k: x[k] for k in keys if k in x}
        if "panel" in x:
            text = json.dumps(x["panel"], ensure_ascii=False, sort_keys=True)
            out["panel_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return out

    rest = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    return {
        "nodes": [item(n, _NODE_KEYS) for n in data["nodes"]],
        "edges": [item(e, _EDGE_KEYS) for e in data["edges"]],
        "rest": rest,
    }


def matrix_cells(html: str) -> Any:
    """The matrix page's data: its cells with their actions."""
    data = _block(html, "matrix-data")
    return data


def snapshot(outdir: Path, stdout: str) -> dict[str, Any]:
    """Everything the golden files compare, from one report folder and its terminal output."""
    return {
        "synergies.csv": (outdir / "synergies.csv").read_bytes().decode("utf-8"),
        "report.txt": stdout,
        "pages": {p: page_graph((outdir / p).read_text("utf-8")) for p in PAGES},
        "matrix": matrix_cells((outdir / "matrix.html").read_text("utf-8")),
    }


def run_report(ds_dir: Path, outdir: Path) -> str:
    from click.testing import CliRunner

    from overlapgraph.cli import cli

    result = CliRunner().invoke(cli, ["report", str(ds_dir), "-o", str(outdir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.replace(str(ds_dir), "DATASET")


def write_golden(snap: dict[str, Any]) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / "synergies.csv").write_bytes(snap["synergies.csv"].encode("utf-8"))
    (GOLDEN / "report.txt").write_text(snap["report.txt"], "utf-8")
    for name in ("pages", "matrix"):
        text = json.dumps(snap[name], ensure_ascii=False, sort_keys=True, indent=0)
        (GOLDEN / f"{name}.json.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def read_golden() -> dict[str, Any]:
    return {
        "synergies.csv": (GOLDEN / "synergies.csv").read_bytes().decode("utf-8"),
        "report.txt": (GOLDEN / "report.txt").read_text("utf-8"),
        **{
            name: json.loads(gzip.decompress((GOLDEN / f"{name}.json.gz").read_bytes()))
            for name in ("pages", "matrix")
        },
    }


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ds = synthetic_10k(root)
        stdout = run_report(ds, root / "out")
        write_golden(snapshot(root / "out", stdout))
    print(f"wrote {GOLDEN}")
