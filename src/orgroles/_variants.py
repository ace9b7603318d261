"""Variants: named, size-dependent structures of a product org, and the facts rules judge by.

This module owns the :class:`Variant` model, the five built-ins (shipped as YAML under
``orgroles/data/variants`` and read on first use) and reading a user's own variant files. It knows
role keys but no chart, rule or file other than its own; the validation package applies variants.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from orgroles._documents import (
    Document,
    Format,
    PathOrFile,
    field_problem,
    overlay,
    parse_document,
    read_document,
)
from orgroles._yamljson import DocPath
from orgroles.errors import OrgFileError, Place, Problem, UnknownVariantError, suggest

__all__ = [
    "BUILTIN_VARIANTS",
    "PM_ROLES",
    "SizeBand",
    "SpanBand",
    "Spans",
    "Structure",
    "TemplateShape",
    "Variant",
    "fitting_variants",
    "get_variant",
    "load_variant",
    "loads_variant",
    "size_misses",
    "variant_errors",
    "variant_from_data",
    "variants",
]

BUILTIN_VARIANTS: tuple[str, ...] = ("startup", "scaleup", "head_led", "enterprise", "bu_heads")
"""The built-in variant names, smallest org first."""

COMPANY = "company"
"""The built-in structure-only judgement of a whole company: every manager's span against
Orgvue's bands, the layers against the head count, no product-role rules. It is no size-dependent
product template, so :func:`variants` leaves it out; :func:`get_variant` knows it."""

PM_ROLES: tuple[str, ...] = ("apm", "pm", "senior_pm", "principal_pm")
"""The roles counted as PMs in a size band: the PM-track individual contributors."""

_ROLE_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")
_NAME = r"^[a-z][a-z0-9_-]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SizeBand(_Frozen):
    """An inclusive range of counts; ``max=None`` means no upper limit.

    Examples:
        >>> band = SizeBand(min=5, max=36)
        >>> band.contains(5), band.contains(40), str(band)
        (True, False, '5-36')
        >>> str(SizeBand(min=25))
        '25+'
    """

    min: int = Field(default=0, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> SizeBand:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self

    def contains(self, count: int) -> bool:
        """Whether ``count`` lies in the band."""
        return count >= self.min and (self.max is None or count <= self.max)

    def __str__(self) -> str:
        return f"{self.min}+" if self.max is None else f"{self.min}-{self.max}"


class SpanBand(SizeBand):
    """The direct reports (assistants not counted) a manager should have; ``min=1`` allows one.

    Examples:
        >>> SpanBand(min=2, max=6).contains(7)
        False
    """

    min: int = Field(default=1, ge=1)


class LayerBand(_Frozen):
    """The layers a company of up to ``employees`` people should have (top = layer 1).

    Examples:
        >>> str(LayerBand(employees=499, min=4, max=5))
        'up to 499 people: 4-5 layers'
    """

    employees: int | None = Field(default=None, ge=1)
    min: int = Field(default=1, ge=1)
    max: int = Field(ge=1)

    def __str__(self) -> str:
        people = "any head count" if self.employees is None else f"up to {self.employees} people"
        return f"{people}: {self.min}-{self.max} layers"


class Spans(_Frozen):
    """Span-of-control bands: by what a manager manages, with per-role overrides.

    Attributes:
        ics: the band for a manager whose reports are mostly individual contributors.
        managers: the band for a manager most of whose reports manage people themselves.
        roles: a band per manager role key, taking precedence over both (e.g. GPM 2-6).
        excessive: a span at or above this is called excessive in messages (it is beyond any
            band's maximum anyway).
    """

    ics: SpanBand = SpanBand(min=3, max=12)
    managers: SpanBand = SpanBand(min=2, max=6)
    roles: dict[str, SpanBand] = Field(default_factory=dict)
    excessive: int = Field(default=17, ge=2)


Structure = Literal["one_team", "product_lines", "business_units", "unit_heads"]
"""What a template puts between the top leader and the teams (see :class:`TemplateShape`)."""

# The layer of the line leaders (the top product leader is layer 1) in each structure.
_LEADER_LAYER: dict[Structure, int] = {
    "one_team": 1,
    "product_lines": 2,
    "business_units": 3,
    "unit_heads": 3,
}


class TemplateShape(_Frozen):
    """How :func:`~orgroles.template` builds an org of a variant: the ``template:`` section.

    A variant derived from another (``extends:`` or :meth:`Variant.derive`) keeps its base's
    section, with any changes merged in; a variant without one validates charts but generates
    none.

    Attributes:
        structure: what sits between the top product leader and the teams. ``one_team``:
            everyone reports to the top leader. ``product_lines``: a line leader per product
            line. ``business_units``: a business-unit leader (a Senior Director, else a VP) per
            unit, line leaders under them. ``unit_heads``: a Director per product line and a
            line leader per business unit under each.
        line_leader: the role that leads a line's teams (``director``); not used by
            ``one_team``, where the top leader leads the one team.
        pms_per_line: the line size defaults aim at, in PM-track individual contributors.
        typical_pms: the PM count when neither PMs nor employees are given.

    Examples:
        >>> shape = get_variant("enterprise").template
        >>> shape.structure, shape.line_leader, shape.leader_layer
        ('business_units', 'director', 3)
    """

    structure: Structure
    line_leader: str | None = None
    pms_per_line: int = Field(default=10, ge=1)
    typical_pms: int = Field(ge=0)

    @model_validator(mode="after")
    def _led(self) -> TemplateShape:
        if self.structure != "one_team" and self.line_leader is None:
            raise ValueError(f"a {self.structure} template needs a line_leader role")
        return self

    @property
    def leader_layer(self) -> int:
        """The layer of the line leaders; the top product leader is layer 1."""
        return _LEADER_LAYER[self.structure]


class Variant(_Frozen):
    """A named, size-dependent structure of a product org and the facts its rules judge by.

    Roles the variant does not rank (custom roles, ``other``, anything it leaves out) are not
    judged by the hierarchy rules; they still count in spans, layers and structure rules.
    Roles ranked but absent from ``manages`` are individual contributors here.

    Attributes:
        name: the variant's name (``scaleup``), used in org files and on the command line.
        title: a display title.
        description: what kind of organisation this is and why it is shaped so.
        shape: the intended shape, top down, e.g. ``CEO -> CPO -> Directors -> PMs``.
        employees: the company sizes (head count) the variant fits.
        pms: the PM counts it fits; PMs are positions with a role in :data:`PM_ROLES`.
        top_leader: the role(s) of the top product leader; the first is the usual one.
        top_leader_reports_to: the role(s) the top leader may report to (a top leader with no
            manager is fine too: the chart then holds only the product org).
        ranks: each role's rank in this variant (higher is more senior); a report must rank
            below their manager.
        manages: for each manager role, the roles it may manage directly.
        spans: span-of-control bands.
        max_layers: the most layers from the top product leader (layer 1) down to the deepest
            position below them.
        required: role groups that must each appear at least once; a group is one role key or a
            list of alternatives.
        forbidden: roles that must not appear (they signal another variant).
        template: how :func:`~orgroles.template` builds an org of this variant, or ``None``
            when it cannot.
        scope: ``"product"`` (the product org under its top leader is judged) or
            ``"company"``: the whole chart, every manager's span, no product-role rules (the
            ``company`` judgement).
        layer_bands: layer bands by head count, smallest company first; when given, the most
            layers allowed is the band's ``max`` for the chart's head count (else
            ``max_layers``).

    Examples:
        >>> scaleup = get_variant("scaleup")
        >>> scaleup.rank_of("head_of_product") == scaleup.rank_of("director")
        True
        >>> tight = scaleup.derive(name="tight", max_layers=4, spans={"ics": {"max": 8}})
        >>> tight.max_layers, tight.spans.ics.max, tight.spans.ics.min
        (4, 8, 3)
    """

    name: str = Field(pattern=_NAME, max_length=64)
    title: str = ""
    description: str = ""
    shape: str = ""
    employees: SizeBand = SizeBand()
    pms: SizeBand = SizeBand()
    top_leader: tuple[str, ...] = Field(min_length=1)
    top_leader_reports_to: tuple[str, ...] = ("ceo",)
    ranks: dict[str, int] = Field(default_factory=dict)
    manages: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    spans: Spans = Spans()
    max_layers: int = Field(default=6, ge=1)
    required: tuple[tuple[str, ...], ...] = ()
    forbidden: tuple[str, ...] = ()
    template: TemplateShape | None = None
    scope: Literal["product", "company"] = "product"
    layer_bands: tuple[LayerBand, ...] = ()

    _manages_sets: dict[str, frozenset[str]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any) -> Any:
        # Files write lists and single keys; the model keeps tuples of tuples.
        if isinstance(data, dict) and "required" in data and isinstance(data["required"], list):
            data = dict(data)
            data["required"] = [
                [group] if isinstance(group, str) else group for group in data["required"]
            ]
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Variant:
        problems = []
        known = self.ranks
        named: list[tuple[str, str]] = [(f"top_leader {key!r}", key) for key in self.top_leader]
        for manager, reports in self.manages.items():
            named.append((f"manages key {manager!r}", manager))
            named.extend((f"manages[{manager!r}] entry {key!r}", key) for key in reports)
        for where, key in named:
            if key not in known:
                problems.append(f"{where} is not ranked; add it under 'ranks'")
        for key in (*known, *self.forbidden, *self.spans.roles):
            if not _is_role_key(key):
                problems.append(f"{key!r} is not a role key (lower-case snake_case)")
        for key in self.top_leader:
            if key in self.forbidden:
                problems.append(f"top leader role {key!r} is also forbidden")
        leader = self.template.line_leader if self.template else None
        if leader is not None and leader not in known:
            problems.append(f"template line_leader {leader!r} is not ranked; add it under 'ranks'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def model_post_init(self, context: Any, /) -> None:
        """Precompute lookups the rules use on every position."""
        self._manages_sets = {key: frozenset(value) for key, value in self.manages.items()}

    def layer_band(self, employees: int) -> LayerBand | None:
        """The layer band for a head count, or ``None`` when the variant has no layer bands.

        Examples:
            >>> company = get_variant("company")
            >>> str(company.layer_band(311)), company.layer_band(1_000_000).max
            ('up to 499 people: 4-5 layers', 9)
        """
        for band in self.layer_bands:
            if band.employees is None or employees <= band.employees:
                return band
        return self.layer_bands[-1] if self.layer_bands else None

    def rank_of(self, role: str) -> int | None:
        """The role's rank in this variant, or ``None`` when the variant does not rank it."""
        return self.ranks.get(role)

    def may_manage(self, manager: str, report: str) -> bool | None:
        """Whether ``manager`` may manage ``report`` directly; ``None`` when not judged.

        Not judged: either role is unranked here, or the manager role has no ``manages`` entry
        (then it is an individual contributor, which ``ic-with-reports`` judges).

        Examples:
            >>> v = get_variant("bu_heads")
            >>> v.may_manage("director", "head_of_product"), v.may_manage("cpo", "pm")
            (True, False)
            >>> v.may_manage("cpo", "engineering_manager") is None
            True
        """
        allowed = self._manages_sets.get(manager)
        if allowed is None or report not in self.ranks:
            return None
        return report in allowed

    def span_band(self, role: str, *, manages_managers: bool) -> SpanBand:
        """The span band for a manager of this role (per-role band first)."""
        band = self.spans.roles.get(role)
        if band is not None:
            return band
        return self.spans.managers if manages_managers else self.spans.ics

    def derive(self, *, name: str, **changes: Any) -> Variant:
        """A new variant based on this one: mappings merge into the base, other values replace.

        ``spans={"ics": {"max": 15}}`` changes one number and keeps the rest; ``ranks`` and
        ``manages`` merge per role key; lists and numbers replace.

        Raises:
            ValueError: (pydantic's ``ValidationError``) the result is not a valid variant.

        Examples:
            >>> policy = get_variant("enterprise").derive(
            ...     name="acme", spans={"managers": {"max": 8}}, max_layers=8
            ... )
            >>> policy.name, policy.spans.managers.max, policy.max_layers, policy.top_leader
            ('acme', 8, 8, ('cpo',))
        """
        base = self.model_dump(mode="json")
        return Variant.model_validate(overlay(base, _plain({**changes, "name": name})))

    def summary(self) -> str:
        """One line: name, bands and top leader, as ``orgroles variants`` lists them.

        Examples:
            >>> get_variant("startup").summary()
            'startup: employees 1-60, PMs 0-6, top leader head_of_product or director -> ceo'
        """
        leader = " or ".join(self.top_leader)
        above = " or ".join(self.top_leader_reports_to) or "nobody"
        return (
            f"{self.name}: employees {self.employees}, PMs {self.pms}, "
            f"top leader {leader} -> {above}"
        )


def _is_role_key(key: str) -> bool:
    return _ROLE_KEY_RE.fullmatch(key) is not None


def _plain(value: Any) -> Any:
    """A change as plain data: a model given to :meth:`Variant.derive` (``Spans(...)``) dumped."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


# -- built-ins and files -----------------------------------------------------------------------


@functools.cache
def _builtin(name: str) -> Variant:
    text = (
        resources.files("orgroles")
        .joinpath("data", "variants", f"{name}.yaml")
        .read_text(encoding="utf-8")
    )
    return loads_variant(text, source=f"<built-in variant {name}>")


def variants() -> tuple[Variant, ...]:
    """The built-in variants, smallest org first.

    Examples:
        >>> [v.name for v in variants()]
        ['startup', 'scaleup', 'head_led', 'enterprise', 'bu_heads']
    """
    return tuple(_builtin(name) for name in BUILTIN_VARIANTS)


def get_variant(name: str | Variant) -> Variant:
    """The built-in variant with this name (a :class:`Variant` is returned as is).

    Raises:
        UnknownVariantError: (a ``KeyError``) naming the nearest names.

    Examples:
        >>> get_variant("enterprise").top_leader
        ('cpo',)
        >>> get_variant("scalup")
        Traceback (most recent call last):
        ...
        orgroles.errors.UnknownVariantError: unknown variant 'scalup' (did you mean ...)
    """
    if isinstance(name, Variant):
        return name
    if name not in BUILTIN_VARIANTS and name != COMPANY:
        known = (*BUILTIN_VARIANTS, COMPANY)
        raise UnknownVariantError(suggest(name, known, what="variant"), name)
    return _builtin(name)


def load_variant(path: PathOrFile) -> Variant:
    r"""Read a variant from a YAML or JSON file; ``extends: <built-in>`` starts from a built-in.

    Raises:
        OrgFileError: every problem, with file and line.
        OSError: the file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.yaml"
        >>> _ = path.write_text(
        ...     "name: acme\nextends: enterprise\nspans: {ics: {max: 15}}\n", encoding="utf-8"
        ... )
        >>> acme = load_variant(path)
        >>> acme.name, acme.spans.ics.max, acme.max_layers
        ('acme', 15, 7)
    """
    return _variant_of(read_document(path))


def loads_variant(
    text: str,
    *,
    source: str = "<string>",
    format: Format | None = None,  # the word users know
) -> Variant:
    r"""Read a variant from YAML or JSON text; see :func:`load_variant`.

    Examples:
        >>> loads_variant("name: mine\nextends: startup\nmax_layers: 2\n").max_layers
        2
    """
    return _variant_of(parse_document(text, format=format, name=source))


def _variant_of(document: Document) -> Variant:
    document.check(summary=f"cannot read variant {document.source}")
    return variant_from_data(document.data, lines=document.lines, source=document.source)


def variant_from_data(
    document: Any, *, lines: dict[DocPath, int] | None = None, source: str = "<data>"
) -> Variant:
    """Build a variant from plain data (what a variant file holds), resolving ``extends``.

    Raises:
        OrgFileError: every problem found, with lines when ``lines`` is given.
    """
    lines = lines or {}
    if not isinstance(document, dict):
        raise OrgFileError(
            [
                Problem(
                    "a variant file is a mapping with at least 'name'",
                    place=Place(source=source, line=1),
                )
            ],
            summary=f"cannot read variant {source}",
        )
    data = dict(document)
    base_name = data.pop("extends", None)
    if base_name is not None:
        try:
            base = get_variant(str(base_name))
        except UnknownVariantError as error:
            raise OrgFileError(
                [field_problem(str(error), ("extends",), lines=lines, source=source)],
                summary=f"cannot read variant {source}",
            ) from None
        data = overlay(base.model_dump(mode="json"), data)
    try:
        return Variant.model_validate(data)
    except ValidationError as error:
        problems = [
            field_problem(message, loc, lines=lines, source=source)
            for loc, message in variant_errors(error)
        ]
        problems.sort(key=lambda problem: problem.place.line or 0)  # file order reads best
        raise OrgFileError(problems, summary=f"cannot read variant {source}") from None


def variant_errors(error: ValidationError) -> list[tuple[DocPath, str]]:
    """Each problem of validating a variant as ``(where, message)``, in words a user can act on.

    An unknown key is named with its full path and the nearest names at its own level
    (``spans.ic`` -> ``spans.ics``); pydantic's ``Value error,`` prefix is dropped.

    Examples:
        >>> try:
        ...     get_variant("startup").derive(name="x", spans={"ic": {"max": 3}})
        ... except ValidationError as error:
        ...     print(variant_errors(error)[0][1])
        unknown variant field 'spans.ic' (did you mean 'spans.ics'? choose from: ...)
    """
    found: list[tuple[DocPath, str]] = []
    for item in error.errors(include_url=False):
        loc: DocPath = tuple(item.get("loc", ()))
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden" and loc:
            message = _unknown_field(loc)
        found.append((loc, message))
    return found


def _unknown_field(loc: DocPath) -> str:
    """``unknown variant field 'spans.ic' (did you mean 'spans.ics'? ...)`` for an extra key."""
    model: Any = Variant
    for depth, part in enumerate(loc):
        if isinstance(model, type) and issubclass(model, BaseModel):
            if part not in model.model_fields:
                # Matched by the last name alone: the shared prefix would make 'spans.roles'
                # look as close to 'spans.ic' as 'spans.ics'.
                above = "".join(f"{p}." for p in loc[:depth])
                return suggest(str(part), model.model_fields, what="variant field", prefix=above)
            model = model.model_fields[str(part)].annotation
        else:  # a mapping such as spans.roles: its keys are free, its values have a model
            arguments = get_args(model)
            model = arguments[-1] if arguments else None
    return f"unknown variant field {'.'.join(str(p) for p in loc)!r}"


def size_misses(
    variant: Variant, *, pms: int, employees: int | None = None, positions: int = 0
) -> list[str]:
    """Why these counts are outside the variant's size bands (empty when they fit).

    Without a stated head count, the number of positions is a lower bound on it: it can show
    a company is too big for a band, never that it is too small.

    Examples:
        >>> size_misses(get_variant("startup"), pms=12)
        ['12 PMs is outside 0-6']
        >>> size_misses(get_variant("startup"), pms=3, positions=900)
        ['900 positions is already more than 60 employees']
    """
    misses = []
    if not variant.pms.contains(pms):
        misses.append(f"{pms} PM{'s' if pms != 1 else ''} is outside {variant.pms}")
    if employees is not None:
        if not variant.employees.contains(employees):
            misses.append(f"{employees} employees is outside {variant.employees}")
    elif variant.employees.max is not None and positions > variant.employees.max:
        misses.append(
            f"{positions} positions is already more than {variant.employees.max} employees"
        )
    return misses


def fitting_variants(
    *,
    pms: int,
    employees: int | None = None,
    positions: int = 0,
    candidates: Iterable[Variant] | None = None,
) -> list[Variant]:
    """The variants whose size bands hold these counts (all built-ins unless ``candidates``).

    The one answer to "which sizes fit": validation's ``size-mismatch``, the choice of a
    variant for a chart and the recommendation for a company all ask it (:func:`size_misses`).

    Examples:
        >>> [v.name for v in fitting_variants(pms=12)]
        ['scaleup', 'head_led']
    """
    pool = variants() if candidates is None else tuple(candidates)
    return [
        v for v in pool if not size_misses(v, pms=pms, employees=employees, positions=positions)
    ]
