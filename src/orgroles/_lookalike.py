"""Look-alike text: the key under which two ids a reader cannot tell apart are the same.

This module owns what "looks the same" means for ids: equal after removing invisible
characters, Unicode compatibility normalisation (NFKC: NFC's composed accents, full-width
letters) and case folding. It knows nothing of charts, findings or files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["INVISIBLE", "escaped", "lookalike_groups", "lookalike_key", "why_alike"]

INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Characters that show as nothing (or only move other text): zero-width spaces and joiners,
bidi controls, word joiners, soft hyphens, BOMs."""


def lookalike_key(text: str) -> str:
    r"""``text`` as a reader sees it: no invisible characters, NFKC-normalised, case-folded.

    Examples:
        >>> lookalike_key("PM-1") == lookalike_key("pm-1") == lookalike_key("pm\u200b-1")
        True
        >>> lookalike_key("Jose\u0301") == lookalike_key("Jos\u00e9")
        True
    """
    if text.isascii():
        return text.lower()  # what the rest does to ASCII, at a fraction of the cost
    folded = unicodedata.normalize("NFKC", INVISIBLE.sub("", text)).casefold()
    return unicodedata.normalize("NFKC", folded)


def lookalike_groups(ids: Sequence[str]) -> list[list[int]]:
    r"""The indices of ids that differ but look alike, one group per key, in first-seen order.

    Examples:
        >>> lookalike_groups(["a", "B", "b", "c", "\ufeffc"])
        [[1, 2], [3, 4]]
    """
    joined = "".join(ids)
    # isupper/islower answer without a lowercased copy of a million ids; the comparisons
    # cover ids with no cased letter at all (digits only).
    if joined.isascii() and (
        joined.isupper() or joined.islower() or joined.lower() == joined or joined.upper() == joined
    ):
        # ASCII ids of one case (E0001, pm-1): lowercasing maps distinct ids to distinct keys,
        # so a million of them are answered without a set of a million keys (0.3 s).
        return []
    if joined.isascii():
        keys = list(map(str.lower, ids))  # a million ids in a tenth of a second
    else:
        keys = [text.lower() if text.isascii() else lookalike_key(text) for text in ids]
    if len(set(keys)) == len(keys):
        return []  # the usual answer, found without building groups
    groups: dict[str, list[int]] = {}
    for number, key in enumerate(keys):
        groups.setdefault(key, []).append(number)
    return [members for members in groups.values() if len(members) > 1]


def why_alike(first: str, second: str) -> str:
    r"""How two look-alike texts differ: ``case``, ``Unicode form``, ``invisible characters``.

    Examples:
        >>> why_alike("PM-1", "pm-1"), why_alike("Jose\u0301", "Jos\u00e9")
        ('case', 'Unicode form (NFC/NFD)')
        >>> why_alike("pm\u200b-1", "PM-1")
        'invisible characters and case'
    """
    reasons = []
    a, b = INVISIBLE.sub("", first), INVISIBLE.sub("", second)
    if (a, b) != (first, second):
        reasons.append("invisible characters")
    na, nb = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)
    if (na, nb) != (a, b) and na.casefold() == nb.casefold():
        reasons.append("Unicode form (NFC/NFD)")
    elif unicodedata.normalize("NFKC", na) != na or unicodedata.normalize("NFKC", nb) != nb:
        reasons.append("Unicode compatibility form (NFKC)")
    if na != nb and na.casefold() == nb.casefold():
        reasons.append("case")
    return " and ".join(reasons) or "look-alike characters"


def escaped(text: str) -> str:
    r"""``text`` quoted, with invisible characters and combining marks as ``\uXXXX``.

    What tells two look-alike ids apart, shown; any other character as it is.

    Examples:
        >>> print(escaped("Jose\u0301"), escaped("pm\u200b-1"), escaped("José"))
        'Jose\u0301' 'pm\u200b-1' 'José'
    """
    shown = "".join(
        char if char.isprintable() and not unicodedata.combining(char) else f"\\u{ord(char):04x}"
        for char in text
    )
    return f"'{shown}'"
