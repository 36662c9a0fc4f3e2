"""Parse Council OAP documents (text, markdown, PDF, Word) into one validated dataset, with warnings.

Entry point: :func:`parse_documents`. Reading is in :mod:`.oap_source` (and :mod:`.pdf`, :mod:`.docx`,
:mod:`.pipe_tables`), the OA overview table in :mod:`.oa_table`, the prose of one document in
:mod:`.oap_parser`; this module joins documents into one :class:`~overlapgraph.model.Dataset` and
validates it with the same checks as dataset tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import (
    OAP,
    Action,
    ActionRole,
    Actor,
    Dataset,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Participation,
    goal_id_for,
    natural_key,
)
from ..reference import KIND_TEXT, Reference, common_goals, shipped_reference
from .oa_table import TableAction, read_oa_tables
from .oap_parser import ParsedDocument, ParseWarning, Redaction, parse_lines
from .oap_source import DOCUMENT_SUFFIXES, SourceLine, read_document
from .schema import TABLES, record_to_row
from .tables import RawTable, tables_to_dataset, write_dataset

__all__ = [
    "ParseResult",
    "ParseWarning",
    "Redaction",
    "document_files",
    "parse_documents",
    "write_parsed_dataset",
]

_ORIGIN_LABELS = (("number", "number"), ("date", "date"), ("previous", "previous"), ("subject", "subject"))
_ROLE_TEXT = {
    OAPRole.DRIVER: "driver",
    OAPRole.CO_DRIVER: "co-driver",
    OAPRole.RELEVANT_ACTOR: "action leaders - relevant actors",
    OAPRole.PARTNER: "action leaders - partners",
}


@dataclass
class ParseResult:
    """A dataset parsed from documents, the repairs made (warnings), the redacted parts found, and a
    one-line summary per document."""

    dataset: Dataset
    warnings: list[ParseWarning] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)


def document_files(folder: Path) -> list[Path]:
    """The OAP documents in ``folder`` (not its subfolders), by name; hidden and Word lock files skipped.

    Raises
    ------
    InputError
        The folder holds no document.
    """
    try:
        found = sorted(
            f
            for f in folder.iterdir()
            if f.suffix.lower() in DOCUMENT_SUFFIXES and f.is_file() and not f.name.startswith((".", "~$"))
        )
    except OSError as e:
        raise InputError(f"{folder}: cannot read the folder ({e.strerror or e})") from e
    if not found:
        raise InputError(
            f"{folder}: no OAP documents ({', '.join(DOCUMENT_SUFFIXES)}) "
            "and no dataset tables in this folder"
        )
    return found


def parse_documents(
    paths: Sequence[Path], *, strict: bool = False, reference: Reference | None = None
) -> ParseResult:
    """Parse Council OAP documents (.txt, .md, .pdf, .docx, or folders of them) into one validated dataset.

    Parameters
    ----------
    paths
        The documents, or folders of documents: different priorities, or the same priority in
        different periods, of one cycle or of several.
    strict
        Raise instead of repairing: any warning becomes an error.
    reference
        The priorities and actors names resolve to (default: the shipped tables of both cycles).

    Returns
    -------
    ParseResult
        ``dataset`` holds the reference priorities of the documents' cycles, the documents' OAPs, goals,
        actions (from the OA overview table, with titles, goals and roles, or else those the overlap
        sections name), the declared overlaps and the actors with their roles; every record says where
        it comes from ("13607/21 §2.2 line 128", "15377/25 §3 table 1 row 4"). ``warnings`` lists each
        repair with its place; ``redactions`` each part printed as "DELETED"; ``summaries`` one line
        per document.

    Raises
    ------
    InputError
        A document is unreadable, is not an OAP document (no subject line, no overlap section),
        names an unknown OAP or actor, has a table of actions without a recognisable header, or two
        documents hold the same OAP; with ``strict``, also when any warning was raised.

    Examples
    --------
    >>> from tests.conftest import THB_2022
    >>> r = parse_documents([THB_2022])
    >>> r.dataset.oaps[0].oap_id, r.dataset.oaps[0].document, len(r.dataset.overlaps)
    ('THB-2022', '13607/21', 50)
    """
    if not paths:
        raise ValueError("parse_documents needs at least one document")
    reference = reference or shipped_reference()
    files = [f for path in paths for f in (document_files(path) if path.is_dir() else [path])]
    docs: list[ParsedDocument] = []
    tables: dict[str, list[TableAction]] = {}
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        doc, actions = _parse_one(path, reference)
        for other in docs:
            if other.oap_id == doc.oap_id:
                raise InputError(f"{path}: OAP {doc.oap_id} is also in {other.path}; give each OAP once")
        docs.append(doc)
        tables[doc.oap_id] = actions
    result = _join(docs, tables, reference, name=", ".join(str(p) for p in paths))
    if strict and result.warnings:
        n = len(result.warnings)
        raise InputError(
            f"{n} warning{'s' if n != 1 else ''} (strict mode):\n"
            + "\n".join(f"  {w}" for w in result.warnings)
        )
    return result


def _parse_one(path: Path, reference: Reference) -> tuple[ParsedDocument, list[TableAction]]:
    """One document: its prose parsed, its OA overview tables read (their rows left out of the prose)."""
    source = read_document(path)
    oa = read_oa_tables(path, source.tables, reference.actor_resolver())
    lines = [
        SourceLine(ln.number, "", ln.page, ln.page_line, ln.label, ln.table) if ln.table in oa.tables else ln
        for ln in source.lines
    ]
    doc = parse_lines(path, lines, reference)
    doc.warnings.extend(oa.warnings)
    return doc, oa.actions


def _section_of(doc: ParsedDocument, line: int) -> str:
    return doc.sections[line - 1] if 0 < line <= len(doc.sections) else ""


def _summary(doc: ParsedDocument, actions: list[TableAction], ds: Dataset) -> str:
    n_actions = sum(a.oap_id == doc.oap_id for a in ds.actions)
    titled = sum(a.oap_id == doc.oap_id and bool(a.title) for a in ds.actions)
    roles = sum(p.oap_id == doc.oap_id for p in ds.participations)
    overlaps = sum(o.oap_id == doc.oap_id for o in ds.overlaps)
    targets = len({o.target_priority for o in ds.overlaps if o.oap_id == doc.oap_id})
    table = f" from its OA table, {titled} with a title" if actions else " named in its overlap section"
    warned = len(doc.warnings)
    return (
        f"{doc.path.name}: {doc.oap_id} ({doc.title}; cycle {ds_cycle(doc)}): {n_actions} actions{table}, "
        f"{roles} action roles, {overlaps} declared overlaps with {targets} priorities, "
        f"{warned} warning{'s' if warned != 1 else ''}"
    )


def ds_cycle(doc: ParsedDocument) -> str:
    """The cycle of a parsed document's OAP."""
    return OAP(doc.oap_id, doc.priority, doc.period).cycle


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


def _join(
    docs: list[ParsedDocument], tables: dict[str, list[TableAction]], reference: Reference, name: str
) -> ParseResult:
    """One dataset from the parsed documents, validated like dataset tables."""
    warnings: list[ParseWarning] = [w for d in docs for w in d.warnings]
    cycles = {ds_cycle(d) for d in docs}
    used = {d.priority for d in docs} | {t for d in docs for _, t, *_ in d.overlaps}
    priorities = [p for p in reference.priorities if p.cycle in cycles or (not p.cycle and p.code in used)]
    ds = Dataset(name=name, priorities=priorities)
    reference_actors = {a.code: a for a in reference.actors}

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
        _actions_and_overlaps(doc, tables[doc.oap_id], ds, goals, warnings, mentions)
    # Actors in the order the action-leader lists name them (as the document does), drivers after.
    leading = (OAPRole.DRIVER, OAPRole.CO_DRIVER)
    order = [c for d in docs for c, r, _ in d.roles if r not in leading]
    order += [c for d in docs for c, r, _ in d.roles if r in leading]
    order += [c for d in docs for a in tables[d.oap_id] for c, _ in a.roles]
    for code in dict.fromkeys(order):
        said = mentions[code]
        known = reference_actors[code]
        note = f"; {known.note}" if known.note else ""
        ds.actors.append(
            Actor(code, known.name, known.kind, f"{'; '.join(said)}; kind: {KIND_TEXT[known.kind]}{note}")
        )

    raw = {
        spec.name: RawTable(
            spec.name,
            spec.header,
            [(i, record_to_row(r)) for i, r in enumerate(records, 1)],
        )
        for spec, records in ((TABLES[t], getattr(ds, t)) for t in TABLES)
    }
    dataset = tables_to_dataset(raw, [], name=name)
    summaries = [_summary(d, tables[d.oap_id], dataset) for d in docs]
    return ParseResult(dataset, warnings, [r for d in docs for r in d.redactions], summaries)


_ACTION_ROLE_TEXT = {
    ActionRole.LEADER: "leader",
    ActionRole.CO_LEADER: "co-leader",
    ActionRole.PARTICIPANT: "participant",
}


def _actions_and_overlaps(
    doc: ParsedDocument,
    actions: list[TableAction],
    ds: Dataset,
    goals: dict[str, tuple[Goal, ParsedDocument]],
    warnings: list[ParseWarning],
    mentions: dict[str, list[str]],
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
    in_table = {a.code for a in actions}
    for a in actions:
        section = _section_of(doc, a.line)
        where = f"{doc.prefix} {section + ' ' if section else ''}{a.where}"
        number = int(a.code.split(".")[0])
        gid = goal_id_for(doc.priority, number)
        if gid not in goals:
            goals[gid] = (_goal_not_listed(doc, a, number, gid, warnings), doc)
        ds.actions.append(Action(doc.oap_id, a.code, gid, a.title, where))
        leaders = [actor for actor, role in a.roles if role is ActionRole.LEADER]
        if len(leaders) > 1:
            warnings.append(
                ParseWarning(
                    doc.path.name,
                    a.line,
                    f"OA {a.code} names {len(leaders)} action leaders ({', '.join(leaders)}); an action has "
                    f"one: {leaders[0]} read as leader, {', '.join(leaders[1:])} as co-leader",
                    a.where,
                )
            )
        for actor, role in a.roles:
            if role is ActionRole.LEADER and actor != leaders[0]:
                role = ActionRole.CO_LEADER
            ds.participations.append(Participation(doc.oap_id, a.code, actor, role, where))
            mentions.setdefault(actor, [f"{where} ({_ACTION_ROLE_TEXT[role]})"])
    ds.goals = sorted((g for g, _ in goals.values()), key=lambda g: (g.priority, g.number))
    for code in sorted(first_named, key=natural_key):
        if code in in_table:
            continue
        at, line = first_named[code]
        gid = goal_id_for(doc.priority, int(code.split(".")[0]))
        if gid not in goals:
            raise InputError(
                f"{doc.path}: {at}: OA {code} serves goal {code.split('.')[0]}, "
                "which the document's list of strategic goals does not name"
            )
        if actions:
            warnings.append(
                ParseWarning(
                    doc.path.name,
                    line,
                    f"OA {code} is declared in the overlap section ({at}) but is not in the OA table; "
                    "added without title or roles",
                )
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
    n_actions = len(in_table | set(first_named))
    if doc.stated_actions is not None and (
        doc.stated_actions < n_actions or (actions and doc.stated_actions != n_actions)
    ):
        named = "its OA table and overlap section name" if actions else "its overlap section names"
        warnings.append(
            ParseWarning(
                doc.path.name,
                0,
                f"the document states {doc.stated_actions} OAs but {named} {n_actions}",
            )
        )


def _goal_not_listed(
    doc: ParsedDocument, a: TableAction, number: int, gid: str, warnings: list[ParseWarning]
) -> Goal:
    """The goal of a table's action that the document's list of goals does not name (with a warning)."""
    common = {n: (label, title, source) for n, label, title, source in common_goals()}
    if number in common:
        label, title, source = common[number]
        warnings.append(
            ParseWarning(
                doc.path.name,
                a.line,
                f"OA {a.code} serves {label}, which the document's list of strategic goals does not name; "
                "title taken from the reference",
                a.where,
            )
        )
        return Goal(gid, number, label, title, "", f"{source}; not listed in {doc.prefix}")
    warnings.append(
        ParseWarning(
            doc.path.name,
            a.line,
            f"OA {a.code} serves goal {number}, which the document's list of strategic goals does not name",
            a.where,
        )
    )
    return Goal(
        gid,
        number,
        f"SG {number}",
        "(title not in the document)",
        doc.priority,
        f"{doc.prefix} {a.where} (goal implied by the action code; not listed in the document)",
    )


def write_parsed_dataset(ds: Dataset, path: Path) -> None:
    """Write ``ds`` as a CSV folder (or a workbook when ``path`` ends in .xlsx), all or nothing.

    The tables are staged next to their destinations and put in place only when all are written
    (one :class:`~overlapgraph.output.OutputSet`), so an error leaves ``path`` as it was.
    """
    write_dataset(ds, path)
