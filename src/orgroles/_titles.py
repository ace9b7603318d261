"""How free-text job titles, as HR exports write them, become product-role keys.

This module is self-contained (standard library only) and knows nothing of roles as objects: it
maps text to one of the keys in :data:`TITLE_ROLE_KEYS`, or to ``None`` when the title is not a
product role. It never guesses: a title that could mean two things, or that names another
function (marketing, engineering, sales, design leadership...), returns ``None`` rather than a
wrong product role. A company settles its own titles with user aliases, which are consulted first.

Steps, in order (the "How job titles become roles" page has the full tables):

1. :func:`normalize_title`: Unicode NFKC, case-folded, ``&`` and ``+`` become "and", dotted
   initialisms ("V.P.") lose their dots, every other punctuation mark becomes a space, and whole
   words are expanded from :data:`TITLE_ABBREVIATIONS` ("Sr." -> "senior", "PM" -> "product
   manager", "SVP" -> "senior vice president").
2. Readings: the whole title first; then, if the title has qualifiers after ``,``, ``;``, ``|``,
   ``(``, `` - ``, an en or em dash, `` for `` or `` at ``, the part before them ("Director of
   Product, Payments" -> "director of product"). A qualifier made only of seniority words is
   folded in front ("Product Manager (Senior)" -> "senior product manager"). A qualifier naming
   another function or changing the role ("Head of Product, Design", "Product Manager,
   Assistant") is never dropped, so such titles return ``None``.
3. Each reading, with trailing level marks removed ("II", "3", "L5", "Level 2"), is looked up in
   the user aliases, then in :data:`BUILTIN_TITLE_ALIASES`, then parsed by the structured rules:

   * "chief ... officer": "executive" -> ``ceo``; a product function -> ``cpo``; any other chief
     (technology, people, operating...) -> ``None``. Founder words, "president", "chair" and
     "co" may accompany it ("Founder & CEO", "Co-CEO"). With several chiefs the most senior
     product-relevant one wins ("CEO & CPO" -> ``ceo``).
   * "vice president" (also "senior"/"executive" VP) + product function -> ``vp_product``.
   * "head" + product function -> ``head_of_product``.
   * "director" + product function -> ``director``; with "senior" -> ``senior_director``.
   * Individual-contributor titles must end in a core phrase: "product manager", "product
     designer" (or "UX/UI designer", "user experience designer", "interaction designer") or
     "product analyst". Words before the core are seniority words (junior, associate, assistant,
     graduate, trainee, senior, staff, principal, lead, group) or at most three domain words
     ("Growth", "Platform", "Technical", "Payments"); a word naming another function or rank
     ("Marketing", "Project", "Sales", "Owner"...) rejects the title.

   A product function is "product" or "product management", optionally joined by "and" to one of
   technology, engineering, design or UX: "Chief Product & Technology Officer" -> ``cpo``,
   "Head of Product and Design" -> ``head_of_product``, but "Director of Product Engineering"
   and "Head of Product Design" (no "and": another function) -> ``None``.

Decisions on ambiguous titles (the docs page has the same table, and more):

| Title                              | Result          | Why |
| ---------------------------------- | --------------- | --- |
| Product Owner                      | pm              | Owns a team's backlog: the PM rung. |
| Senior Product Owner               | senior_pm       | Seniority words as for PMs. |
| Product Lead                       | principal_pm    | "Lead" is the senior IC rung. |
| Product Operations Manager         | None            | Product ops: no catalog role. |
| Product Management Intern          | apm             | The entry rung, for a term. |
| Lead PM                            | principal_pm    | "Lead" before PM: the senior IC rung. |
| Lead Product Manager               | principal_pm    | As above. |
| Principal PM                       | principal_pm    | The senior IC track. |
| Staff Product Manager              | principal_pm    | As above. |
| Head of Product Management         | head_of_product | Same role as Head of Product. |
| Head of Product Design             | None            | Design leadership, not product. |
| Director of Product Design         | None            | As above. |
| VP Product Design                  | None            | As above. |
| Head of Design                     | None            | As above. |
| Technical Product Manager          | pm              | A domain word before PM keeps the rung. |
| Senior Technical PM                | senior_pm       | As above. |
| Platform PM                        | pm              | As above. |
| Growth Product Manager             | pm              | As above. |
| Product Manager, Payments          | pm              | A unit qualifier is dropped. |
| Junior Product Manager             | apm             | Entry level, like Associate PM. |
| Graduate Product Manager           | apm             | As above. |
| Product Manager III                | pm              | Level numerals are company bands. |
| Chief Product & Technology Officer | cpo             | The product executive (also tech). |
| CPTO                               | cpo             | As above. |
| Chief Product Officer & Co-founder | cpo             | Founder words never change the role. |
| CEO & CPO                          | ceo             | The most senior chief wins. |
| SVP Product                        | vp_product      | All VP grades share one role. |
| AVP Product                        | None            | Assistant VP: a mid-level grade. |
| Associate Director of Product      | None            | Between rungs; company specific. |
| Manager, Product                   | pm              | HR-inverted "Product Manager". |
| Product Marketing Manager          | None            | Marketing, not product management. |
| TPM                                | None            | Read as Technical Program Manager. |
| CPO                                | cpo             | Write Chief People Officer out. |
| Data Analyst                       | None            | Not a product analyst. |
| Head of Product, Design            | None            | The qualifier names another function. |
| Product Manager, Assistant         | None            | Could be an assistant to a PM. |
| Product Manager Intern             | apm             | As Product Management Intern. |

Resolution is cached (:func:`functools.lru_cache`, 65,536 titles per cache), so a repeated title
in a million-row import costs a dictionary lookup; user aliases add a few more lookups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Final

__all__ = [
    "BUILTIN_TITLE_ALIASES",
    "TITLE_ABBREVIATIONS",
    "TITLE_ROLE_KEYS",
    "compile_aliases",
    "match_title",
    "normalize_title",
]

_CACHE_SIZE: Final = 65536

TITLE_ROLE_KEYS: Final[frozenset[str]] = frozenset(
    {
        "apm",
        "pm",
        "senior_pm",
        "principal_pm",
        "gpm",
        "head_of_product",
        "director",
        "senior_director",
        "vp_product",
        "cpo",
        "ceo",
        "designer",
        "analyst",
    }
)
"""Every role key the built-in rules can return (``other`` is never returned)."""

TITLE_ABBREVIATIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # seniority
        "sr": "senior",
        "snr": "senior",
        "jr": "junior",
        "jnr": "junior",
        "assoc": "associate",
        "asst": "assistant",
        # ranks and functions
        "mgr": "manager",
        "mngr": "manager",
        "mgmt": "management",
        "mgt": "management",
        "dir": "director",
        "prod": "product",
        "grp": "group",
        "mktg": "marketing",
        "ops": "operations",
        "cofounder": "co founder",
        # vice presidents
        "vp": "vice president",
        "svp": "senior vice president",
        "evp": "executive vice president",
        "avp": "assistant vice president",
        # product titles
        "pm": "product manager",
        "gpm": "group product manager",
        "apm": "associate product manager",
        "pmm": "product marketing manager",
        "tpm": "technical program manager",
        # chiefs
        "ceo": "chief executive officer",
        "cpo": "chief product officer",
        "cpto": "chief product and technology officer",
        "cto": "chief technology officer",
        "coo": "chief operating officer",
        "cfo": "chief financial officer",
        "cmo": "chief marketing officer",
    }
)
"""Whole-word expansions applied by :func:`normalize_title` (after case folding)."""

BUILTIN_TITLE_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "associate product manager": "apm",
        "product manager": "pm",
        "manager product": "pm",
        "senior product manager": "senior_pm",
        "principal product manager": "principal_pm",
        "staff product manager": "principal_pm",
        "lead product manager": "principal_pm",
        "product lead": "principal_pm",
        "group product manager": "gpm",
        "head of product": "head_of_product",
        "head of product management": "head_of_product",
        "product director": "director",
        "director of product": "director",
        "director of product management": "director",
        "senior product director": "senior_director",
        "senior director of product": "senior_director",
        "senior director of product management": "senior_director",
        "vice president of product": "vp_product",
        "vice president product": "vp_product",
        "vice president of product management": "vp_product",
        "chief product officer": "cpo",
        "chief executive officer": "ceo",
        "product designer": "designer",
        "ux designer": "designer",
        "ui ux designer": "designer",
        "product analyst": "analyst",
        "analyst product": "analyst",
    }
)
"""Exact normalized titles and their role keys, tried before the structured rules."""

# --------------------------------------------------------------------------- normalization

_INITIALISM = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_AND_SIGN = re.compile(r"[&+]")
_NON_WORD = re.compile(r"[\W_]+")
# Qualifier separators: , ; | ( ) [ ] { } @ and bullets, a line break or tab, a spaced hyphen or
# slash, en/em dashes, " for ", " at ". (A slash between words, "UX/UI", joins them instead.)
_SEPARATOR = re.compile(
    r"[,;|()\[\]{}@\u00b7\u2022]|\s*[\r\n\t\v\f\u2028\u2029]\s*|\s[-\u2010\u2011/]+\s"
    r"|[\u2012-\u2015]|\s(?:for|at)\s"
)


def _fold(text: str) -> str:
    """NFKC and case folding, repeated until stable (folding can un-normalize a character)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for _ in range(3):
        again = unicodedata.normalize("NFKC", folded).casefold()
        if again == folded:
            break
        folded = again
    return folded


def _prepare(text: str) -> str:
    """Fold, drop the dots of initialisms ("v.p." -> "vp") and spell out ``&`` and ``+``."""
    folded = _INITIALISM.sub(lambda m: m.group().replace(".", ""), _fold(text))
    return _AND_SIGN.sub(" and ", folded)


def _words(prepared: str) -> str:
    """Punctuation to spaces, then whole-word abbreviation expansion."""
    words = _NON_WORD.sub(" ", prepared).split()
    return " ".join(TITLE_ABBREVIATIONS.get(word, word) for word in words)


@lru_cache(maxsize=_CACHE_SIZE)
def _normalize_cached(text: str) -> str:
    return _words(_prepare(text))


def normalize_title(text: str) -> str:
    """Return the canonical spelling of a job title, the key for every title lookup.

    Unicode NFKC, case-folded; ``&`` and ``+`` become "and"; the dots of initialisms go ("V.P."
    -> "vp"); all other punctuation becomes spaces; whitespace collapses; and whole words are
    expanded from :data:`TITLE_ABBREVIATIONS`. The result is stable: normalizing it again
    changes nothing.

    Args:
        text: a job title as written anywhere.

    Returns:
        Lower-case words separated by single spaces ("" for a blank title).

    Examples:
        >>> normalize_title("  Sr. PM, Payments & Billing ")
        'senior product manager payments and billing'
        >>> normalize_title("S.V.P. of Prod Mgmt")
        'senior vice president of product management'
        >>> normalize_title("Co-Founder/CEO")
        'co founder chief executive officer'
    """
    return _normalize_cached(text)


# --------------------------------------------------------------------------- readings

_QUALIFIER_SENIORITY: Final = frozenset(
    {"junior", "associate", "graduate", "trainee", "senior", "staff", "principal", "lead"}
)
# A qualifier naming one of these is never dropped ("Head of Product, Design": ambiguous).
_FUNCTION_WORDS: Final = frozenset(
    {
        "analytics",
        "assistant",
        "brand",
        "deputy",
        "design",
        "designer",
        "engineering",
        "engineer",
        "finance",
        "hr",
        "intern",
        "legal",
        "marketing",
        "operations",
        "people",
        "production",
        "program",
        "project",
        "research",
        "sales",
        "support",
        "ui",
        "ux",
    }
)
_MAX_HEADS: Final = 8
_LEVEL_MARK = re.compile(r"i{1,3}|iv|vi{0,3}|ix|x|\d{1,2}|l\d{1,2}")
_LEVEL_WORDS: Final = frozenset({"level", "grade", "band"})


def _strip_levels(words: list[str]) -> list[str]:
    """Drop trailing level marks: "ii", "3", "l5", "level 2"."""
    end = len(words)
    while end and _LEVEL_MARK.fullmatch(words[end - 1]):
        end -= 1
    if end < len(words) and end and words[end - 1] in _LEVEL_WORDS:
        end -= 1
    return words[:end]


@lru_cache(maxsize=_CACHE_SIZE)
def _readings(text: str) -> tuple[tuple[str, ...], ...]:
    """The readings of a title, most complete first; each as (normalized, without levels)."""
    prepared = _prepare(text)
    phrases = [_words(prepared)]
    segments = [s for s in (_words(p) for p in _SEPARATOR.split(prepared)) if s]
    if len(segments) > 1:
        seniority = [s for s in segments[1:] if set(s.split()) <= _QUALIFIER_SENIORITY]
        rest = [segments[0], *(s for s in segments[1:] if s not in seniority)]
        for count in range(min(len(rest), _MAX_HEADS), 0, -1):
            if any(set(s.split()) & _FUNCTION_WORDS for s in rest[count:]):
                break
            phrases.append(" ".join([*seniority, *rest[:count]]))
    readings: dict[tuple[str, ...], None] = {}
    for phrase in phrases:
        stripped = " ".join(_strip_levels(phrase.split()))
        readings[(phrase, stripped) if stripped != phrase else (phrase,)] = None
    return tuple(readings)


# --------------------------------------------------------------------------- rules

_IGNORED: Final = frozenset({"interim", "acting"})
_LEADER_FILLER: Final = frozenset({"of", "the", "global"})
_PARTNER_FUNCTIONS: Final = frozenset({"technology", "engineering", "design", "ux"})
_PRODUCT_FUNCTIONS: Final = (("product",), ("product", "management"))
_EXEC_COMPANIONS: Final = frozenset(
    {"and", "co", "owner", "president", "chair", "chairman", "chairwoman", "chairperson"}
)
_ENTRY: Final = frozenset({"junior", "associate", "assistant", "graduate", "trainee"})
_LADDER: Final = frozenset({"principal", "staff", "lead"})
_IC_SENIORITY: Final = _ENTRY | _LADDER | {"senior", "group"}
_PARTNER_SENIORITY: Final = _ENTRY - {"assistant"} | {"senior", "staff", "principal", "lead"}
_MAX_DOMAIN_WORDS: Final = 3
# Before an IC core these name another function or rank: the title is not that product role.
_NOT_DOMAIN: Final = frozenset(
    {
        "account",
        "analyst",
        "aspiring",
        "brand",
        "chief",
        "deputy",
        "designer",
        "developer",
        "director",
        "engineer",
        "engineering",
        "ex",
        "executive",
        "former",
        "graphic",
        "head",
        "intern",
        "management",
        "manager",
        "marketing",
        "not",
        "of",
        "officer",
        "operations",
        "owner",
        "president",
        "product",
        "production",
        "program",
        "project",
        "researcher",
        "sales",
        "scientist",
        "support",
        "to",
        "vice",
    }
)
# Individual-contributor core phrases (the end of the title) and the role each one names.
_IC_CORES: Final[tuple[tuple[tuple[str, ...], str], ...]] = tuple(
    sorted(
        {
            ("product", "manager"): "pm",
            ("product", "owner"): "pm",
            ("product", "designer"): "designer",
            ("product", "ux", "designer"): "designer",
            ("product", "ui", "designer"): "designer",
            ("ux", "designer"): "designer",
            ("ui", "designer"): "designer",
            ("ui", "ux", "designer"): "designer",
            ("ux", "ui", "designer"): "designer",
            ("ui", "and", "ux", "designer"): "designer",
            ("ux", "and", "ui", "designer"): "designer",
            ("user", "experience", "designer"): "designer",
            ("user", "interface", "designer"): "designer",
            ("interaction", "designer"): "designer",
            ("product", "analyst"): "analyst",
        }.items(),
        key=lambda item: -len(item[0]),
    )
)


# Leadership ranks, tried in this order: (rank words, seniority words allowed, role key).
_LEADER_RANKS: Final[tuple[tuple[tuple[str, ...], frozenset[str], str], ...]] = (
    (("vice", "president"), frozenset({"senior", "executive"}), "vp_product"),
    (("head",), frozenset(), "head_of_product"),
    (("director",), frozenset({"senior"}), "director"),
)


def _drop_founder(words: list[str]) -> list[str]:
    """Remove "founder" / "co founder" and the "and" that joined it to the real title."""
    kept: list[str] = []
    for word in words:
        if word == "founder":
            if kept and kept[-1] == "co":
                kept.pop()
            continue
        kept.append(word)
    joined: list[str] = []
    for word in kept:
        if word == "and" and (not joined or joined[-1] == "and"):
            continue
        joined.append(word)
    while joined and joined[-1] == "and":
        joined.pop()
    return joined


def _is_product_function(words: Sequence[str]) -> bool:
    """Whether words name the product function, alone or "and" partner functions (CPTO)."""
    groups: list[tuple[str, ...]] = [()]
    for word in words:
        if word == "and":
            groups.append(())
        else:
            groups[-1] = (*groups[-1], word)
    products = sum(group in _PRODUCT_FUNCTIONS for group in groups)
    partners = sum(len(group) == 1 and group[0] in _PARTNER_FUNCTIONS for group in groups)
    return products == 1 and products + partners == len(groups)


def _chief(words: list[str]) -> str | None:
    """Titles with "chief ... officer": the CEO, the CPO, or no product role."""
    found: set[str] = set()
    index = 0
    while index < len(words):
        word = words[index]
        if word == "chief":
            if "officer" not in words[index + 1 :]:
                return None
            end = words.index("officer", index + 1)
            function = words[index + 1 : end]
            if not function or "chief" in function:
                return None
            if function == ["executive"]:
                found.add("ceo")
            elif _is_product_function(function):
                found.add("cpo")
            index = end + 1
        elif word in _EXEC_COMPANIONS:
            index += 1
        else:
            return None
    for key in ("ceo", "cpo"):
        if key in found:
            return key
    return None


def _leader(words: list[str], rank: tuple[str, ...], seniority: frozenset[str]) -> list[str]:
    """The function words of a leadership title, or ["?"] when the rank is not there once."""
    size = len(rank)
    starts = [i for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == rank]
    if len(starts) != 1:
        return ["?"]
    rest = words[: starts[0]] + words[starts[0] + size :]
    if any(word in rank for word in rest):
        return ["?"]
    return [w for w in rest if w not in _LEADER_FILLER and w not in seniority]


def _intern(words: list[str]) -> str | None:
    """A product management intern ("PM Intern", "Intern, Product Management"): the APM rung."""
    rest = [w for w in words if w != "intern"]
    if len(rest) == len(words) or len(rest) + 1 != len(words):
        return None
    if rest[-2:] == ["product", "management"]:
        rest = [*rest[:-1], "manager"]
    return "apm" if _individual(rest) in ("apm", "pm") else None


def _individual(words: list[str]) -> str | None:
    """IC titles: seniority and domain words, then a core phrase at the end."""
    if "intern" in words:
        return _intern(words)
    found = next((c for c in _IC_CORES if tuple(words[-len(c[0]) :]) == c[0]), None)
    if found is None:
        return None
    core, base = found
    seniority: set[str] = set()
    domain = 0
    for word in words[: -len(core)]:
        if word in _IC_SENIORITY:
            seniority.add(word)
        elif word in _NOT_DOMAIN and not (base == "designer" and word == "product"):
            return None
        else:
            domain += 1
    if domain > _MAX_DOMAIN_WORDS:
        return None
    if base != "pm":
        return base if seniority <= _PARTNER_SENIORITY else None
    return _pm_rung(seniority)


def _pm_rung(seniority: set[str]) -> str | None:
    """The PM ladder key named by the seniority words before "product manager"."""
    entry = bool(seniority & _ENTRY)
    if "group" in seniority:
        return None if entry else "gpm"
    if seniority & _LADDER:
        return None if entry else "principal_pm"
    if entry:
        return "apm"
    return "senior_pm" if "senior" in seniority else "pm"


@lru_cache(maxsize=_CACHE_SIZE)
def _resolve_reading(phrase: str) -> str | None:
    """Built-in resolution of one normalized reading: exact aliases, then the rules."""
    words = _strip_levels(phrase.split())
    exact = BUILTIN_TITLE_ALIASES.get(" ".join(words))
    if exact is not None:
        return exact
    words = [w for w in _drop_founder(words) if w not in _IGNORED]
    if "chief" in words:
        return _chief(words)
    for rank, seniority, key in _LEADER_RANKS:
        if any(word in rank for word in words):
            if not _is_product_function(_leader(words, rank, seniority)):
                return None
            return "senior_director" if key == "director" and "senior" in words else key
    return _individual(words)


@lru_cache(maxsize=_CACHE_SIZE)
def _match_builtin(text: str) -> str | None:
    for reading in _readings(text):
        key = _resolve_reading(reading[-1])
        if key is not None:
            return key
    return None


# --------------------------------------------------------------------------- public API


class _CompiledAliases(Mapping[str, str]):
    """Read-only user aliases with normalized keys; :func:`match_title` uses them as they are."""

    __slots__ = ("_table",)

    def __init__(self, table: dict[str, str]) -> None:
        self._table = table

    def __getitem__(self, title: str) -> str:
        return self._table[title]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def get(  # type: ignore[override]  # a str default gives str | None, like dict.get
        self, title: str, default: str | None = None
    ) -> str | None:
        """The role key for a normalized title, or ``default`` (a plain dict lookup)."""
        return self._table.get(title, default)

    def __repr__(self) -> str:
        return f"compile_aliases({self._table!r})"


def compile_aliases(aliases: Mapping[str, str]) -> Mapping[str, str]:
    """Normalize the keys of user aliases once, for repeated :func:`match_title` calls.

    :func:`match_title` accepts raw aliases too, but then normalizes every key on every call;
    a bulk import should compile them once. Keys that normalize to the same title: the last
    one wins. Keys that normalize to "" are dropped (a blank title never matches).

    Args:
        aliases: job title as written -> role key.

    Returns:
        A read-only mapping normalized title -> role key.

    Examples:
        >>> table = compile_aliases({"Product Owner": "pm", "Sr. PO": "senior_pm"})
        >>> dict(table)
        {'product owner': 'pm', 'senior po': 'senior_pm'}
        >>> match_title("SR PO", table)
        'senior_pm'
    """
    if isinstance(aliases, _CompiledAliases):
        return aliases
    compiled: dict[str, str] = {}
    for title, key in aliases.items():
        normalized = normalize_title(title)
        if normalized:
            compiled[normalized] = key
    return _CompiledAliases(compiled)


def match_title(text: str, aliases: Mapping[str, str] | None = None) -> str | None:
    """Return the role key a free-text job title means, or ``None`` if it is no product role.

    Tolerates case, spacing, punctuation, abbreviations, word order ("Director, Product"),
    level numerals ("Senior PM II") and trailing qualifiers ("Head of Product, Payments").
    A non-product title returns ``None``, never a wrong product role; ``other`` is never
    returned by the built-in rules.

    Args:
        text: a job title as written, e.g. from an HR export.
        aliases: job title -> role key, tried before the built-in rules for each reading of
            the title, so they settle ambiguous titles or add company-specific ones. Keys are
            normalized like titles; pass :func:`compile_aliases` output when calling often.

    Returns:
        A key of :data:`TITLE_ROLE_KEYS`, a value of ``aliases``, or ``None``.

    Examples:
        >>> match_title("Director of Product Management")
        'director'
        >>> match_title("Snr PM II")
        'senior_pm'
        >>> match_title("Head of Product, Payments")
        'head_of_product'
        >>> match_title("Product Marketing Manager") is None
        True
        >>> match_title("  product OWNER ", aliases={"Product Owner": "pm"})
        'pm'
    """
    if not aliases:
        return _match_builtin(text)
    table = compile_aliases(aliases)
    for reading in _readings(text):
        for phrase in reading:
            key = table.get(phrase)
            if key is not None:
                return key
        key = _resolve_reading(reading[-1])
        if key is not None:
            return key
    return None
