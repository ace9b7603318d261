"""People's names as HR exports write them, matched across "Last, First M" and "First Last".

This module owns reading a name into given name, family name and middle initials, and the index
that finds the one row a manager's name means, or every candidate when it could mean several.
It knows nothing of rows, columns or reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["NameIndex", "PersonName", "parse_name"]

_NOT_WORD = re.compile(r"[^\w']+|_")
# Words around a name that are no part of it: honorifics before, generational suffixes and
# degrees after.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq"})


class PersonName(NamedTuple):
    """A name read into its parts, each folded (no accents, lower case).

    Attributes:
        given: the first given name ("" when the name is one word).
        family: the last word of the family name.
        initials: the first letters of the middle names, in order.
    """

    given: str
    family: str
    initials: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        """Given and family name: what two spellings of one person share."""
        return self.given, self.family


def _fold(text: str) -> list[str]:
    """Words without accents, case or punctuation: "Zoë  O'Neil-Smith" -> zoe o'neil smith."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = [w.strip("'") for w in _NOT_WORD.split(plain)]
    return [w for w in words if w]


def parse_name(text: str) -> PersonName | None:
    """Read a name written "Last, First M" or "First M. Last"; ``None`` when it has no letters.

    Examples:
        >>> parse_name("Lovelace, Ada M")
        PersonName(given='ada', family='lovelace', initials=('m',))
        >>> parse_name("Ada M. Lovelace") == parse_name("  lovelace ,ADA m ")
        True
        >>> parse_name("Dr. José García Márquez Jr.")
        PersonName(given='jose', family='marquez', initials=('g',))
        >>> parse_name("De Haan, Lex").key == parse_name("Lex De Haan").key
        True
    """
    if "," in text:
        family_text, _, given_text = text.partition(",")
        family = [w for w in _fold(family_text) if w not in _SUFFIXES]
        given = [w for w in _fold(given_text) if w not in _SUFFIXES and w not in _HONORIFICS]
        if not family:
            family, given = given[-1:], given[:-1]
    else:
        words = [w for w in _fold(text) if w not in _SUFFIXES]
        while len(words) > 1 and words[0] in _HONORIFICS:
            words = words[1:]
        family, given = words[-1:], words[:-1]
    if not family:
        return None
    # "De Haan" and "Haan": a family name's last word is what every spelling keeps.
    middles = given[1:]
    return PersonName(given[0] if given else "", family[-1], tuple(m[0] for m in middles))


class Found(NamedTuple):
    """What a name lookup found: the one match, or every candidate (none when unknown)."""

    match: str | None
    candidates: tuple[str, ...]


class NameIndex:
    """Positions by their holders' names, to find the one a manager's name means.

    A name matches the names with its given and family name; when several share them, the
    middle initials it has must match too, and a name that still fits several is ambiguous: the
    lookup returns every candidate and no match, never a guess.

    Examples:
        >>> index = NameIndex([("1", "Lovelace, Ada M"), ("2", "Smith, John A"),
        ...                    ("3", "Smith, John B")])
        >>> index.find("Ada Lovelace")
        Found(match='1', candidates=('1',))
        >>> index.find("John B. Smith").match, index.find("John Smith")
        ('3', Found(match=None, candidates=('2', '3')))
        >>> index.find("Grace Hopper")
        Found(match=None, candidates=())
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._by_key: dict[tuple[str, str], list[tuple[str, PersonName]]] = {}
        self._by_family: dict[str, list[tuple[str, PersonName]]] = {}
        for position, text in names:
            parsed = parse_name(text)
            if parsed is not None:
                self._by_key.setdefault(parsed.key, []).append((position, parsed))
                self._by_family.setdefault(parsed.family, []).append((position, parsed))

    def find(self, text: str) -> Found:
        """The position a name means, or the candidates it could mean."""
        wanted = parse_name(text)
        if wanted is None:
            return Found(None, ())
        people = self._by_key.get(wanted.key)
        if people is None and wanted.given:
            # "Bo" for "Bo-Ra", "Kim" for "Kimberly" are not guessed; a given name written as
            # its initial ("J. Smith") is matched to the one person it fits.
            people = [
                (p, n)
                for p, n in self._by_family.get(wanted.family, ())
                if len(wanted.given) == 1 and n.given.startswith(wanted.given)
            ]
        if not people:
            return Found(None, ())
        if len(people) > 1 and wanted.initials:
            fitting = [
                (p, n) for p, n in people if n.initials[: len(wanted.initials)] == wanted.initials
            ]
            people = fitting or people  # no fit: every namesake stays a candidate
        candidates = tuple(dict.fromkeys(p for p, _ in people))
        return Found(candidates[0] if len(candidates) == 1 else None, candidates)
