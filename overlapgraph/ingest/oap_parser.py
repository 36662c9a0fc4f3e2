"""What one Council OAP document says: cover note, strategic goals, declared overlaps, actors, redactions.

The parser reads the layout of the public Council notes (e.g. 13607/21): a cover note with the
document number, date, previous document and subject line; numbered sections; the goals listed as
"CHSG 1 - title"; section "Potential overlaps and synergies with other OAPs" with one line per other
OAP; and the lines "Action leaders - relevant actors: ..." and "Action leaders - partners: ...".
Each repair it makes (a typo, a missing separator, ...) is recorded as a warning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import COMMON_GOAL_COUNT, OAPRole, cycle_of_period
from ..names import PriorityResolver
from ..reference import Reference
from .oap_source import SourceLine, span

__all__ = ["Mention", "ParseWarning", "ParsedDocument", "Redaction", "parse_lines"]

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, en and em dashes, minus sign
_D = f"[{DASH}]"


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A repair or doubt while parsing a document: which document, which line, what."""

    document: str
    line: int  # 1-based line of the (extracted) text
    message: str
    where: str = ""  # "line 129" or "page 3, line 12"

    def __str__(self) -> str:
        if not self.where or self.where == f"line {self.line}":
            return f"{self.document}:{self.line}: {self.message}"
        return f"{self.document} ({self.where}): {self.message}"


@dataclass(frozen=True, slots=True)
class Redaction:
    """A part of a document printed as "DELETED" in the public copy."""

    document: str
    line: int
    where: str
    section: str
    text: str

    @property
    def until_end(self) -> bool:
        """True when everything from here to the end of the document is withheld."""
        return "UNTIL THE END" in self.text.upper()


@dataclass(frozen=True, slots=True)
class Mention:
    """A fact with its provenance: "<section> <where>", e.g. "§2.2 line 128"."""

    value: str
    at: str  # "§2.2 line 128"
    line: int


@dataclass
class ParsedDocument:
    """Everything extracted from one document, before it joins a dataset."""

    path: Path
    number: str
    priority: str
    period: str
    title: str
    subject: Mention
    date: str = ""
    previous: str = ""
    origin: dict[str, str] = field(default_factory=dict)  # what -> where ("number" -> "line 8")
    stated_actions: int | None = None
    goals: list[tuple[int, str, str, Mention]] = field(default_factory=list)  # number, label, title
    # code, target, note, where, repairs made to read it
    overlaps: list[tuple[str, str, str, Mention, tuple[str, ...]]] = field(default_factory=list)
    roles: list[tuple[str, OAPRole, Mention]] = field(default_factory=list)  # actor code, role
    redactions: list[Redaction] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the section of each line: "cover note", "§2.2"

    @property
    def oap_id(self) -> str:
        """The OAP's key, e.g. THB-2022."""
        return f"{self.priority}-{self.period}"

    @property
    def prefix(self) -> str:
        """What provenance texts start with: the Council document number, or the file name."""
        return self.number or self.path.name


# ---------------------------------------------------------------------------- patterns

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        start=1,
    )
}
_DATE = re.compile(r"^[A-Z][A-Za-z]+,\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")
_DOC_NUMBER = re.compile(r"^(\d{3,6}/(?:\d{1,2}/)?\d{2}(?:\s+(?:REV|COR)\s*\d+)*)$")
_PREVIOUS = re.compile(r"^No\.?\s*prev\.?\s*doc\.?\s*:\s*(.+)$", re.IGNORECASE)
_SUBJECT = re.compile(r"^Subject\s*:\s*(.*)$", re.IGNORECASE)
_TITLE = re.compile(
    rf"^(?:EU\s+)?(?:Operational\s+Action\s+Plan|OAP)\s*(?:\(OAP\)\s*)?"
    rf"(?P<first>\d{{4}})(?:\s*(?:{_D}|/)\s*(?P<last>\d{{4}}))?\s*(?:[:{DASH},]|(?:on|for)\b)?\s*(?P<name>.*)$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-Z][^.;:]{0,90})$")
_BULLET = re.compile(rf"^(?:[*•·▪◦]|{_D})\s*")
_GOAL = re.compile(rf"^(?P<label>[A-Z]{{0,6}}SG)\s*(?P<n>\d{{1,2}})\s*(?:[:.)]|{_D})\s*(?P<title>\S.*)$")
_OVERLAP_HEADING = re.compile(r"potential\s+overlaps?\s*(?:and|&|/)\s*synerg", re.IGNORECASE)
_OAP_ENTRY = re.compile(r"^OAPs?\b")
_CODE = re.compile(
    r"(?P<prefix>(?<![A-Za-z])(?:O\.?\s?A\.?|A)\s*)?(?<![\d.])(?P<goal>\d{1,2})\s?\.\s?(?P<n>\d{1,2})(?!\d|\.\d)"
)
_FROM_THIS = re.compile(r"\b(?:from|of|in)\s+(?:this|the)\s+(?:OAP|plan)\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^(?:[;,/&]|and)$", re.IGNORECASE)
_RANGE = re.compile(rf"^(?:{_D}|to)$", re.IGNORECASE)
_ACTORS = re.compile(
    rf"^Action\s+leaders?\s*(?:{_D}|:)?\s*(?P<kind>relevant\s+actors?|partners?)\s*:\s*(?P<list>.*)$",
    re.IGNORECASE,
)
_DRIVER = re.compile(
    r"\bresponsibility\s+of\s+(?:the\s+)?(?P<a>[A-Z][A-Za-z]{1,30})\s+driver\b"
    r"|^Driver\s*:\s*(?P<b>[A-Z][A-Za-z ]{1,40}?)\s*$"
    r"|\b(?P<c>[A-Z]{2})\s+as\s+(?:the\s+)?driver\b",
)
_CO_DRIVERS = re.compile(r"^Co-?\s?drivers?(?:\(s\))?\s*:\s*(?P<list>.+)$", re.IGNORECASE)
_STATED = re.compile(r"\b(?P<n>\d{1,3})\s+(?:OA['’]?s|operational\s+actions)\b", re.IGNORECASE)
_DELETED = re.compile(r"\bDELETED\b")
# Linear: a separator is tried only where a run of spaces begins (never at each space of a long run).
_LIST_SPLIT = re.compile(r"(?<!\s)\s*+(?:[,;]|\band\b)\s*+")


def _trailing_parenthesis(text: str) -> tuple[str, str] | None:
    """``("name", "inside")`` for ``"name (inside)"`` (no parenthesis inside), else None; plain string work.

    >>> _trailing_parenthesis("Trafficking in human beings (THB)"), _trailing_parenthesis("THB")
    (('Trafficking in human beings', 'THB'), None)
    """
    if not text.endswith(")"):
        return None
    i = text.rfind("(", 0, len(text) - 1)
    if i < 0 or ")" in text[i + 1 : -1]:
        return None
    return text[:i].rstrip(), text[i + 1 : -1]


_ROLE_OF = {"relevant": OAPRole.RELEVANT_ACTOR, "partner": OAPRole.PARTNER}


# ---------------------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, path: Path, lines: list[SourceLine], reference: Reference) -> None:
        self.path = path
        self.doc = path.name
        self.lines = lines
        self.reference = reference
        self.cycle = ""  # the cycle of the OAP, known once the subject line is read
        self.priorities = PriorityResolver(())  # the priorities of that cycle
        self.actors = reference.actor_resolver()
        self.warnings: list[ParseWarning] = []
        self.sections = self._sections()

    # -- helpers

    def warn(self, line: SourceLine, message: str) -> None:
        self.warnings.append(ParseWarning(self.doc, line.number, message, line.where))

    def error(self, line: SourceLine, message: str) -> InputError:
        if line.page or line.label:
            return InputError(f"{self.path} ({line.where}): {message}")
        return InputError(f"{self.path}:{line.number}: {message}")

    def at(self, first: SourceLine, last: SourceLine | None = None) -> str:
        return f"{self.sections[first.number - 1]} {span(first, last or first)}"

    def _sections(self) -> list[str]:
        """The section each line belongs to: "cover note" before section 1, then "§<number>"."""
        current: tuple[int, ...] = ()
        label = "cover note"
        out: list[str] = []
        for ln in self.lines:
            m = _HEADING.match(ln.text)
            if m and len(ln.text) <= 100:
                num = tuple(int(x) for x in m.group(1).split("."))
                plausible = num[0] <= 2 if not current else current < num and num[0] <= current[0] + 1
                if plausible and all(n > 0 for n in num):
                    current = num
                    label = "§" + ".".join(map(str, num))
            out.append(label)
        return out

    def _priority(self, name: str) -> str | None:
        """The priority ``name`` stands for; also with a trailing "(THB)" dropped, or just "THB"."""
        code = self.priorities.get(name)
        parts = _trailing_parenthesis(name)
        if code is None and parts:
            code = self.priorities.get(parts[0]) or self.priorities.get(parts[1])
        return code

    def _is_heading(self, i: int) -> bool:
        return i > 0 and self.sections[i] != self.sections[i - 1]

    # -- cover note

    def cover(self) -> ParsedDocument:
        subject_i = next((i for i, ln in enumerate(self.lines) if _SUBJECT.match(ln.text)), None)
        if subject_i is None:
            top = next((ln for ln in self.lines if ln.text), self.lines[0])
            raise self.error(
                top,
                "no subject line ('Subject: Operational Action Plan 2022: Trafficking in Human Beings'); "
                "is this a Council OAP document?",
            )
        subj = self.lines[subject_i]
        again = next((ln for ln in self.lines[subject_i + 1 :] if _SUBJECT.match(ln.text)), None)
        if again is not None:
            self.warn(again, f"a second subject line; the first ({subj.where}) is read, this one is ignored")
        priority, first, last, title, end = self._subject(subject_i)
        period = first if last in ("", first) else f"{first}-{last}"
        doc = ParsedDocument(
            self.path, "", priority, period, title, Mention(title, self.at(subj, end), subj.number)
        )
        doc.origin["subject"] = span(subj, end)
        head = self.lines[: subject_i + 1]
        for ln in head:
            if not doc.number and (m := _DOC_NUMBER.match(ln.text)):
                doc.number = m.group(1)
                doc.origin["number"] = ln.where
            elif not doc.date and (m := _DATE.match(ln.text)):
                doc.date = self._date(ln, m)
                if doc.date:
                    doc.origin["date"] = ln.where
            elif not doc.previous and (m := _PREVIOUS.match(ln.text)):
                doc.previous = m.group(1).strip()
                doc.origin["previous"] = ln.where
        if not doc.number:
            self.warn(subj, "no Council document number (like 13607/21) above the subject line")
        if not doc.date:
            self.warn(subj, "no document date (like 'Brussels, 13 November 2021') above the subject line")
        return doc

    def _subject(self, i: int) -> tuple[str, str, str, str, SourceLine]:
        """Priority code, first and last year, title and last line of the subject (it may wrap)."""
        ln = self.lines[i]
        text = _SUBJECT.match(ln.text).group(1).strip()  # type: ignore[union-attr]
        unknown: str | None = None
        for j in range(i, min(i + 3, len(self.lines))):
            if j > i:
                nxt = self.lines[j].text
                if not nxt or ":" in nxt or nxt.isupper():
                    break
                text = f"{text} {nxt}"
            m = _TITLE.match(text)
            if not m:
                continue
            first, last = m.group("first"), m.group("last") or ""
            if not (2000 <= int(first) <= 2100) or (last and not int(first) <= int(last) <= 2100):
                raise self.error(ln, f"'{first}{'-' + last if last else ''}' is not a plausible period")
            self.cycle = cycle_of_period(first)
            self.priorities = self.reference.priority_resolver(self.cycle)
            name = m.group("name").strip(f" .:{DASH}")
            code = self._priority(name) if name else None
            if code:
                return code, first, last, text, self.lines[j]
            if unknown is None and name:
                unknown = name
        if unknown is not None:
            hint = self.reference.unknown_priority(unknown, self.cycle, self.doc, ln.where)
            raise self.error(ln, f"unknown OAP priority '{unknown}' in the subject line{hint}")
        raise self.error(
            ln,
            f"subject '{text}' does not name a year and a priority, "
            "like 'Operational Action Plan 2022: Trafficking in Human Beings'",
        )

    def _date(self, ln: SourceLine, m: re.Match[str]) -> str:
        month = _MONTHS.get(m.group(2).lower())
        try:
            if month is None:
                raise ValueError(m.group(2))
            return date(int(m.group(3)), month, int(m.group(1))).isoformat()
        except ValueError:
            self.warn(ln, f"'{m.group(0)}' is not a valid date; date left empty")
            return ""

    # -- body

    def body(self, doc: ParsedDocument) -> None:
        self._redactions(doc)
        self._stated(doc)
        self._driver(doc)
        self._goals(doc)
        self._overlaps(doc)
        self._actors(doc)

    def _redactions(self, doc: ParsedDocument) -> None:
        for i, ln in enumerate(self.lines):
            if _DELETED.search(ln.text):
                doc.redactions.append(Redaction(self.doc, ln.number, ln.where, self.sections[i], ln.text))

    def _stated(self, doc: ParsedDocument) -> None:
        for i, ln in enumerate(self.lines):
            nxt = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
            m = _STATED.search(f"{ln.text} {nxt}")
            if m and m.start() < len(ln.text):
                doc.stated_actions = int(m.group("n"))
                doc.origin["stated"] = f"{self.at(ln)} ({m.group('n')} OAs)"
                return

    def _driver(self, doc: ParsedDocument) -> None:
        for ln in self.lines:
            m = _DRIVER.search(ln.text)
            if m:
                name = m.group("a") or m.group("b") or m.group("c")
                # Prose, unlike the lists of actors: a name that is not an actor is a doubt, not an error.
                code = self.actors.get(name)
                if code is None:
                    self.warn(ln, f"'{name}' (named as driver) is not a known actor; no driver recorded")
                else:
                    doc.roles.append((code, OAPRole.DRIVER, Mention("driver", self.at(ln), ln.number)))
                break
        else:
            self.warn(self.lines[0], "no driver found (like 'under the responsibility of the NL driver')")
        for ln in self.lines:
            m = _CO_DRIVERS.match(ln.text)
            if m:
                for name in self._names(ln, m.group("list"), doc, "co-drivers"):
                    doc.roles.append(
                        (
                            self._actor(ln, name),
                            OAPRole.CO_DRIVER,
                            Mention("co-driver", self.at(ln), ln.number),
                        )
                    )

    def _goals(self, doc: ParsedDocument) -> None:
        seen: dict[int, SourceLine] = {}
        n_lines = len(self.lines)
        for i, ln in enumerate(self.lines):
            m = _GOAL.match(_BULLET.sub("", ln.text))
            if not m:
                continue
            label, number, title = m.group("label"), int(m.group("n")), m.group("title").strip()
            last = ln
            for j in range(i + 1, min(i + 4, n_lines)):
                nxt = self.lines[j]
                if (
                    not nxt.text
                    or _BULLET.match(nxt.text)
                    or _GOAL.match(nxt.text)
                    or self._is_heading(j)
                    or _DELETED.search(nxt.text)
                ):
                    break
                title, last = f"{title} {nxt.text}", nxt
            if number == 0:
                self.warn(ln, f"'{label} {number}' is not a goal number; ignored")
                continue
            if label == "CHSG" and number > COMMON_GOAL_COUNT:
                self.warn(ln, f"'CHSG {number}': common goals are numbered 1-8; read as a specific goal")
            elif label != "CHSG" and number <= COMMON_GOAL_COUNT:
                self.warn(
                    ln,
                    f"'{label} {number}': priority-specific goals are numbered from 9; "
                    f"read as common goal CHSG {number}",
                )
            if number in seen:
                self.warn(ln, f"goal {number} listed again (first on {seen[number].where}); ignored")
                continue
            seen[number] = ln
            doc.goals.append(
                (number, f"{label} {number}", title, Mention(title, self.at(ln, last), ln.number))
            )
        if not doc.goals:
            self.warn(
                self.lines[0], "no strategic goals found (like 'CHSG 1 - Criminal intelligence picture')"
            )

    def _overlaps(self, doc: ParsedDocument) -> None:
        start = next((i for i, ln in enumerate(self.lines) if _OVERLAP_HEADING.search(ln.text)), None)
        if start is None:
            raise self.error(
                self.lines[-1],
                "no section 'Potential overlaps and synergies with other OAPs' found; "
                "is this a Council OAP document?",
            )
        i = start + 1
        n_lines = len(self.lines)
        entries = 0
        while i < n_lines and not self._is_heading(i):
            ln = self.lines[i]
            text = _BULLET.sub("", ln.text)
            if not _OAP_ENTRY.match(text) and not (_BULLET.match(ln.text) and "(" in text):
                i += 1
                continue
            # An entry ends where its parenthesis closes; it may wrap over several lines.
            j = i
            while j + 1 < n_lines and j - i < 6 and not self._complete(text):
                nxt = self.lines[j + 1]
                if not nxt.text or self._is_heading(j + 1) or _OAP_ENTRY.match(_BULLET.sub("", nxt.text)):
                    break
                if _BULLET.match(nxt.text) and "(" in text:
                    break
                text, j = f"{text} {nxt.text}", j + 1
            if text.count("(") > text.count(")"):
                self.warn(self.lines[j], "overlap line has no closing ')'; read to the end of the line")
            entries += self._overlap_entry(doc, text, ln, self.lines[j])
            i = j + 1
        if not entries:
            redacted = any(start < r.line - 1 < i for r in doc.redactions)
            what = "is redacted: no declared overlaps" if redacted else "lists no other OAP"
            self.warn(self.lines[start], f"the overlap section {what}")

    @staticmethod
    def _complete(text: str) -> bool:
        return "(" in text and text.count("(") <= text.count(")")

    def _overlap_entry(self, doc: ParsedDocument, text: str, first: SourceLine, last: SourceLine) -> int:
        """Record the overlaps of one entry ("OAP Name (OA 1.1; OA 1.2 from this OAP)"); 1 if any."""
        at = self.at(first, last)
        codes = list(_CODE.finditer(text))
        opening = [m.start() for m in re.finditer(r"\(", text)]
        if not codes:
            if _DELETED.search(text):
                return 0
            self.warn(first, "overlap line names no action (like 'OA 2.1'); ignored")
            return 0
        paren = max((p for p in opening if p < codes[0].start()), default=None)
        name_end = paren if paren is not None else codes[0].start()
        name = re.sub(r"^OAPs?\s+", "", text[:name_end]).strip(f" :,;{DASH}")
        if not name:
            self.warn(first, "overlap line names no OAP; ignored")
            return 0
        target = self._priority(name)
        if target is None:
            hint = self.reference.unknown_priority(name, self.cycle, self.doc, first.where)
            raise self.error(first, f"unknown OAP '{name}' in the overlap section{hint}")
        if target == doc.priority:
            raise self.error(first, f"'{name}' is this document's own priority ({target})")
        body_start = (paren + 1) if paren is not None else name_end
        close_at = text.find(")", codes[-1].end())
        body_end = close_at if close_at >= 0 else len(text)
        codes = [c for c in codes if c.start() >= body_start and c.end() <= body_end]
        if codes and text[body_start : codes[0].start()].strip(" ;,:"):
            self.warn(
                first, f"ignored '{text[body_start : codes[0].start()].strip()}' before the first action"
            )
        found: list[str] = []
        repairs: dict[str, list[str]] = {}
        prev: re.Match[str] | None = None
        for m in codes:
            code = f"{int(m.group('goal'))}.{int(m.group('n'))}"
            printed = " ".join(m.group(0).split())
            prefix = (m.group("prefix") or "").replace(".", "").replace(" ", "").upper()
            if prefix == "A":
                self.warn(first, f"read '{printed}' as 'OA {code}' (typo)")
                repairs.setdefault(code, []).append(f"printed '{printed}', read as OA {code} (typo fixed)")
            elif not prefix:
                self.warn(first, f"read '{printed}' as 'OA {code}' (no 'OA' printed)")
                repairs.setdefault(code, []).append(f"printed '{printed}', read as OA {code}")
            if m.group("goal") == "0" or m.group("n") == "0":
                self.warn(first, f"'{printed}' is not an action code; ignored")
                prev = m
                continue
            if prev is not None:
                gap = text[prev.end() : m.start()].strip()
                before = " ".join(prev.group(0).split())
                if not gap:
                    self.warn(first, f"no separator between '{before}' and '{printed}'; read as two actions")
                    said = f"printed '{before} {printed}' without separator"
                    for c in (found[-1] if found else "", code):
                        repairs.setdefault(c, []).append(said)
                elif _RANGE.match(gap) and found and found[-1].split(".")[0] == code.split(".")[0]:
                    g, a = found[-1].split(".")
                    extra = [f"{g}.{k}" for k in range(int(a) + 1, int(code.split(".")[1]))][:20]
                    self.warn(
                        first, f"read '{before} {gap} {printed}' as a range of {len(extra) + 2} actions"
                    )
                    for c in extra:
                        repairs.setdefault(c, []).append(f"in range '{before} {gap} {printed}'")
                    found.extend(extra)
                elif not _SEPARATOR.match(gap):
                    self.warn(first, f"ignored '{gap}' between '{before}' and '{printed}'")
            if code in found:
                self.warn(first, f"OA {code} listed twice in this line; counted once")
            else:
                found.append(code)
            prev = m
        if not found:
            return 0
        tail = text[codes[-1].end() : body_end] + " " + (text[body_end + 1 :] if close_at >= 0 else "")
        note = _FROM_THIS.sub(" ", tail).replace("(", " ").replace(")", " ")
        note = " ".join(note.split()).strip(f" .;,:{DASH}")
        for code in found:
            doc.overlaps.append(
                (code, target, note, Mention(code, at, first.number), tuple(repairs.get(code, ())))
            )
        return 1

    def _actors(self, doc: ParsedDocument) -> None:
        n_lines = len(self.lines)
        for i, ln in enumerate(self.lines):
            m = _ACTORS.match(ln.text)
            if not m:
                continue
            kind = m.group("kind").lower()
            role = _ROLE_OF["relevant" if kind.startswith("relevant") else "partner"]
            listed, last = m.group("list"), ln
            for j in range(i + 1, min(i + 4, n_lines)):
                nxt = self.lines[j]
                if not nxt.text or _ACTORS.match(nxt.text) or self._is_heading(j):
                    break
                if not listed.rstrip().endswith((",", ";")) and not all(
                    self.actors.get(t) for t in _LIST_SPLIT.split(nxt.text.rstrip(".")) if t
                ):
                    break
                listed, last = f"{listed} {nxt.text}", nxt
            what = f"action leaders - {'relevant actors' if role is OAPRole.RELEVANT_ACTOR else 'partners'}"
            mention = Mention(what, self.at(ln, last), ln.number)
            for name in self._names(ln, listed, doc, what):
                doc.roles.append((self._actor(ln, name), role, mention))

    def _names(self, ln: SourceLine, listed: str, doc: ParsedDocument, what: str) -> list[str]:
        names = [t.strip(" .") for t in _LIST_SPLIT.split(listed)]
        names = [t for t in names if t and not _DELETED.search(t)]
        if not names and not _DELETED.search(listed):
            self.warn(ln, f"the list of {what} is empty")
        return names

    def _actor(self, ln: SourceLine, name: str) -> str:
        code = self.actors.get(name)
        if code is None:
            hint = self.reference.unknown_actor(name, self.doc, ln.where)
            raise self.error(ln, f"unknown actor '{name}'; {hint}")
        return code


def parse_lines(path: Path, lines: list[SourceLine], reference: Reference) -> ParsedDocument:
    """Extract what one document says from its lines.

    Parameters
    ----------
    path
        The document, for messages.
    lines
        Its cleaned lines (:func:`overlapgraph.ingest.oap_source.read_lines`).
    reference
        The priorities (resolved within the cycle of the OAP's period) and actors names resolve to.

    Raises
    ------
    InputError
        The document has no subject line naming an OAP, no overlap section, or names an unknown OAP
        or actor; the message gives the line and the closest known names.
    """
    if not any(ln.text for ln in lines):
        raise InputError(f"{path}: empty document")
    p = _Parser(path, lines, reference)
    doc = p.cover()
    p.body(doc)
    doc.warnings = p.warnings
    doc.sections = p.sections
    return doc
