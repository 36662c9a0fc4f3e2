"""The main job wired end to end: input -> dataset -> graph -> analysis -> files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .analysis.declared import PairSynergy, declared_synergies
from .analysis.reciprocity import Declaration, reciprocity, unchecked_targets
from .analysis.structure import Structure, structure
from .analysis.synergy import Synergy, synergy_table
from .errors import InputError
from .model import Dataset
from .output import OutputSet

__all__ = ["REPORT_VIEWS", "Report", "build_report", "write_report"]

#: The network views ``report`` writes, with their file names.
REPORT_VIEWS = (
    ("priorities", "network.html"),
    ("actions", "network-actions.html"),
    ("actors", "network-actors.html"),
)


@dataclass
class Report:
    """What ``overlapgraph report`` computes for one dataset."""

    dataset: Dataset
    synergies: list[PairSynergy]
    files: list[Path] = field(default_factory=list)
    table: list[Synergy] = field(default_factory=list)  # combined synergies, all evidence (issue 5)
    declarations: list[Declaration] = field(default_factory=list)  # reciprocity of declared overlaps
    structure: Structure | None = None  # communities, k-cores, bridges

    def summary(self, top: int = 5) -> str:
        """A short text summary: what the dataset holds and its strongest synergies."""
        names = {p.code: p.name for p in self.dataset.priorities}
        lines = [f"{self.dataset.name}: {self.dataset.summary()}"]
        if not self.synergies:
            lines.append("No synergies: no declared overlaps link any two priorities.")
        else:
            lines.append(
                f"{len(self.synergies)} priority pairs share actions; top {min(top, len(self.synergies))}:"
            )
            for i, s in enumerate(self.synergies[:top], start=1):
                lines.append(
                    f"{i:>3}. {s.a} - {s.b}: {s.count} shared actions, Jaccard {s.jaccard:.3f} "
                    f"({names.get(s.a, s.a)} / {names.get(s.b, s.b)})"
                )
        lines += self._analysis_lines(top)
        return "\n".join(lines)

    def _analysis_lines(self, top: int) -> list[str]:
        """The synergy-analysis sections of the summary (issue 5): one line each."""
        out: list[str] = []
        if self.table and top:
            best = ", ".join(f"{s.a}-{s.b} {s.score:.2f}" for s in self.table[:top])
            out.append(f"Combined synergy scores (declared, actors, goals; see `synergies`): {best}")
        if self.declarations:
            n = {st: sum(d.status == st for d in self.declarations) for st in ("one-sided", "reciprocated")}
            missing = unchecked_targets(self.declarations)
            line = f"Reciprocity: {n['one-sided']} one-sided, {n['reciprocated']} reciprocated declarations"
            if missing:
                line += f"; not checked (target OAPs not loaded): {', '.join(missing)}"
            out.append(line)
        if self.structure is not None and self.structure.communities:
            groups = "; ".join("{" + ", ".join(c) + "}" for c in self.structure.communities)
            out.append(f"Communities (Louvain, seed {self.structure.seed}): {groups}")
        return out


def build_report(ds: Dataset) -> Report:
    """Analyse a dataset in memory."""
    table = synergy_table(ds)
    return Report(
        ds,
        declared_synergies(ds),
        table=table,
        declarations=reciprocity(ds),
        structure=structure(ds, table),
    )


def write_report(ds: Dataset, outdir: Path) -> Report:
    """Analyse ``ds`` and write the report files into ``outdir``.

    Every file is staged next to its destination and put in place only when all are complete
    (one :class:`~overlapgraph.output.OutputSet`), so a failure leaves ``outdir`` as it was.
    """
    from .analysis.views import make_view
    from .export.tables import synergy_frame
    from .render.network import render_html

    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    report = build_report(ds)
    names = {p.code: p.name for p in ds.priorities}
    with OutputSet() as out:  # all four files or none; see overlapgraph.output
        out.reserve(outdir / "synergies.csv", *(outdir / name for _, name in REPORT_VIEWS))
        out.write_csv(outdir / "synergies.csv", synergy_frame(report.synergies, names))
        # The main views (issue 6): network.html is the priorities view, the others sit beside it.
        for view, name in REPORT_VIEWS:
            synergies = (report.table or report.synergies) if view == "priorities" else None
            G = make_view(ds, view, synergies=synergies)
            page = render_html(G, subtitle=f"{ds.name} — {ds.summary()}")
            out.write_text(outdir / name, page)
    report.files += sorted(out.files)
    return report
