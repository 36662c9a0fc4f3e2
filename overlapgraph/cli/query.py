"""Commands for analysts: the saved query library (``query list|show|run``) and ad-hoc ``cypher``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import Settings
from ._group import FORCE_OPTION, OutputPath, cli, handle_errors, info, neo4j_options

__all__ = ["cypher", "query"]

_FORMATS = ("table", "csv", "json")


#: The defaults of overlapgraph.store.readonly, repeated so that --help needs no neo4j import (tested).
LIMIT_HELP = "Most rows to fetch; 0 fetches all.  [default: 1000]"
TIMEOUT_HELP = "Seconds after which the server stops the query.  [default: 30]"


def _result_options(f: Any) -> Any:
    """--format, --limit and --timeout, shared by ``query run`` and ``cypher``."""
    f = click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True), default=None, help=TIMEOUT_HELP
    )(f)
    f = click.option("--limit", type=click.IntRange(min=0), default=None, help=LIMIT_HELP)(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(_FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)
    return f


def _param_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The repeatable -p/--param KEY=VALUE option."""
    return click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help=help)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"'{p}' is not key=value", param_hint="-p/--param")
        if key in out:
            raise click.BadParameter(f"'{key}' is given twice", param_hint="-p/--param")
        out[key] = value
    return out


def _run_and_print(
    settings: Settings, text: str, params: dict[str, Any], fmt: str, limit: int | None, timeout: float | None
) -> None:
    from ..export.results import format_rows
    from ..store.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT, run_read

    limit = DEFAULT_LIMIT if limit is None else limit
    result = run_read(settings, text, params, limit=limit, timeout=timeout or DEFAULT_TIMEOUT)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    click.echo(format_rows(result.columns, result.rows, fmt), nl=fmt != "csv")  # csv ends its own lines
    n = len(result.rows)
    more = f"; stopped at --limit {limit}, more rows exist" if result.truncated else ""
    info(f"{n} row{'s' * (n != 1)}{more}")


#: Parameters whose value must be a key in the database: name -> (what, Cypher listing the keys).
_KEYS = {
    "priority": ("priority", "MATCH (n:Priority) RETURN n.code AS k"),
    "actor": ("actor", "MATCH (n:Actor) RETURN n.code AS k"),
    "oap_id": ("OAP", "MATCH (n:OAP) RETURN n.oap_id AS k"),
    "period": ("period", "MATCH (n:OAP) RETURN DISTINCT n.period AS k"),
}


def _check_against_database(settings: Settings, name: str, typed: dict[str, Any]) -> None:
    """An unknown priority code, actor, OAP or period is an error naming the closest keys, not 0 rows."""
    import difflib

    from ..errors import InputError
    from ..store.readonly import run_read

    for param, value in typed.items():
        kind = "priority" if param.endswith("priority") or param.startswith("priority_") else param
        if kind not in _KEYS or not isinstance(value, str):
            continue
        what, listing = _KEYS[kind]
        keys = [str(r[0]) for r in run_read(settings, listing, limit=None).rows]
        if value in keys:
            continue
        close = difflib.get_close_matches(value, keys, n=3, cutoff=0.4)
        close = [k for k in keys if k.lower() == value.lower()] + [
            c for c in close if c.lower() != value.lower()
        ]
        hint = f"; closest: {', '.join(close[:3])}" if close else f"; the database has {len(keys)}"
        raise InputError(f"query '{name}': no {what} '{value}' in the database{hint}")


@cli.group()
def query() -> None:
    """The analysts' saved Cypher queries (queries/*.cypher): list, show and run them.

    Example:

    \b
        overlapgraph query list
        overlapgraph query run overlaps_of_priority -p priority=THB
    """


@query.command("list")
@handle_errors
def list_queries() -> None:
    """List the read queries with their purpose and parameters.

    Example:

    \b
        overlapgraph query list
    """
    from ..store.library import library

    for q in library():
        if not q.is_read:
            continue
        params = ", ".join(f"{p.name} ({p.type})" for p in q.parameters) or "none"
        click.echo(
            f"{q.name}\n    {q.purpose}\n    parameters: {params}\n    returns: {', '.join(q.returns)}"
        )


@query.command("show")
@click.argument("name")
@handle_errors
def show_query(name: str) -> None:
    """Print the Cypher of query NAME, header included.

    Example:

    \b
        overlapgraph query show one_sided_declarations
    """
    from ..store.library import get_query

    click.echo(get_query(name).text, nl=False)


@query.command("run")
@click.argument("name")
@_param_option("A query parameter, typed as its header says (lists: a,b or JSON); repeat for each.")
@_result_options
@neo4j_options
@handle_errors
def run_query(
    name: str, params: tuple[str, ...], fmt: str, limit: int | None, timeout: float | None, settings: Settings
) -> None:
    """Run the saved read query NAME on Neo4j, read-only.

    Parameters are checked and typed from the query's header before anything is sent.

    Example:

    \b
        overlapgraph query run actors_in_many_priorities -p min_priorities=2 \\
            -p include_oap_roles=true --format csv
    """
    from ..errors import InputError
    from ..store.library import get_query

    q = get_query(name)
    if not q.is_read:
        raise InputError(
            f"query '{name}' is a {q.mode} query of the loader; query run runs read queries only"
        )
    typed = q.bind(_params(params))
    _check_against_database(settings, name, typed)
    _run_and_print(settings, q.text, typed, fmt, limit, timeout)


@cli.command()
@click.argument("statement", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the statement from this .cypher file.",
)
@_param_option("A $parameter, passed as text; repeat for each.")
@_result_options
@click.option(
    "--draw",
    "draw_to",
    type=OutputPath(dir_okay=False),
    metavar="FILE.html",
    help="Draw the result's nodes and relationships as an offline network page instead of printing rows.",
)
@FORCE_OPTION
@neo4j_options
@handle_errors
def cypher(
    statement: str | None,
    file: Path | None,
    params: tuple[str, ...],
    fmt: str,
    limit: int | None,
    timeout: float | None,
    draw_to: Path | None,
    settings: Settings,
) -> None:
    """Run one ad-hoc Cypher statement read-only (in a READ transaction).

    Neo4j refuses anything that writes: CREATE, MERGE, SET, DELETE, schema and admin commands,
    procedures that write. --limit and --timeout protect the server from runaway queries. --draw
    draws the nodes, relationships and paths of the result as the network page of draw (coloured by
    label, labelled by key), which opens offline.

    Example:

    \b
        overlapgraph cypher "MATCH (p:Priority) RETURN p.code AS code, p.name AS name"
        overlapgraph cypher -f my_question.cypher --format json
        overlapgraph cypher 'MATCH p = (:Action)-[:DECLARES_OVERLAP]->(:Priority {code: $code}) RETURN p' \\
            -p code=MS --draw ms.html
    """
    if (statement is None) == (file is None):
        raise click.UsageError("give either a STATEMENT or -f FILE")
    text = statement if statement is not None else file.read_text(encoding="utf-8")  # type: ignore[union-attr]
    if not text.strip():
        raise click.UsageError("the statement is empty")
    if draw_to is None:
        _run_and_print(settings, text, dict(_params(params)), fmt, limit, timeout)
        return
    ctx = click.get_current_context()
    if ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--format cannot be used with --draw")
    _run_and_draw(settings, text, dict(_params(params)), limit, timeout, draw_to)


def _run_and_draw(
    settings: Settings,
    text: str,
    params: dict[str, Any],
    limit: int | None,
    timeout: float | None,
    html: Path,
) -> None:
    """Run the statement and draw its nodes and relationships; an empty drawing is an error."""
    from ..output import check_destination
    from ..render.result_graph import write_result_page
    from ..store.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT, run_read

    check_destination(html)  # before the query runs; written only when the page is complete
    limit = DEFAULT_LIMIT if limit is None else limit
    result = run_read(settings, text, params, limit=limit, timeout=timeout or DEFAULT_TIMEOUT, graph=True)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    n = len(result.rows)
    notes = [f"Stopped at --limit {limit} rows: more rows exist, not drawn."] if result.truncated else []
    statement = " ".join(text.split())
    shown = statement if len(statement) <= 200 else statement[:200] + "..."
    given = "; parameters " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else ""
    subtitle = f"{shown} (database '{settings.database}'{given})"
    for f in write_result_page(result.nodes, result.relationships, html, subtitle=subtitle, notes=notes):
        info(f"Wrote {f}")
    more = f"; stopped at --limit {limit}, more rows exist" if result.truncated else ""
    info(
        f"{n} row{'s' * (n != 1)}{more}: {len(result.nodes)} nodes, {len(result.relationships)} relationships"
    )
