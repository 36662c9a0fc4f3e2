"""Commands on Neo4j: load, and server start|stop|status (a local Community server)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import Settings
from ._group import (
    INPUT_PATHS,
    REFERENCE_OPTION,
    STRICT_OPTION,
    _verbosity,
    cli,
    handle_errors,
    info,
    neo4j_options,
    read_inputs,
)

__all__ = ["analyse", "load", "server"]

#: Loads with at least this many records show a progress bar on stderr.
PROGRESS_MIN_RECORDS = 5000


def _progress_bar() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A ``progress(done, total)`` callback drawing a bar on stderr for large loads, and a finisher."""
    state: dict[str, Any] = {"bar": None, "done": 0}

    def progress(done: int, total: int) -> None:
        if total < PROGRESS_MIN_RECORDS or _verbosity() < 0:  # no bar under --quiet
            return
        if state["bar"] is None or done < state["done"]:  # new bar, or the load was retried
            finish()
            state["bar"] = click.progressbar(length=total, label="Loading", file=sys.stderr).__enter__()
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def finish() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None

    return progress, finish


@cli.command()
@INPUT_PATHS
@click.option(
    "--replace",
    is_flag=True,
    help="For the OAPs loaded, delete actions, participations, overlaps and roles no longer in the input.",
)
@click.option(
    "--no-analysis",
    is_flag=True,
    help="Do not write the analysis of each period back (SYNERGY, DECLARES, PriorityInPeriod).",
)
@STRICT_OPTION
@REFERENCE_OPTION
@neo4j_options
@handle_errors
def load(
    inputs: tuple[Path, ...],
    replace: bool,
    no_analysis: bool,
    strict: bool,
    reference: tuple[Path, ...],
    settings: Settings,
) -> None:
    """Load a dataset or OAP documents into Neo4j: idempotent, and all or nothing.

    Takes what `validate` takes and reports the same problems; nothing is written when the input is
    invalid or the load fails. Loading the same input twice leaves
    the same graph (only the load time and id change). Then the analysis of every period in the
    database is written back (synergies, reciprocity, communities; each period in one transaction),
    unless --no-analysis. The password comes from NEO4J_PASSWORD only.

    Example:

    \b
        overlapgraph server start
        overlapgraph load data/empact-2022 --uri bolt://127.0.0.1:7687
    """
    from ..store import load_dataset

    ds = read_inputs(list(inputs), strict=strict, reference=reference)
    progress, finish = _progress_bar()
    try:
        summary = load_dataset(ds, settings, replace=replace, progress=progress)
    finally:
        finish()
    click.echo(summary.text())
    info(f"Loaded into {settings.safe_uri} (database '{settings.database}')")
    if not no_analysis:
        from ..store import write_analyses

        click.echo(write_analyses(settings).text())


@cli.command()
@click.option(
    "--write", is_flag=True, help="Write the analyses into Neo4j (without it, only print what they hold)."
)
@click.option(
    "--period",
    "periods",
    multiple=True,
    metavar="PERIOD",
    help="Analyse only this period (repeatable); default: every period in the database.",
)
@neo4j_options
@handle_errors
def analyse(write: bool, periods: tuple[str, ...], settings: Settings) -> None:
    """Analyse the dataset loaded in Neo4j, period by period, and with --write write each analysis back.

    What is written (docs/neo4j.md): SYNERGY relationships between priorities with the synergy table's
    numbers, DECLARES relationships from OAPs with the reciprocity of their declarations, and a
    PriorityInPeriod node per priority with its community, strength, core number and betweenness.
    Each period is replaced in one transaction. `load` does this after every load.

    Example:

    \b
        overlapgraph analyse --write
        overlapgraph analyse --write --period 2023
    """
    if write:
        from ..store import write_analyses

        click.echo(write_analyses(settings, periods=list(periods) or None).text())
        return
    from ..store import read_dataset_from_neo4j
    from ..store.writeback import analyses_of

    for a in analyses_of(read_dataset_from_neo4j(settings), periods=list(periods) or None):
        statuses = sorted({d.status for d in a.declarations})
        counts = ", ".join(f"{sum(d.status == s for d in a.declarations)} {s}" for s in statuses)
        click.echo(
            f"{a.period}: {len(a.synergies)} synergies, {len(a.declarations)} declarations"
            f"{f' ({counts})' if counts else ''}, {len(a.structure.communities)} communities"
        )
    info("Nothing written; give --write to write these analyses into Neo4j")


@cli.group()
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the server's data and pid file (default: .neo4j-local in the checkout).",
)
@click.pass_context
def server(ctx: click.Context, state_dir: Path | None) -> None:
    """Run a local Neo4j Community server (for users without a Neo4j of their own).

    Needs Java 17+ and Maven; the first start resolves Neo4j from Maven Central. Data and the
    server's pid and port live in .neo4j-local/ of the source checkout. With NEO4J_PASSWORD set
    (8+ characters) the server requires it for user neo4j; otherwise authentication is off.
    `start --browser` also serves Neo4j Browser on 127.0.0.1, styled for this graph.

    Example:

    \b
        overlapgraph server start
        export NEO4J_URI=bolt://127.0.0.1:7687
        overlapgraph server start --browser   # then open http://127.0.0.1:7474/browser/
    """
    from ..store.local_server import STATE_DIR

    ctx.obj = state_dir or STATE_DIR


def _browser_line(browser_url: str, auth: bool) -> str:
    login = "log in as neo4j with NEO4J_PASSWORD" if auth else "no authentication"
    return f"Neo4j Browser at {browser_url} ({login}; `:style` shows the style it applies)"


@server.command()
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Bolt port (default 7687, or a free one)."
)
@click.option(
    "--browser",
    is_flag=True,
    help="Also serve Neo4j Browser over HTTP on 127.0.0.1 and print its address (HTTP is off without it).",
)
@click.option(
    "--http-port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Neo4j Browser's HTTP port (default 7474, or a free one); needs --browser.",
)
@click.pass_obj
@handle_errors
def start(state_dir: Path, port: int | None, browser: bool, http_port: int | None) -> None:
    """Start the local server unless it runs already, and print its Bolt URI.

    With --browser it also serves Neo4j Browser, bound to 127.0.0.1 only, and prints its address on
    stderr. The page loads nothing from the internet and connects to this server only; the server
    applies overlapgraph's style (colours and captions per label) each time Browser connects.

    Example:

    \b
        overlapgraph server start --port 7688
        overlapgraph server start --browser
    """
    from ..store.local_server import start_detached

    if http_port is not None and not browser:
        raise click.UsageError("--http-port needs --browser (without Browser, HTTP is off)")
    state, seconds = start_detached(
        state_dir, port=port, password=Settings.from_env().password, browser=browser, http_port=http_port
    )
    took = f"started in {seconds:.1f} s" if seconds is not None else "already running"
    info(f"Neo4j Community {took}, pid {state.pid}; set NEO4J_URI={state.uri}")
    if state.browser_url is not None:
        info(_browser_line(state.browser_url, state.auth))
    click.echo(state.uri)


@server.command()
@click.pass_obj
@handle_errors
def stop(state_dir: Path) -> None:
    """Stop the local server (a clean shutdown).

    Example:

    \b
        overlapgraph server stop
    """
    from ..store.local_server import stop_detached

    stopped = stop_detached(state_dir)
    info(f"Stopped Neo4j at {stopped.uri}" if stopped else "No local Neo4j was running")


@server.command()
@click.pass_obj
@handle_errors
def status(state_dir: Path) -> None:
    """Print the Bolt URI (and Browser's address); exit 1 if none runs.

    The Bolt URI goes to stdout, Neo4j Browser's address (a server started with --browser) to stderr.

    Example:

    \b
        overlapgraph server status
    """
    from ..store.local_server import read_state

    state = read_state(state_dir)
    if state is None:
        raise click.ClickException("no local Neo4j is running; start one with `overlapgraph server start`")
    if state.browser_url is not None:
        info(_browser_line(state.browser_url, state.auth))
    click.echo(state.uri)
