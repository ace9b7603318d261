"""Product roles: the :class:`Role` model, the built-in catalog, and title resolution.

This module owns what a role *is*. It knows nothing of charts, files or variants; where a role
sits in a particular organisation is the variant's business, not the role's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from orgroles._titles import compile_aliases, match_title
from orgroles.errors import UnknownRoleError, suggest

__all__ = [
    "BUILTIN_ROLES",
    "Role",
    "RoleCatalog",
    "Track",
    "default_catalog",
    "get_role",
    "resolve_title",
    "roles",
]

Track = Literal["ic", "manager", "executive", "partner", "outside"]
"""Where a role sits: individual contributor, people manager, executive, partner discipline
(design, analytics) or outside the product org."""

_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"


class Role(BaseModel):
    """A typed kind of position, e.g. ``director``.

    Attributes:
        key: the stable identifier used in org files (``snake_case``).
        title: the display title, e.g. "Product Director".
        track: ``ic``, ``manager``, ``executive``, ``partner`` or ``outside``.
        level: the default seniority (higher is more senior); a variant may rank roles otherwise.
        aliases: job titles that mean this role, used by :func:`resolve_title`.
        summary: one line saying what the role does.

    Examples:
        >>> Role(key="product_owner", title="Product Owner", track="ic", level=2).title
        'Product Owner'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    key: str = Field(pattern=_KEY_PATTERN, max_length=64)
    title: str = Field(min_length=1, max_length=200)
    track: Track
    level: int = Field(ge=0, le=100)
    aliases: tuple[str, ...] = ()
    summary: str = ""

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases_from_list(cls, value: object) -> object:
        # Files and users write lists; the model keeps an immutable tuple.
        return tuple(value) if isinstance(value, list) else value


BUILTIN_ROLES: tuple[Role, ...] = (
    Role(
        key="apm",
        title="Associate Product Manager",
        track="ic",
        level=1,
        aliases=("APM", "Associate PM"),
        summary="Entry-level PM: owns a well-scoped area under a PM's or manager's guidance.",
    ),
    Role(
        key="pm",
        title="Product Manager",
        track="ic",
        level=2,
        aliases=("PM",),
        summary="Owns one product or area: features, backlog and delivery.",
    ),
    Role(
        key="senior_pm",
        title="Senior Product Manager",
        track="ic",
        level=3,
        aliases=("Senior PM", "Sr. Product Manager"),
        summary="An experienced PM owning a larger or more ambiguous area.",
    ),
    Role(
        key="principal_pm",
        title="Principal Product Manager",
        track="ic",
        level=4,
        aliases=("Principal PM", "Staff PM", "Staff Product Manager"),
        summary="The senior individual-contributor track: cross-team product bets, no reports.",
    ),
    Role(
        key="gpm",
        title="Group Product Manager",
        track="manager",
        level=4,
        aliases=("Group PM", "GPM"),
        summary="Leads a few related products or a key area; manages 2-6 PMs.",
    ),
    Role(
        key="head_of_product",
        title="Head of Product",
        track="manager",
        level=5,
        aliases=("Head of Product Management",),
        summary="The role whose level varies most: top leader, Director peer, or per-unit head.",
    ),
    Role(
        key="director",
        title="Product Director",
        track="manager",
        level=5,
        aliases=("Director of Product", "Director of Product Management"),
        summary="Sets product strategy for a portfolio or product line and leads its PMs.",
    ),
    Role(
        key="senior_director",
        title="Senior Director of Product",
        track="manager",
        level=6,
        aliases=("Senior Product Director", "Senior Director of Product Management"),
        summary="Leads several Directors, typically a business unit in a large org.",
    ),
    Role(
        key="vp_product",
        title="VP of Product",
        track="executive",
        level=7,
        aliases=("Vice President of Product", "VP Product"),
        summary="Product executive over several Directors; may be the top leader in a scale-up.",
    ),
    Role(
        key="cpo",
        title="Chief Product Officer",
        track="executive",
        level=8,
        aliases=("CPO",),
        summary="The top product executive; reports to the CEO.",
    ),
    Role(
        key="ceo",
        title="Chief Executive Officer",
        track="executive",
        level=9,
        aliases=("CEO", "Founder & CEO"),
        summary="Runs the company; the product org's leader reports here.",
    ),
    Role(
        key="designer",
        title="Product Designer",
        track="partner",
        level=2,
        aliases=("UX Designer",),
        summary="Designs the product with a PM; about one per 1-2 PMs.",
    ),
    Role(
        key="analyst",
        title="Product Analyst",
        track="partner",
        level=2,
        aliases=(),
        summary="Measures product outcomes and informs decisions with data.",
    ),
    Role(
        key="other",
        title="Other",
        track="outside",
        level=0,
        aliases=(),
        summary="A position outside the product roles, e.g. from an HR import; keeps its title.",
    ),
)


class RoleCatalog(Mapping[str, Role]):
    """An immutable set of roles by key, plus title aliases; charts carry one.

    The default catalog holds :data:`BUILTIN_ROLES`. :meth:`extend` returns a new catalog with a
    company's own roles and title aliases added; nothing global changes, so two charts may use
    different catalogs side by side.

    Examples:
        >>> catalog = default_catalog().extend(
        ...     [Role(key="product_owner", title="Product Owner", track="ic", level=2)],
        ...     aliases={"PO": "product_owner"},
        ... )
        >>> catalog["product_owner"].track
        'ic'
        >>> catalog.resolve_title("Product Owner").key
        'product_owner'
        >>> catalog.resolve_title("po").key
        'product_owner'
    """

    __slots__ = ("_aliases", "_custom", "_roles", "_user_aliases")

    def __init__(
        self, roles: Iterable[Role] = BUILTIN_ROLES, *, aliases: Mapping[str, str] | None = None
    ) -> None:
        table: dict[str, Role] = {}
        for role in roles:
            table[role.key] = role
        self._roles = table
        self._custom = tuple(r for r in table.values() if _BUILTIN_BY_KEY.get(r.key) != r)
        self._user_aliases: dict[str, str] = dict(aliases or {})
        for title, key in self._user_aliases.items():
            if key not in table:
                raise UnknownRoleError(
                    suggest(key, table, what="role") + f" in the alias for title {title!r}", key
                )
        # Custom roles' titles and aliases resolve to them; explicit aliases win over both.
        resolved: dict[str, str] = {}
        for role in self._custom:
            for title in (role.title, *role.aliases):
                resolved[title] = role.key
        resolved.update(self._user_aliases)
        # Compiled once: the matcher then tries them for every reading of a title, so
        # "Product Owner, Payments" or "Product Owner II" find an alias for "Product Owner".
        self._aliases = compile_aliases(resolved)

    def __getitem__(self, key: str) -> Role:
        try:
            return self._roles[key]
        except KeyError:
            raise UnknownRoleError(suggest(key, self._roles, what="role"), key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._roles)

    def __len__(self) -> int:
        return len(self._roles)

    def __contains__(self, key: object) -> bool:
        return key in self._roles

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RoleCatalog):
            return NotImplemented
        return self._roles == other._roles and self._user_aliases == other._user_aliases

    def __hash__(self) -> int:
        return hash(tuple(self._roles))

    def __repr__(self) -> str:
        return f"RoleCatalog({len(self._roles)} roles, {len(self._custom)} custom)"

    @property
    def custom_roles(self) -> tuple[Role, ...]:
        """Roles that are not built in, or that redefine a built-in key, in definition order."""
        return self._custom

    @property
    def aliases(self) -> Mapping[str, str]:
        """The title -> role key aliases given to this catalog (as written, not normalized)."""
        return dict(self._user_aliases)

    def extend(
        self, roles: Iterable[Role] = (), *, aliases: Mapping[str, str] | None = None
    ) -> RoleCatalog:
        """Return a new catalog with ``roles`` added (same key: replaced) and ``aliases`` added."""
        merged_aliases = {**self._user_aliases, **(aliases or {})}
        return RoleCatalog([*self._roles.values(), *roles], aliases=merged_aliases)

    def resolve_title(self, text: str) -> Role | None:
        """Map a free-text job title to a role of this catalog, or ``None`` if it is not one.

        Aliases given to the catalog win, then custom roles' titles and aliases, then the
        built-in title rules (see the "How job titles become roles" page).
        """
        key = match_title(text, self._aliases)
        if key is None or key not in self._roles:
            return None
        return self._roles[key]


_BUILTIN_BY_KEY: dict[str, Role] = {role.key: role for role in BUILTIN_ROLES}
_DEFAULT = RoleCatalog()


def default_catalog() -> RoleCatalog:
    """The built-in catalog (shared; catalogs are immutable).

    Examples:
        >>> "gpm" in default_catalog()
        True
    """
    return _DEFAULT


def roles() -> tuple[Role, ...]:
    """All built-in roles, from entry level up, partners and ``other`` last.

    Examples:
        >>> [role.key for role in roles()][:4]
        ['apm', 'pm', 'senior_pm', 'principal_pm']
    """
    return BUILTIN_ROLES


def get_role(key: str) -> Role:
    """Return the built-in role with this key.

    Raises:
        UnknownRoleError: (a ``KeyError``) naming the nearest keys.

    Examples:
        >>> get_role("gpm").title
        'Group Product Manager'
        >>> get_role("directr")
        Traceback (most recent call last):
        ...
        orgroles.errors.UnknownRoleError: unknown role 'directr' (did you mean 'director' ...)
    """
    return _DEFAULT[key]


def resolve_title(text: str, *, aliases: Mapping[str, str] | None = None) -> Role | None:
    """Map a free-text job title, as HR data writes it, to a built-in role; ``None`` if none fits.

    Tolerates case, punctuation, abbreviations and word order. A title that is not a product
    role returns ``None``, never a wrong product role. ``aliases`` (title -> role key) are tried
    first, so a company can settle its own titles.

    Examples:
        >>> resolve_title("Director, Product").key
        'director'
        >>> resolve_title("Snr PM").key
        'senior_pm'
        >>> resolve_title("Software Engineer") is None
        True
        >>> resolve_title("Product Owner", aliases={"product owner": "pm"}).key
        'pm'
    """
    catalog = _DEFAULT if not aliases else _DEFAULT.extend(aliases=aliases)
    return catalog.resolve_title(text)
