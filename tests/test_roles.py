"""The role catalog: built-ins, lookups, custom roles, and catalog-level title resolution."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import orgroles
from orgroles import Role, RoleCatalog, UnknownRoleError, default_catalog, get_role

REQUIRED = {
    "apm", "pm", "senior_pm", "principal_pm", "gpm", "head_of_product", "director",
    "senior_director", "vp_product", "cpo", "ceo", "designer", "analyst", "other",
}  # fmt: skip


def test_builtin_catalog_has_every_required_role() -> None:
    assert {role.key for role in orgroles.roles()} >= REQUIRED
    assert [role.key for role in orgroles.roles()] == list(default_catalog())


@pytest.mark.parametrize("role", orgroles.roles(), ids=lambda r: r.key)
def test_builtin_titles_and_aliases_resolve_to_their_role(role: Role) -> None:
    if role.key == "other":
        assert orgroles.resolve_title(role.title) is None
        return
    for title in (role.title, *role.aliases):
        resolved = orgroles.resolve_title(title)
        assert resolved is not None, title
        assert resolved.key == role.key, title


def test_seniority_order_of_the_pm_ladder() -> None:
    levels = [get_role(k).level for k in ("apm", "pm", "senior_pm", "director", "cpo", "ceo")]
    assert levels == sorted(levels)
    assert len(set(levels)) == len(levels)


def test_tracks() -> None:
    assert get_role("pm").track == "ic"
    assert get_role("gpm").track == "manager"
    assert get_role("cpo").track == "executive"
    assert get_role("designer").track == "partner"
    assert get_role("other").track == "outside"


def test_unknown_key_suggests_the_nearest() -> None:
    with pytest.raises(UnknownRoleError) as caught:
        get_role("senior-pm")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value).startswith("unknown role 'senior-pm' (did you mean 'senior_pm'")
    assert caught.value.key == "senior-pm"


@pytest.mark.parametrize(
    "fields",
    [
        {"key": "Product Owner", "title": "PO", "track": "ic", "level": 2},
        {"key": "po", "title": "", "track": "ic", "level": 2},
        {"key": "po", "title": "PO", "track": "contractor", "level": 2},
        {"key": "po", "title": "PO", "track": "ic", "level": -1},
        {"key": "po", "title": "PO", "track": "ic", "level": "2"},
    ],
)
def test_role_model_refuses_malformed_definitions(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Role.model_validate(fields)


def test_catalog_extend_is_not_global() -> None:
    owner = Role(key="product_owner", title="Product Owner", track="ic", level=2)
    extended = default_catalog().extend([owner], aliases={"Backlog Boss": "product_owner"})
    assert "product_owner" in extended
    assert "product_owner" not in default_catalog()
    assert extended.custom_roles == (owner,)
    resolved = extended.resolve_title("Backlog Boss")
    assert resolved == owner
    # aliases and custom titles also apply through qualifiers and level marks
    assert extended.resolve_title("Product Owner, Payments") == owner
    assert extended.resolve_title("Senior PM") == get_role("senior_pm")


def test_catalog_aliases_override_builtin_rules() -> None:
    catalog = default_catalog().extend(aliases={"Product Lead": "gpm", "Senior PM": "pm"})
    assert catalog.resolve_title("product lead") == get_role("gpm")
    assert catalog.resolve_title("Senior PM") == get_role("pm")


def test_alias_to_unknown_role_is_refused() -> None:
    with pytest.raises(UnknownRoleError, match="unknown role 'wizard'"):
        RoleCatalog(aliases={"Magic": "wizard"})


def test_redefining_a_builtin_key_counts_as_custom() -> None:
    pm = get_role("pm").model_copy(update={"title": "Product Owner"})
    catalog = default_catalog().extend([pm])
    assert catalog["pm"].title == "Product Owner"
    assert catalog.custom_roles == (pm,)
