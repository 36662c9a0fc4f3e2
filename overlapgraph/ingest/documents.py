"""Parse Council OAP documents (text, markdown, PDF) into one validated dataset, with warnings.

Entry point of issue #4: :func:`parse_documents`. Reading is in :mod:`.oap_source` (and :mod:`.pdf`),
extraction from one document in :mod:`.oap_parser`; this module joins documents into one
:class:`~overlapgraph.model.Dataset` and validates it with the same checks as dataset tables.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import (
    OAP,
    Action,
    Actor,
    Dataset,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Priority,
    goal_id_for,
    natural_key,
)
from ..names import PriorityResolver
from ..reference import KIND_TEXT, known_actors, reference_priorities
from .oap_parser import ParsedDocument, ParseWarning, Redaction, parse_lines
from .oap_source import read_lines
from .schema import TABLES, record_to_row
from .tables import RawTable, tables_to_dataset, write_dataset

__all__ = ["ParseResult", "ParseWarning", "Redaction", "parse_documents", "write_parsed_dataset"]

_ORIGIN_LABELS = (("number", "number"), ("date", "date"), ("previous", "previous"), ("subject", "subject"))
_ROLE_TEXT = {
    OAPRole.DRIVER: "driver",
    OAPRole.CO_DRIVER: "co-driver",
    OAPRole.RELEVANT_ACTOR: "action leaders - relevant actors",
    OAPRole.PARTNER: "action leaders - partners",
}


@dataclass
class ParseResult:
    """A dataset parsed from documents, the repairs made (warnings) and the redacted parts found."""

    dataset: Dataset
    warnings: list[ParseWarning] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)


def _actor_resolver() -> PriorityResolver:
    # PriorityResolver maps codes, names and aliases to a code; actors need exactly that.
    return PriorityResolver(Priority(a.code, a.name, a.aliases) for a in known_actors())


def parse_documents(paths: Sequence[Path], *, strict: bool = False) -> ParseResult:
    """Parse one or more Council OAP documents (.txt, .md, .pdf) into one validated dataset.

    Parameters
    ----------
    paths
        The documents: different priorities, or the same priority in different years.
    strict
        Raise instead of repairing: any warning becomes an error.

    Returns
    -------
    ParseResult
        ``dataset`` holds the 15 reference priorities, the documents' OAPs, goals, the actions their
        overlap sections name, the declared overlaps and the actors with their roles; every record
        says where it comes from ("13607/21 §2.2 line 128"). ``warnings`` lists each repair with its
        line; ``redactions`` each part printed as "DELETED".

    Raises
    ------
    InputError
        A document is unreadable, is not an OAP document (no subject line, no overlap section),
        names an unknown OAP or actor, or two documents hold the same OAP; with ``strict``, also
        when any warning was raised.

    Examples
    --------
    >>> from tests.conftest import THB_2022
    >>> r = parse_documents([THB_2022])
    >>> r.dataset.oaps[0].oap_id, r.dataset.oaps[0].document, len(r.dataset.overlaps)
    ('THB-2022', '13607/21', 50)
    """
    if not paths:
        raise ValueError("parse_documents needs at least one document")
    priorities = PriorityResolver(reference_priorities())
    actors = _actor_resolver()
    docs: list[ParsedDocument] = []
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        doc = parse_lines(path, read_lines(path), priorities, actors)
        for other in docs:
            if other.oap_id == doc.oap_id:
                raise InputError(f"{path}: OAP {doc.oap_id} is also in {other.path}; give each OAP once")
        docs.append(doc)
    result = _join(docs, name=", ".join(str(p) for p in paths))
    if strict and result.warnings:
        n = len(result.warnings)
        raise InputError(
            f"{n} warning{'s' if n != 1 else ''} (strict mode):\n"
            + "\n".join(f"  {w}" for w in result.warnings)
        )
    return result


def _oap_source(doc: ParsedDocument) -> str:
    parts = [f"{doc.origin[k]} ({label})" for k, label in _ORIGIN_LABELS if k in doc.origin]
    if "stated" in doc.origin:
        parts.append(doc.origin["stated"])
    source = f"{doc.prefix} {', '.join(parts)}"
    if doc.redactions:
        where = []
        for r in doc.redactions:
            rest = r.text.upper().removeprefix("DELETED").strip().lower().replace(" (", ", ").rstrip(")")
            where.append(f"{r.where} ({rest})" if r.until_end else r.where)
        source += f"; redacted (DELETED): {', '.join(where)}"
    return source


def _join(docs: list[ParsedDocument], name: str) -> ParseResult:
    """One dataset from the parsed documents, validated like dataset tables."""
    warnings: list[ParseWarning] = [w for d in docs for w in d.warnings]
    ds = Dataset(name=name, priorities=list(reference_priorities()))
    reference = {a.code: a for a in known_actors()}

    goals: dict[str, tuple[Goal, ParsedDocument]] = {}
    for doc in docs:
        for number, label, title, m in doc.goals:
            gid = goal_id_for(doc.priority, number)
            if gid in goals:
                first, where = goals[gid]
                if first.title != title:
                    warnings.append(
                        ParseWarning(
                            doc.path.name,
                            m.line,
                            f"{label} is titled '{title}' here but '{first.title}' in {where.path.name}; "
                            "keeping the first",
                        )
                    )
                continue
            priority = doc.priority if number > 8 else ""
            goals[gid] = (Goal(gid, number, label, title, priority, f"{doc.prefix} {m.at}"), doc)
    ds.goals = sorted((g for g, _ in goals.values()), key=lambda g: (g.priority, g.number))

    mentions: dict[str, list[str]] = {}
    for doc in docs:
        ds.oaps.append(
            OAP(
                doc.oap_id,
                doc.priority,
                doc.period,
                doc.number,
                doc.date,
                doc.previous,
                doc.title,
                doc.stated_actions,
                _oap_source(doc),
            )
        )
        seen_roles: set[tuple[str, OAPRole]] = set()
        for code, role, m in doc.roles:
            if (code, role) in seen_roles:
                warnings.append(
                    ParseWarning(doc.path.name, m.line, f"{code} listed again as {role}; counted once")
                )
                continue
            seen_roles.add((code, role))
            ds.oap_actors.append(OAPActor(doc.oap_id, code, role, f"{doc.prefix} {m.at}"))
            said = mentions.setdefault(code, [])
            if not said or said[0].startswith(doc.prefix + " "):
                said.append(f"{m.at} ({_ROLE_TEXT[role]})")
                if len(said) == 1:
                    said[0] = f"{doc.prefix} {said[0]}"
        _actions_and_overlaps(doc, ds, goals, warnings)
    # Actors in the order the action-leader lists name them (as the document does), drivers after.
    leading = (OAPRole.DRIVER, OAPRole.CO_DRIVER)
    order = [c for d in docs for c, r, _ in d.roles if r not in leading]
    order += [c for d in docs for c, r, _ in d.roles if r in leading]
    for code in dict.fromkeys(order):
        said = mentions[code]
        known = reference[code]
        note = f"; {known.note}" if known.note else ""
        ds.actors.append(
            Actor(code, known.name, known.kind, f"{'; '.join(said)}; kind: {KIND_TEXT[known.kind]}{note}")
        )

    tables = {
        spec.name: RawTable(
            spec.name,
            spec.header,
            [(i, record_to_row(r)) for i, r in enumerate(records, 1)],
        )
        for spec, records in ((TABLES[t], getattr(ds, t)) for t in TABLES)
    }
    dataset = tables_to_dataset(tables, [], name=name)
    return ParseResult(dataset, warnings, [r for d in docs for r in d.redactions])


def _actions_and_overlaps(
    doc: ParsedDocument,
    ds: Dataset,
    goals: dict[str, tuple[Goal, ParsedDocument]],
    warnings: list[ParseWarning],
) -> None:
    first_named: dict[str, tuple[str, int]] = {}
    declared: dict[tuple[str, str], str] = {}
    for code, target, note, m, repaired in doc.overlaps:
        first_named.setdefault(code, (m.at, m.line))
        if (code, target) in declared:
            warnings.append(
                ParseWarning(
                    doc.path.name,
                    m.line,
                    f"OA {code} declared again for {target} (first on {declared[code, target]}); "
                    "counted once",
                )
            )
            continue
        declared[code, target] = m.at
        repairs = "".join(f"; {r}" for r in repaired)
        ds.overlaps.append(Overlap(doc.oap_id, code, target, note, f"{doc.prefix} {m.at}{repairs}"))
    for code in sorted(first_named, key=natural_key):
        at, line = first_named[code]
        gid = goal_id_for(doc.priority, int(code.split(".")[0]))
        if gid not in goals:
            raise InputError(
                f"{doc.path}: {at}: OA {code} serves goal {code.split('.')[0]}, "
                "which the document's list of strategic goals does not name"
            )
        ds.actions.append(
            Action(
                doc.oap_id,
                code,
                gid,
                "",
                f"{doc.prefix} {at} (first named; title not public; goal implied by the number)",
            )
        )
    if doc.stated_actions is not None and doc.stated_actions < len(first_named):
        warnings.append(
            ParseWarning(
                doc.path.name,
                0,
                f"the document states {doc.stated_actions} OAs but its overlap section names "
                f"{len(first_named)}",
            )
        )


def write_parsed_dataset(ds: Dataset, path: Path) -> None:
    """Write ``ds`` as a CSV folder (or a workbook when ``path`` ends in .xlsx), all or nothing.

    The tables are written to a staging folder next to ``path`` and moved in only when all are
    written, so an error leaves ``path`` as it was.
    """
    if path.suffix.lower() == ".xlsx":
        write_dataset(ds, path)  # written to a temporary file and renamed
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as tmp:
        write_dataset(ds, Path(tmp))
        path.mkdir(exist_ok=True)
        for f in sorted(Path(tmp).iterdir()):
            os.replace(f, path / f.name)
