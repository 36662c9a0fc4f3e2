"""One way in for every command: datasets, OAP documents, folders of documents, and reference files.

:func:`read_inputs` takes what a user names on the command line:

- one dataset (a folder of CSV tables, or an .xlsx workbook);
- OAP documents (.txt, .md, .pdf, .docx) and folders of them;
- one dataset *and* documents: the documents are read against the dataset's own priorities and actors
  (as well as the reference) and their OAPs join the dataset.

``reference`` files (``--reference FILE``) extend the shipped priorities and actors: a priorities
table (the dataset format: code, name, aliases, cycle, source), an actors table (code, name, kind,
aliases, source), as CSV or as sheets ``priorities`` / ``actors`` of a workbook.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem, ValidationError
from ..model import ActorKind, Dataset, Priority
from ..reference import KnownActor, Reference, shipped_reference
from .oap_source import DOCUMENT_SUFFIXES
from .schema import TABLES, record_to_row
from .tables import RawTable, _clean, read_dataset_tables, read_xlsx_tables, tables_to_dataset

if TYPE_CHECKING:  # the document parser is imported when a document is read
    from .oap_parser import ParseWarning, Redaction

__all__ = ["Inputs", "is_dataset_folder", "read_inputs", "read_reference"]


@dataclass
class Inputs:
    """What was read: one dataset, and for documents the repairs made, redactions and summaries."""

    dataset: Dataset
    warnings: list[ParseWarning] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)


def is_dataset_folder(path: Path) -> bool:
    """True when ``path`` is a folder holding at least one dataset table (``priorities.csv``, ...)."""
    return path.is_dir() and any((path / spec.filename).is_file() for spec in TABLES.values())


def _is_dataset(path: Path) -> bool:
    return is_dataset_folder(path) or (path.suffix.lower() == ".xlsx" and not path.is_dir())


def read_inputs(
    paths: Sequence[Path], *, strict: bool = False, reference: Sequence[Path] | Reference = ()
) -> Inputs:
    """Read a dataset, OAP documents (or folders of them), or a dataset with documents to add to it.

    Parameters
    ----------
    paths
        What the user named.
    strict
        Document repairs are errors.
    reference
        Reference files that extend the shipped priorities and actors, or a ready :class:`Reference`.

    Raises
    ------
    InputError
        Unreadable or invalid input (a ValidationError lists every problem), two datasets, a path
        that is neither a dataset nor a document, or the same OAP in the dataset and a document.
    """
    if not paths:
        raise ValueError("read_inputs needs at least one path")
    ref = reference if isinstance(reference, Reference) else read_reference(reference)
    datasets = [p for p in paths if _is_dataset(p)]
    documents = [p for p in paths if p not in datasets]
    for p in documents:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if not p.is_dir() and p.suffix.lower() not in DOCUMENT_SUFFIXES:
            raise InputError(
                f"{p}: not a dataset (a folder of CSV tables or an .xlsx workbook) nor an OAP document "
                f"({', '.join(DOCUMENT_SUFFIXES)})"
            )
    if len(datasets) > 1:
        raise InputError(
            f"give one dataset at a time (got {', '.join(str(p) for p in datasets)}); "
            "documents may be added to it"
        )
    base = read_dataset_tables(datasets[0]) if datasets else None
    if not documents:
        assert base is not None
        _check_not_empty(base)
        return Inputs(base)
    from .documents import parse_documents

    if base is not None:
        ref = ref.extended(
            base.priorities,
            (KnownActor(a.code, a.name, a.kind) for a in base.actors),
            origin=base.name,
        )
    result = parse_documents(documents, strict=strict, reference=ref)
    dataset = result.dataset if base is None else merge_datasets(base, result.dataset)
    _check_not_empty(dataset)
    return Inputs(dataset, result.warnings, result.redactions, result.summaries)


def _check_not_empty(dataset: Dataset) -> None:
    """Refuse a dataset with nothing to analyse: no priorities, or no OAPs (tables with a header only)."""
    missing = [
        what for what, rows in (("priorities", dataset.priorities), ("OAPs", dataset.oaps)) if not rows
    ]
    if missing:
        raise InputError(
            f"{dataset.name}: no {' and no '.join(missing)} (the tables hold a header only): "
            "nothing to analyse"
        )


def merge_datasets(base: Dataset, added: Dataset) -> Dataset:
    """``base`` with the records of ``added``: priorities, actors and goals ``base`` has are kept as they are.

    Raises
    ------
    InputError
        An OAP of ``added`` is in ``base`` already; ValidationError for any other conflict.
    """
    known_oaps = {o.oap_id for o in base.oaps}
    for o in added.oaps:
        if o.oap_id in known_oaps:
            raise InputError(
                f"OAP {o.oap_id} is in {base.name} already and in {added.name}; give each OAP once"
            )
    name = f"{base.name} + {added.name}"
    raw: dict[str, RawTable] = {}
    for spec in TABLES.values():
        records: list[Any] = list(getattr(base, spec.name))
        if spec.name in ("priorities", "actors", "goals"):
            have = {getattr(r, spec.key[0]) for r in records}
            records += [r for r in getattr(added, spec.name) if getattr(r, spec.key[0]) not in have]
        else:
            records += getattr(added, spec.name)
        raw[spec.name] = RawTable(
            spec.name, spec.header, [(i, record_to_row(r)) for i, r in enumerate(records, 1)]
        )
    return tables_to_dataset(raw, [], name=name)


# ---------------------------------------------------------------------------- reference files

_ACTOR_COLUMNS = ("code", "name", "kind", "aliases", "source")


def read_reference(paths: Sequence[Path]) -> Reference:
    """The shipped reference extended by the priorities and actors of ``paths`` (CSV or .xlsx files).

    Raises
    ------
    InputError
        A file is unreadable or not a priorities or actors table; a ValidationError lists every
        problem (file, line, column) of its rows.
    """
    ref = shipped_reference()
    for path in paths:
        priorities, actors = _reference_file(path)
        ref = ref.extended(priorities, actors, origin=str(path))
    return ref


def _reference_file(path: Path) -> tuple[list[Priority], list[KnownActor]]:
    if not path.is_file():
        raise InputError(f"{path}: no such reference file")
    problems: list[Problem] = []
    if path.suffix.lower() == ".xlsx":
        tables, problems = read_xlsx_tables(path)
        # A reference workbook holds only the reference sheets: the dataset's other sheets are not missing.
        problems = [p for p in problems if p.message != "required sheet is missing"]
        found = {k: t for k, t in tables.items() if k in ("priorities", "actors") and t.header is not None}
        if not found and not problems:
            raise InputError(f"{path}: a reference workbook needs a sheet 'priorities' or 'actors'")
    else:
        found = {}
        table = _csv_table(path, problems)
        if table is not None:
            assert table.header is not None
            found["actors" if "kind" in table.header else "priorities"] = table
    priorities = _priority_rows(found["priorities"], problems) if "priorities" in found else []
    actors = _actor_rows(found["actors"], problems) if "actors" in found else []
    if problems:
        raise ValidationError(problems)
    return priorities, actors


def _csv_table(path: Path, problems: list[Problem]) -> RawTable | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8; save the file as UTF-8") from e
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            raise InputError(
                f"{path}: empty; expected a header row such as code,name,aliases,cycle,source (priorities) "
                "or code,name,kind,aliases,source (actors)"
            )
        table = RawTable(path.name, header)
        for row in reader:
            if any(c.strip() for c in row):
                table.rows.append((reader.line_num, [c.strip() for c in row]))
    except csv.Error as e:
        problems.append(Problem(path.name, reader.line_num, "", f"malformed CSV: {e}"))
        return None
    return table


def _header_problems(table: RawTable, allowed: Sequence[str], required: Sequence[str]) -> list[Problem]:
    assert table.header is not None
    out = [
        Problem(table.label, 1, h, f"unknown column; expected: {', '.join(allowed)}")
        for h in table.header
        if h not in allowed
    ]
    out += [
        Problem(table.label, 1, c, "column is missing from the header")
        for c in required
        if c not in table.header
    ]
    return out


def _priority_rows(table: RawTable, problems: list[Problem]) -> list[Priority]:
    spec = TABLES["priorities"]
    header_problems = _header_problems(table, spec.header, [c.name for c in spec.columns if c.required])
    problems += header_problems
    if header_problems:
        return []
    assert table.header is not None
    out: list[Priority] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        row = dict(zip(table.header, cells, strict=False))
        v = _clean(spec, line, row, table.label, problems)
        if v is None:
            continue
        if v["code"] in seen:
            problems.append(
                Problem(table.label, line, "code", f"'{v['code']}' is also on line {seen[v['code']]}")
            )
            continue
        seen[v["code"]] = line
        out.append(Priority(v["code"], v["name"], v["aliases"], v["cycle"], v["source"]))
    return out


def _actor_rows(table: RawTable, problems: list[Problem]) -> list[KnownActor]:
    header_problems = _header_problems(table, _ACTOR_COLUMNS, ("code", "name", "kind"))
    problems += header_problems
    if header_problems:
        return []
    assert table.header is not None
    kinds = [k.value for k in ActorKind]
    out: list[KnownActor] = []
    for line, cells in table.rows:
        row = dict(zip(table.header, cells, strict=False))
        bad = False
        for col in ("code", "name", "kind"):
            if not row.get(col):
                problems.append(Problem(table.label, line, col, "required value is missing"))
                bad = True
        kind = row.get("kind", "")
        if kind and kind not in kinds:
            problems.append(Problem(table.label, line, "kind", f"'{kind}' is not one of: {', '.join(kinds)}"))
            bad = True
        if bad:
            continue
        aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
        out.append(KnownActor(row["code"], row["name"], ActorKind(kind), aliases, row.get("source", "")))
    return out
