"""Resolve the informal priority names of OAP documents ("OAP NPS Synthetic Drugs") to canonical codes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import get_close_matches

from .errors import InputError
from .model import Priority

__all__ = ["PriorityResolver", "normalise_name"]

_NOISE = re.compile(r"\b(?:oap|empact|operational action plan|priority|the)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Fold case, accents, '&', punctuation and words such as 'OAP' that documents add to names.

    >>> normalise_name("OAP Criminal Finances, Money Laundering & Asset Recovery")
    'criminal finances money laundering and asset recovery'
    >>> normalise_name("Cyber-attacks") == normalise_name("OAP Cyber Attacks")
    True
    """
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", " and ")
    s = _NOISE.sub(" ", s)
    return " ".join(_NON_WORD.sub(" ", s).split())


class PriorityResolver:
    """Maps codes, names and aliases of priorities to their canonical code.

    >>> r = PriorityResolver([Priority("SD-NPS", "Synthetic drugs", ("NPS Synthetic Drugs",))])
    >>> r.resolve("OAP NPS Synthetic Drugs"), r.resolve("sd-nps")
    ('SD-NPS', 'SD-NPS')
    """

    def __init__(self, priorities: Iterable[Priority]) -> None:
        self._names: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for p in priorities:
            for n in (p.code, p.name, *p.aliases):
                key = normalise_name(n)
                if key:
                    self._names.setdefault(key, p.code)
                    self._display.setdefault(key, n)

    def get(self, name: str) -> str | None:
        """The code ``name`` resolves to, or None."""
        return self._names.get(normalise_name(name))

    def closest(self, name: str, n: int = 3) -> list[str]:
        """The known names closest to ``name``, best first."""
        keys = get_close_matches(normalise_name(name), list(self._names), n=4 * n, cutoff=0.4)
        best: dict[str, str] = {}  # one name per code, the closest
        for k in keys:
            best.setdefault(self._names[k], f"{self._display[k]} ({self._names[k]})")
        return list(best.values())[:n]

    def resolve(self, name: str) -> str:
        """The code ``name`` resolves to.

        Raises
        ------
        InputError
            The name is unknown; the message lists the closest known names.
        """
        code = self.get(name)
        if code is None:
            close = self.closest(name)
            hint = f"; closest known: {', '.join(close)}" if close else ""
            raise InputError(f"unknown priority '{name}'{hint}")
        return code
