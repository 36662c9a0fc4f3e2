"""The ``overlapgraph`` command group and helpers shared by all commands."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from ..collector import settle
from ..errors import OverlapGraphError
from ..model import Dataset

if TYPE_CHECKING:
    from ..ingest.oap_parser import Redaction

__all__ = [
    "FORCE_OPTION",
    "INPUT_PATHS",
    "PERIOD_OPTION",
    "OutputPath",
    "REFERENCE_OPTION",
    "STRICT_OPTION",
    "analyse_for_cli",
    "cli",
    "dataset_input",
    "detail",
    "handle_errors",
    "info",
    "neo4j_options",
    "print_document_notes",
    "read_inputs",
]

F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    name="overlapgraph", context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(package_name="overlapgraph", prog_name="overlapgraph")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print no progress or 'Wrote ...' lines (errors and warnings still)."
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Also print what was read, from where, and how long it took."
)
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Find shared actions and synergies between EMPACT crime-priority action plans.

    Reads datasets (a folder of CSV tables or an .xlsx workbook) and Council OAP documents,
    analyses them in memory or in Neo4j, and writes reports, networks and spreadsheets.
    Data goes to stdout; progress, warnings and errors go to stderr.
    Run `overlapgraph COMMAND -h` for help and an example.
    """
    if quiet and verbose:
        raise click.UsageError("--quiet cannot be used with --verbose")
    ctx.meta[_VERBOSITY] = -1 if quiet else 1 if verbose else 0
    from ..output import guard

    # Every file a command writes is checked here: never an input, never a file the tool did not write.
    ctx.with_resource(guard())


_VERBOSITY = "overlapgraph.verbosity"


def _verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(_VERBOSITY, 0)) if ctx is not None else 0


def info(message: str) -> None:
    """Print a progress line ("Wrote out/network.html") on stderr, unless --quiet."""
    if _verbosity() >= 0:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """Print a detail line on stderr only with --verbose."""
    if _verbosity() > 0:
        click.echo(message, err=True)


def handle_errors(f: F) -> F:
    """Turn overlapgraph's errors and OS errors into "Error: ..." and exit 1, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except OverlapGraphError as e:
            if e.__cause__ is not None:  # the type only: a driver's message may carry more than we show
                detail(f"(caused by {type(e.__cause__).__module__}.{type(e.__cause__).__qualname__})")
            raise click.ClickException(str(e)) from e
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from e

    return wrapper  # type: ignore[return-value]


class OutputPath(click.Path):
    """A ``click.Path`` for a file or folder the command writes; an empty path is refused.

    ``Path("")`` would silently be the current folder, so the empty string is an error (exit 1, one
    "Error:" line, as for every other unusable destination; see :mod:`overlapgraph.output`).
    """

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True) -> None:
        super().__init__(file_okay=file_okay, dir_okay=dir_okay, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            name = param.opts[0] if param is not None and param.opts else "path"
            raise click.ClickException(f"{name}: empty path: give a file name")
        return super().convert(value, param, ctx)


#: The input argument of commands that read a dataset or OAP documents.
INPUT_PATHS = click.argument(
    "inputs",
    nargs=-1,
    required=True,
    metavar="DATASET|DOCUMENT...",
    type=click.Path(exists=True, path_type=Path),
)


def neo4j_options(f: F) -> F:
    """Add --uri/--username/--database options (NEO4J_* variables) and pass ``settings: Settings``.

    The password is read from NEO4J_PASSWORD only (or a prompt), never from the command line,
    so it does not show in shell history or process lists.
    """

    @click.option(
        "--uri",
        envvar="NEO4J_URI",
        show_envvar=True,
        default=None,
        help="Neo4j URI: bolt://, neo4j://, bolt+s:// or neo4j+s:// (default neo4j://localhost:7687).",
    )
    @click.option(
        "--username",
        envvar="NEO4J_USERNAME",
        show_envvar=True,
        default=None,
        help="Neo4j user name (default neo4j).",
    )
    @click.option(
        "--database",
        envvar="NEO4J_DATABASE",
        show_envvar=True,
        default=None,
        help="Neo4j database name (default neo4j).",
    )
    @functools.wraps(f)
    def wrapper(
        *args: Any, uri: str | None, username: str | None, database: str | None, **kwargs: Any
    ) -> Any:
        from ..config import Settings

        try:
            settings = Settings.from_env(uri=uri, username=username, database=database)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--uri") from e
        return f(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


def _set_force(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    from ..output import set_force

    set_force(value)


#: --force: replace files at the destination that overlapgraph did not write (see overlapgraph.output).
FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    expose_value=False,
    callback=_set_force,
    help="Replace existing files that overlapgraph did not write (or that were changed since). Inputs are "
    "never replaced.",
)


#: --strict: document warnings (repairs) become errors.
STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Treat repairs made while parsing OAP documents as errors."
)


#: --reference FILE (repeatable): more priorities and actors for reading documents.
REFERENCE_OPTION = click.option(
    "--reference",
    "reference",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A priorities or actors table (CSV, or sheets 'priorities'/'actors' of an .xlsx) that extends "
    "the shipped ones for reading documents; repeatable.",
)


#: --period: the one period an analysis runs on.
PERIOD_OPTION = click.option(
    "--period",
    default=None,
    metavar="PERIOD",
    help="Analyse the OAPs of this year or period (e.g. 2023, 2026-2027); default: the only one, or the "
    "latest (with a warning naming the others).",
)


def analyse_for_cli(dataset: Dataset, options: Any = None) -> Any:
    """:func:`~overlapgraph.analysis.analyse` the dataset, its notes (other periods) as warnings on stderr."""
    from ..analysis.core import analyse

    analysis = analyse(dataset, options)
    settle()  # the analysis lives as long as this command (see overlapgraph.collector)
    for note in analysis.notes:
        click.echo(f"Warning: {note}", err=True)
    return analysis


#: Warnings with the same message in one document printed in full before the rest are counted.
REPEATS_SHOWN = 3


def print_document_notes(
    warnings: Sequence[object],
    summaries: Sequence[str],
    redactions: Sequence[Redaction],
    *,
    show_redactions: Callable[[str], None],
) -> None:
    """On stderr: each repair as "Warning: ...", each document's summary, its redacted parts.

    Repeats of one message in one document are summarised after the first few ("... and 99,997 more
    like it"), and long warnings are cut.
    """
    seen: dict[tuple[str, str], int] = {}
    for w in warnings:
        key = (str(getattr(w, "document", "")), str(getattr(w, "message", w)))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= REPEATS_SHOWN:
            text = str(w)
            cut = text if len(text) <= 300 else f"{text[:300]}... ({len(text):,} characters)"
            click.echo(f"Warning: {cut}", err=True)
    for (document, message), n in seen.items():
        if n > REPEATS_SHOWN:
            short = message if len(message) <= 120 else message[:120] + "..."
            click.echo(f"Warning: {document}: ... and {n - REPEATS_SHOWN:,} more like it ({short})", err=True)
    for line in summaries:
        info(line)
    by_document: dict[str, list[str]] = {}
    for r in redactions:
        by_document.setdefault(r.document, []).append(r.where)
    for name, where in by_document.items():
        show_redactions(f"{name}: {len(where)} redacted parts (DELETED): {', '.join(where)}")


#: What every command that analyses a dataset loads while its input is read (see :func:`read_inputs`).
ANALYSIS_MODULES = ("overlapgraph.analysis.core",)
#: ... and what ``report`` loads besides: its pages.
REPORT_MODULES = (
    *ANALYSIS_MODULES,
    "overlapgraph.pipeline",
    "overlapgraph.present.views",
    "overlapgraph.present.rows",
    "overlapgraph.render.network",
    "overlapgraph.render.matrix",
    "jinja2",
)
#: Inputs of at most this many bytes (25,000 participations; a whole cycle is about 10,000) are read in a
#: child process while the command loads its modules. Beyond, sending the dataset back costs more than
#: it saves: at 100,000 participations (16 MB) the child imports pandas and reads for 0.7 s against
#: 0.45 s of loading here, then the dataset takes 0.3 s to come back (alternating runs of the 100k
#: report: median 4.05 s read aside, 3.88 s read here).
READ_ASIDE_UP_TO = 4 * 2**20


def read_inputs(
    paths: list[Path], strict: bool = False, reference: tuple[Path, ...] = (), loads: Sequence[str] = ()
) -> Dataset:
    """Read a dataset or OAP documents; print each repair as a warning and each document's summary.

    ``loads`` names the modules the command needs next (networkx and igraph behind the analysis, the
    page templates: half a second). In the command line's process they are imported while a forked
    child reads the inputs and sends back what it read (:func:`overlapgraph.forked.later`); the
    result, warnings and errors are the same as a read here.
    """
    import sys
    from importlib import import_module

    from ..collector import runs_one_command
    from ..forked import later
    from ..ingest.inputs import read_inputs as read
    from ..output import protect_inputs

    protect_inputs([*paths, *reference])
    missing = [name for name in loads if name not in sys.modules]
    aside = bool(missing) and runs_one_command() and _input_bytes([*paths, *reference]) <= READ_ASIDE_UP_TO
    pending = later(functools.partial(read, paths, strict=strict, reference=reference), fork=aside)
    if aside:
        detail(f"Reading in a child process while loading {', '.join(missing)}")
    try:
        for name in missing:
            import_module(name)
        got = pending()
    except BaseException:
        pending.cancel()
        raise
    print_document_notes(got.warnings, got.summaries, got.redactions, show_redactions=detail)
    return got.dataset


def _input_bytes(paths: Sequence[Path]) -> int:
    """The size of the files given, and of the files in the folders given (not below them)."""
    from ..ingest.tables import file_bytes

    def files(path: Path) -> list[Path]:
        try:
            return [p for p in path.iterdir() if p.is_file()] if path.is_dir() else [path]
        except OSError:
            return []  # the read says what is wrong with it

    return file_bytes(p for path in paths for p in files(path))


@overload
def dataset_input(f: F) -> F: ...


@overload
def dataset_input(*, loads: Sequence[str]) -> Callable[[F], F]: ...


def dataset_input(f: F | None = None, *, loads: Sequence[str] = ANALYSIS_MODULES) -> Any:
    """Add the DATASET|DOCUMENT... argument and --neo4j, and pass ``dataset: Dataset``.

    Without --neo4j the dataset is read from the files given; with it, from the Neo4j database
    named by the connection options (and no files may be given). ``loads``: the modules the command
    needs once it has its dataset, loaded while the files are read (:func:`read_inputs`).
    Use as ``@dataset_input`` or ``@dataset_input(loads=...)``.
    """
    if f is None:
        return functools.partial(dataset_input, loads=loads)

    @click.argument(
        "inputs",
        nargs=-1,
        required=False,
        metavar="[DATASET|DOCUMENT...]",
        type=click.Path(exists=True, path_type=Path),
    )
    @click.option(
        "--neo4j", "from_neo4j", is_flag=True, help="Read the graph from Neo4j instead of files (see --uri)."
    )
    @STRICT_OPTION
    @REFERENCE_OPTION
    @neo4j_options
    @functools.wraps(f)
    def wrapper(
        *args: Any,
        inputs: tuple[Path, ...],
        from_neo4j: bool,
        strict: bool,
        reference: tuple[Path, ...],
        settings: Any,
        **kwargs: Any,
    ) -> Any:
        if from_neo4j and inputs:
            raise click.UsageError("give either input files or --neo4j, not both")
        if not from_neo4j and not inputs:
            raise click.UsageError(
                "missing input: give a dataset folder, workbook or OAP documents, or --neo4j"
            )
        started = time.perf_counter()
        try:
            if from_neo4j:
                from ..store import read_dataset_from_neo4j

                dataset = read_dataset_from_neo4j(settings)
            else:
                dataset = read_inputs(list(inputs), strict=strict, reference=reference, loads=loads)
        except OverlapGraphError as e:
            raise click.ClickException(str(e)) from e
        settle()  # the dataset lives as long as this command (see overlapgraph.collector)
        where = (
            f"Neo4j at {settings.safe_uri} (database '{settings.database}')" if from_neo4j else dataset.name
        )
        detail(f"Read {where} in {time.perf_counter() - started:.2f} s: {dataset.summary()}")
        return f(*args, dataset=dataset, **kwargs)

    return wrapper
