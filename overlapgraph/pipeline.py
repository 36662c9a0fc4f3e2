"""The main job wired end to end: input -> dataset -> one analysis -> terminal summary and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .analysis.core import Analysis, AnalysisOptions, analyse
from .analysis.reciprocity import unchecked_targets
from .collector import paused
from .errors import InputError
from .forked import later
from .model import Dataset
from .output import OutputSet

__all__ = ["MATRIX_FILE", "REPORT_VIEWS", "Report", "build_report", "write_report"]

#: The network views ``report`` writes, with their file names.
REPORT_VIEWS = (
    ("priorities", "network.html"),
    ("actions", "network-actions.html"),
    ("actors", "network-actors.html"),
)

#: The directional matrix page ``report`` writes beside the networks.
MATRIX_FILE = "matrix.html"


@dataclass
class Report:
    """What ``overlapgraph report`` shows for one analysis, and the files it wrote."""

    analysis: Analysis
    files: list[Path] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        """The dataset analysed (one period)."""
        return self.analysis.dataset

    def summary(self, top: int = 5) -> str:
        """A short text: what the dataset holds and its strongest synergies, with the table's values."""
        from .present.rows import availability_note, synergy_row

        an = self.analysis
        ds = an.dataset
        period = f" (period {an.period})" if an.period else ""
        lines = [f"{ds.name}{period}: {ds.summary()}"]
        note = availability_note(an)
        if note:
            lines.append(note)
        if not an.synergies:
            lines.append("No synergies: no two priorities share any evidence.")
        else:
            w = an.options.weights()
            shares = ", ".join(f"{k} {w.get(k, 0.0):g}" for k in an.kinds() if an.available.get(k))
            lines.append(
                f"{len(an.synergies)} priority pairs share evidence; top {min(top, len(an.synergies))} by "
                f"score (weights: {shares}; see `synergies` and docs/analysis.md):"
            )
            for s in an.synergies[:top]:
                row = synergy_row(an, s)
                kinds = "; ".join(
                    f"{k} {row[f'{k}_count']} (jaccard {row[f'{k}_jaccard']}, "
                    f"weighted {row[f'{k}_weighted']})"
                    for k in s.carried_by()
                )
                lines.append(f"{s.rank:>3}. {s.a} - {s.b}: score {row['score']}, {s.status}; {kinds}")
        if an.declarations:
            n = {st: sum(d.status == st for d in an.declarations) for st in ("one-sided", "reciprocated")}
            missing = unchecked_targets(list(an.declarations))
            line = f"Reciprocity: {n['one-sided']} one-sided, {n['reciprocated']} reciprocated declarations"
            if missing:
                line += f"; not checked (target OAPs not loaded): {', '.join(missing)}"
            lines.append(line)
        st = an.structure
        if st.communities:
            groups = "; ".join("{" + ", ".join(c) + "}" for c in st.communities)
            lines.append(f"Communities (Louvain, seed {st.seed}): {groups}")
        return "\n".join(lines)


def build_report(ds: Dataset, options: AnalysisOptions | None = None) -> Report:
    """Analyse a dataset in memory (one period: see :func:`~overlapgraph.analysis.analyse`)."""
    return Report(analyse(ds, options))


@paused()  # many long-lived objects are made; a child forked: see overlapgraph.collector
def write_report(data: Dataset | Analysis, outdir: Path) -> Report:
    """Write the report files of an analysis (or of a dataset, analysed with the defaults) into ``outdir``.

    ``synergies.csv`` (the synergy table, the columns of :data:`~overlapgraph.present.SYNERGY_COLUMNS`),
    the three network pages and ``matrix.html`` (who declares whom, :mod:`overlapgraph.present.matrix`).
    Every file is staged next to its destination and put in place only when all are complete (one
    :class:`~overlapgraph.output.OutputSet`), so a failure leaves ``outdir`` as it was.
    """
    from .present.evidence import evidence_of
    from .present.rows import SYNERGY_COLUMNS, synergy_records
    from .present.views import make_view
    from .present.views import prepare as prepare_views
    from .render.matrix import render_matrix
    from .render.network import prepare as prepare_pages
    from .render.network import render_page

    an = data if isinstance(data, Analysis) else analyse(data)
    report = Report(an)
    ds = an.dataset
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    evidence = evidence_of(an)
    subtitle = f"{ds.name} — {ds.summary()}"

    view_of = {name: view for view, name in REPORT_VIEWS}

    def page(name: str) -> bytes:  # UTF-8, as written (and as the child sends it: no text to pickle)
        if name == MATRIX_FILE:
            return render_matrix(an, subtitle, evidence=evidence).encode("utf-8")
        G = make_view(an, view_of[name], evidence=evidence)
        return render_page(G, subtitle=subtitle, matrix_href=MATRIX_FILE)

    # The main views: network.html is the priorities view, the others sit beside it. On a large dataset
    # the actions page is made in a forked child while this process makes the others.
    names = [name for _, name in REPORT_VIEWS] + [MATRIX_FILE]
    there = [n for n in names if n in _FORKED_PAGES]
    fork = len(ds.participations) + len(ds.actions) >= PAGES_FORK_FROM
    if fork:  # what the pages of both processes use, made once here; the child inherits it
        prepare_views(an, evidence)
        prepare_pages()
    pages = later(lambda: {n: page(n) for n in there}, fork=fork)
    try:
        with OutputSet() as out:  # all five files or none; see overlapgraph.output
            out.reserve(outdir / "synergies.csv", *(outdir / name for name in names))
            out.write_csv(outdir / "synergies.csv", synergy_records(an), SYNERGY_COLUMNS)
            for name in names:
                if name not in there:
                    out.write_bytes(outdir / name, page(name))
            for name, content in pages().items():
                out.write_bytes(outdir / name, content)
    except BaseException:
        pages.cancel()  # a page or file here failed: the child's pages are not wanted
        raise
    report.files += sorted(out.files)
    return report


#: The pages of a report made in a forked child (:func:`overlapgraph.forked.later`), from this many
#: participations and actions on: the actions view takes about as long as the other pages together.
PAGES_FORK_FROM = 5_000
_FORKED_PAGES = ("network-actions.html",)
