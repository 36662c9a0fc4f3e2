"""Commands on synergy analysis: synergies, diff."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..analysis.synergy import EVIDENCE_KINDS, METRICS, WEIGHTINGS
from ..errors import InputError
from ..model import Dataset
from ..output import csv_text
from ._group import (
    PERIOD_OPTION,
    REFERENCE_OPTION,
    STRICT_OPTION,
    analyse_for_cli,
    cli,
    dataset_input,
    handle_errors,
    info,
    read_inputs,
)

if TYPE_CHECKING:
    from ..analysis.core import Analysis
    from ..analysis.diff import DatasetDiff

__all__ = ["diff", "synergies"]

FORMATS = ("table", "csv", "json")


def _kind_weights(values: tuple[str, ...]) -> dict[str, float] | None:
    """Parse repeated ``--weight KIND=W`` options."""
    if not values:
        return None
    out: dict[str, float] = {}
    for v in values:
        kind, sep, num = v.partition("=")
        try:
            w = float(num)
        except ValueError:
            w = -1.0
        if not sep or kind not in EVIDENCE_KINDS or w < 0:
            raise click.BadParameter(
                f"{v!r}: expected KIND=WEIGHT with KIND one of {', '.join(EVIDENCE_KINDS)} and WEIGHT >= 0",
                param_hint="--weight",
            )
        out[kind] = w
    return out


def _csv(rows: Sequence[dict[str, object]], columns: Sequence[str] | None = None) -> str:
    # the tool's one CSV policy (overlapgraph.output.csv_text): formula-like text neutralised, CRLF
    return csv_text(
        [{k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()} for r in rows],
        columns,
    )


def _synergy_table_text(rows: Sequence[dict[str, object]], kinds: Sequence[str]) -> str:
    lines = []
    for r in rows:
        counts = ", ".join(f"{k} {'n/a' if r[f'{k}_count'] is None else r[f'{k}_count']}" for k in kinds)
        pair = f"{r['priority_a']} - {r['priority_b']}"
        lines.append(f"{r['rank']:>3}. {pair}  score {r['score']}  {r['status']}  ({counts})")
        lines.append(f"     {r['reason']}")
    return "\n".join(lines) + ("\n" if lines else "")


def _links_text(rows: Sequence[dict[str, Any]]) -> str:
    """One line per action link (score as in the tables); the action's title and leaders after it."""
    lines = []
    for r in rows:
        line = f"{r['action_id']} -> {r['partner']}  score {r['score']}  {r['reason']}"
        extra = [str(r["title"])] if r["title"] else []
        leaders = [*r["leaders"], *(f"{x} (co-leader)" for x in r["co_leaders"])]
        if leaders:
            extra.append("led by " + ", ".join(leaders))
        lines.append(line + (f"  ({'; '.join(extra)})" if extra else "") + "\n")
    return "".join(lines)


@cli.command()
@dataset_input
@click.option(
    "--by",
    type=click.Choice([*EVIDENCE_KINDS, "all"]),
    default="all",
    show_default=True,
    help="Evidence to compare priorities on.",
)
@click.option(
    "--weighting",
    type=click.Choice(WEIGHTINGS),
    default=WEIGHTINGS[0],
    show_default=True,
    help="Damping of hub items (newman: 1/(k-1), local; idf: inverse frequency; none).",
)
@click.option(
    "--metric",
    type=click.Choice(METRICS),
    default=METRICS[0],
    show_default=True,
    help="Similarity of the weighted sets (<kind>_weighted), which enters the score.",
)
@click.option(
    "--weight",
    "kind_weights",
    multiple=True,
    metavar="KIND=W",
    help="Share of a kind in the score; others keep theirs (declared=0.5 co_named=0.1 actors=0.25 "
    "goals=0.15).",
)
@click.option(
    "--no-oap-actors", is_flag=True, help="Do not count OAP-level roles (driver, relevant actors) as actors."
)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, help="Leave out pairs scoring less.")
@click.option("--top", type=click.IntRange(min=0), default=None, help="Show only the first N rows.")
@click.option("--priority", "priority", default=None, metavar="CODE", help="Only pairs involving CODE.")
@click.option(
    "--per-action", is_flag=True, help="One row per action and linked priority instead of per priority pair."
)
@click.option(
    "--pair",
    nargs=2,
    metavar="A B",
    default=None,
    help="The evidence of one pair, action by action (OAP, code, title, goal, leader, direction, source).",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
@PERIOD_OPTION
@handle_errors
def synergies(
    dataset: Dataset,
    period: str | None,
    by: str,
    weighting: str,
    metric: str,
    kind_weights: tuple[str, ...],
    no_oap_actors: bool,
    min_score: float,
    top: int | None,
    priority: str | None,
    per_action: bool,
    pair: tuple[str, str] | None,
    fmt: str,
) -> None:
    """List priority pairs ranked by synergy, each with its evidence and a reason.

    Evidence: actions one's OAP declares towards the other (declared), actions a third OAP names
    both in (co_named), actors working for both (actors) and strategic goals both have actions under
    (goals). The score weighs a declaration five times a co-naming of the same size. One period is
    analysed (--period).

    Example:

    \b
        overlapgraph synergies data/empact-2022 --top 5
        overlapgraph synergies data/constructed-2023 --by actors --format csv
        overlapgraph synergies data/constructed-2023 --pair THB CSE
    """
    from ..analysis.core import AnalysisOptions
    from ..analysis.synergy import action_links, filter_synergies
    from ..export.tables import action_link_rows

    weights = _kind_weights(kind_weights)
    codes = {p.code for p in dataset.priorities}
    for code in pair or ():
        if code not in codes:
            raise click.BadParameter(f"no priority {code!r} in {dataset.name}", param_hint="--pair")
    if priority is not None and priority not in {p.code for p in dataset.priorities}:
        raise click.BadParameter(f"no priority {priority!r} in {dataset.name}", param_hint="--priority")
    options = AnalysisOptions(
        by=by,
        weighting=weighting,
        metric=metric,
        kind_weights=weights or {},
        oap_actors=not no_oap_actors,
        period=period,
    )
    analysis = analyse_for_cli(dataset, options)
    if pair is not None:
        _pair(analysis, pair[0], pair[1], fmt)
        return
    if per_action:
        links = [
            x
            for x in action_links(
                analysis.dataset, weights=weights, weighting=weighting, oap_actors=not no_oap_actors
            )
            if x.score >= min_score and priority in (None, x.priority, x.own_priority)
        ][:top]
        dicts = action_link_rows(analysis, links)
        text = _links_text(dicts)
    else:
        from ..present.rows import availability_note, synergy_row

        rows = filter_synergies(list(analysis.synergies), min_score=min_score, top=top, priority=priority)
        dicts = [synergy_row(analysis, s) for s in rows]
        text = _synergy_table_text(dicts, analysis.kinds())
        note = availability_note(analysis)
        if note:
            info(f"Note: {note}")
    if fmt == "json":
        click.echo(json.dumps(dicts, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(_csv(dicts), nl=False)
    else:
        click.echo(text, nl=False)
        if not dicts:
            info("No synergies match.")


def _pair(analysis: Analysis, a: str, b: str, fmt: str) -> None:
    """Print the evidence of one pair: its summary, then the actions (and actors, goals) table."""
    from ..export.tables import PAIR_ACTION_FIELDS, pair_action_rows, pair_evidence
    from ..present.evidence import evidence_of

    if fmt == "json":
        click.echo(json.dumps(pair_evidence(analysis, a, b), indent=2, ensure_ascii=False))
        return
    ev = evidence_of(analysis)
    if fmt == "csv":
        click.echo(_csv(pair_action_rows(analysis, a, b), PAIR_ACTION_FIELDS), nl=False)
        info(ev.pair_summary(a, b))
    else:
        lines = [ev.pair_summary(a, b)]
        for t in ev.pair_tables(a, b):
            if not t.rows:
                continue
            lines += ["", f"{t.caption} ({len(t.rows)}):"]
            lines += ["  " + "  |  ".join(v or "-" for v in r) for r in t.rows]
        click.echo("\n".join(lines))


def _diff_text(d: DatasetDiff) -> str:
    lines = [f"From {d.a} to {d.b}:"]
    plurals = {"synergy": "Synergies", "reciprocity": "Reciprocity", "roles": "Roles"}
    for item in ("synergy", "reciprocity", "action", "roles", "actor", "declaration"):
        for change in ("added", "removed", "renumbered", "changed"):
            rows = d.of(item, change)
            if not rows:
                continue
            plural = plurals.get(item, f"{item.capitalize()}s")
            lines.append(f"{plural} {change} ({len(rows)}):")
            lines += [f"  {c.key}" + (f"  {c.detail}" if c.detail else "") for c in rows]
    if len(lines) == 1:
        lines.append("No changes.")
    lines += [f"Note: {n}" for n in d.notes]
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("dataset_a", type=click.Path(exists=True, path_type=Path))
@click.argument("dataset_b", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--by",
    type=click.Choice([*EVIDENCE_KINDS, "all"]),
    default="all",
    show_default=True,
    help="Evidence the compared synergy scores use.",
)
@click.option(
    "--period-a", default=None, metavar="PERIOD", help="Period of DATASET_A to compare (default: latest)."
)
@click.option(
    "--period-b", default=None, metavar="PERIOD", help="Period of DATASET_B to compare (default: latest)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--successors",
    "successors_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Successor table (CSV: from_code,to_code,source) to compare across cycles, instead of the "
    "shipped one.",
)
@STRICT_OPTION
@REFERENCE_OPTION
@handle_errors
def diff(
    dataset_a: Path,
    dataset_b: Path,
    by: str,
    period_a: str | None,
    period_b: str | None,
    fmt: str,
    successors_file: Path | None,
    strict: bool,
    reference: tuple[Path, ...],
) -> None:
    """List what changed from DATASET_A to DATASET_B: synergies, actions, actors, declarations.

    Evidence first: a synergy is changed when the actions, actors or goals it rests on, or its status
    (reciprocated, one-sided, ...), changed; both scores are shown with that evidence. Reciprocity
    changes and changed leaders and participants are listed too. Each side is a dataset, an OAP
    document or a folder of documents, analysed on one period (--period-a, --period-b). Actions are
    matched on their title when both years have one, so renumbered actions are recognised; otherwise
    on their code.
    When DATASET_B is of a later cycle (2026-2029 after 2022-2025), DATASET_A's areas are compared
    through the successor table (MS and THB -> MSTHB, ...), and a note says which mapping was used.

    Example:

    \b
        overlapgraph diff data/empact-2022 data/constructed-2023
    """
    from ..analysis.core import AnalysisOptions
    from ..analysis.diff import diff_datasets
    from ..analysis.successors import read_successors

    def read(path: Path) -> Dataset:
        try:
            return read_inputs([path], strict=strict, reference=reference)
        except InputError as e:  # say which of the two datasets is wrong
            raise InputError(f"{path}: {e}") from e

    table = read_successors(successors_file) if successors_file else None
    origin = str(successors_file) if successors_file else ""
    d = diff_datasets(
        read(dataset_a),
        read(dataset_b),
        options=AnalysisOptions(by=by, period=period_a),
        options_b=AnalysisOptions(by=by, period=period_b),
        successor_table=table,
        successor_origin=origin,
    )
    if fmt == "json":
        click.echo(json.dumps(d.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "csv":  # one row per change; the notes are not data
        click.echo(_csv([c.as_dict() for c in d.changes]), nl=False)
        for n in d.notes:
            info(f"Note: {n}")
    else:
        click.echo(_diff_text(d), nl=False)
