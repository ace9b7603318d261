"""Free-text job titles to role keys: normalization, the rules, user aliases, the docs' tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgroles._titles import (
    BUILTIN_TITLE_ALIASES,
    TITLE_ABBREVIATIONS,
    TITLE_ROLE_KEYS,
    compile_aliases,
    match_title,
    normalize_title,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "titles.md"

POSITIVE: list[tuple[str, str]] = [
    # The PM ladder.
    ("Associate Product Manager", "apm"),
    ("APM", "apm"),
    ("Assoc. PM", "apm"),
    ("Junior Product Manager", "apm"),
    ("Jr. PM", "apm"),
    ("Assistant Product Manager", "apm"),
    ("Senior Associate Product Manager", "apm"),
    ("Graduate Product Manager", "apm"),
    ("Trainee PM", "apm"),
    ("Product Manager", "pm"),
    ("PM", "pm"),
    ("Product Manager III", "pm"),
    ("Product Manager 2", "pm"),
    ("Product Manager, Level 2", "pm"),
    ("PM L5", "pm"),
    ("Prod Mgr", "pm"),
    ("Technical Product Manager", "pm"),
    ("Platform PM", "pm"),
    ("Growth Product Manager", "pm"),
    ("Founding Product Manager", "pm"),
    ("Product Manager, Payments", "pm"),
    ("Product Manager (Payments)", "pm"),
    ("Product Manager at Acme", "pm"),
    ("Product Manager for Payments", "pm"),
    ("Manager, Product", "pm"),
    ("Sr. Product Manager", "senior_pm"),
    ("Snr PM", "senior_pm"),
    ("Senior PM II", "senior_pm"),
    ("Senior Technical PM", "senior_pm"),
    ("Product Manager (Senior)", "senior_pm"),
    ("PM, Senior", "senior_pm"),
    ("Senior Product Manager \u2013 Search", "senior_pm"),
    ("Senior Product Manager - Growth", "senior_pm"),
    ("Principal Product Manager", "principal_pm"),
    ("Principal PM", "principal_pm"),
    ("Staff PM", "principal_pm"),
    ("Staff Product Manager", "principal_pm"),
    ("Senior Staff Product Manager", "principal_pm"),
    ("Lead Product Manager", "principal_pm"),
    ("Lead PM", "principal_pm"),
    ("Group PM", "gpm"),
    ("Group Product Manager", "gpm"),
    ("GPM", "gpm"),
    ("Sr. Group PM", "gpm"),
    # Leadership.
    ("Head of Product", "head_of_product"),
    ("Head of Product Management", "head_of_product"),
    ("Head of Product, Payments", "head_of_product"),
    ("Product Head", "head_of_product"),
    ("Interim Head of Product", "head_of_product"),
    ("Global Head of Product", "head_of_product"),
    ("Co-founder & Head of Product", "head_of_product"),
    ("Head of Product and Engineering", "head_of_product"),
    ("Director of Product Management", "director"),
    ("Director of Product", "director"),
    ("Product Director", "director"),
    ("Director, Product", "director"),
    ("Director - Product", "director"),
    ("Director of Product, Payments", "director"),
    ("Dir. Product Mgmt", "director"),
    ("Product Management Director", "director"),
    ("Senior Director of Product Management", "senior_director"),
    ("Senior Director of Product", "senior_director"),
    ("Sr Director, Product", "senior_director"),
    ("Senior Product Director", "senior_director"),
    ("VP, Product", "vp_product"),
    ("VP of Product", "vp_product"),
    ("VP Product", "vp_product"),
    ("V.P. Product", "vp_product"),
    ("Vice President of Product Management", "vp_product"),
    ("Senior Vice-President, Product Management", "vp_product"),
    ("SVP Product", "vp_product"),
    ("EVP, Product", "vp_product"),
    ("Chief Product Officer", "cpo"),
    ("CPO", "cpo"),
    ("Acting CPO", "cpo"),
    ("Chief Product & Technology Officer", "cpo"),
    ("CPTO", "cpo"),
    ("Chief Product Officer & Co-founder", "cpo"),
    ("Co-Founder/CPO", "cpo"),
    ("CTO & CPO", "cpo"),
    ("Chief Executive Officer ", "ceo"),
    ("CEO", "ceo"),
    ("Founder & CEO", "ceo"),
    ("Co-founder and CEO", "ceo"),
    ("CEO & Founder", "ceo"),
    ("CEO & Co-Founder", "ceo"),
    ("President & CEO", "ceo"),
    ("Co-CEO", "ceo"),
    ("CEO & CPO", "ceo"),
    ("CEO, Acme Corp", "ceo"),
    ("  chief   EXECUTIVE officer  ", "ceo"),
    # Partners.
    ("Product Designer", "designer"),
    ("Senior Product Designer", "designer"),
    ("Product Designer II", "designer"),
    ("Lead Product Designer", "designer"),
    ("UX Designer", "designer"),
    ("UI/UX designer", "designer"),
    ("UX & UI Designer", "designer"),
    ("User Experience Designer", "designer"),
    ("Product UX Designer", "designer"),
    ("Product Analyst", "analyst"),
    ("Senior Product Analyst", "analyst"),
    ("Analyst, Product", "analyst"),
    ("Product Owner", "pm"),
    ("Senior Product Owner", "senior_pm"),
    ("Associate Product Owner", "apm"),
    ("Lead Product Owner", "principal_pm"),
    ("Product Owner, Payments", "pm"),
    ("Product Lead", "principal_pm"),
    ("Product Lead, Checkout", "principal_pm"),
    ("Product Management Intern", "apm"),
    ("Product Manager Intern", "apm"),
    ("Intern, Product Management", "apm"),
    ("PM Intern", "apm"),
]

NEGATIVE: list[str] = [
    "Software Engineer",
    "Engineering Manager",
    "Sales Representative",
    "Senior Sales Manager",
    "CTO",
    "Chief Technology Officer",
    "Chief Operating Officer",
    "Chief People Officer",
    "Chief of Staff to the CPO",
    "Chief Product Owner",
    "Product Marketing Manager",
    "Senior Product Marketing Manager",
    "PMM",
    "Marketing Product Manager",
    "Director of Engineering",
    "Director of Product Engineering",
    "Director of Product Marketing",
    "Director, Product Marketing",
    "VP Sales",
    "VP of Engineering",
    "VP Product Design",
    "AVP Product",
    "Head of Sales",
    "Head of Design",
    "Head of Product Design",
    "Head of Product, Design",
    "Head of Product Analytics",
    "Director of Product Design",
    "Associate Director of Product",
    "Project Manager",
    "Program Manager",
    "Technical Program Manager",
    "TPM",
    "Production Manager",
    "Production Director",
    "Product Support Specialist",
    "Product Operations Manager",
    "Product Specialist",
    "Product Design Intern",
    "Product Design Manager",
    "Associate Principal PM",
    "Group Product Designer",
    "Deputy CEO",
    "Assistant to the CEO",
    "Founder",
    "Stock Clerk",
    "Programmer",
    "Accountant",
    "Administration Vice President",
    "Marketing Director",
    "Data Analyst",
    "Business Analyst",
    "Graphic Designer",
    "UX Researcher",
    "",
    "   ",
    "Manager",
    "Director",
    "Senior",
    "Product",
    "President",
    "I am not a product manager",
    "Ex-Product Manager",
    "Assistant to the Product Manager",
    "Product Manager, Assistant",
    "Recruiter, Product",
]

CASES = [(title, key) for title, key in POSITIVE] + [(title, None) for title in NEGATIVE]


def case_id(title: str, key: str | None) -> str:
    return f"{title.strip() or repr(title)} -> {key}"


@pytest.mark.parametrize(
    ("title", "expected"),
    [pytest.param(title, key, id=case_id(title, key)) for title, key in CASES],
)
def test_match_title(title: str, expected: str | None) -> None:
    assert match_title(title) == expected


def test_the_table_is_large_and_covers_every_role() -> None:
    assert len(CASES) >= 80
    assert {key for _, key in POSITIVE} == TITLE_ROLE_KEYS
    assert len({title for title, _ in CASES}) == len(CASES), "duplicate titles in the table"


# --------------------------------------------------------------------------- normalize_title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Sr. PM, Payments & Billing ", "senior product manager payments and billing"),
        ("S.V.P. of Prod Mgmt", "senior vice president of product management"),
        ("EVP", "executive vice president"),
        ("Co-Founder/CEO", "co founder chief executive officer"),
        ("Snr\tMgr (Grp)", "senior manager group"),
        ("Dir.: Product", "director product"),
        ("R+D", "r and d"),
        ("\uff23\uff25\uff2f", "chief executive officer"),
        ("Product", "product"),
        ("Sr.PM", "senior product manager"),
        ("", ""),
        (" \t\n ", ""),
    ],
)
def test_normalize_title(text: str, expected: str) -> None:
    assert normalize_title(text) == expected


def test_abbreviations_expand_only_whole_words() -> None:
    assert normalize_title("Prodigy Mgmtx PMO") == "prodigy mgmtx pmo"
    assert normalize_title("prod") == "product"


def test_every_abbreviation_expands() -> None:
    for short, long in TITLE_ABBREVIATIONS.items():
        assert normalize_title(short.upper()) == long
        assert normalize_title(long) == long, "an expansion must not expand again"


@given(st.text())
def test_normalize_title_is_stable_and_tidy(text: str) -> None:
    once = normalize_title(text)
    assert normalize_title(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not re.search(r"[^\w ]|_", once)


# --------------------------------------------------------------------------- built-in aliases


def test_builtin_aliases_are_normalized_and_agree_with_the_rules() -> None:
    assert len(BUILTIN_TITLE_ALIASES) >= 20
    for title, key in BUILTIN_TITLE_ALIASES.items():
        assert normalize_title(title) == title
        assert key in TITLE_ROLE_KEYS
        assert match_title(title) == key
        assert match_title(title.upper() + " II") == key


def test_builtin_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        BUILTIN_TITLE_ALIASES["product owner"] = "pm"  # type: ignore[index]  # on purpose
    with pytest.raises(TypeError):
        TITLE_ABBREVIATIONS["po"] = "product owner"  # type: ignore[index]  # on purpose


# --------------------------------------------------------------------------- user aliases


def test_user_alias_adds_a_title() -> None:
    assert match_title("Product Specialist") is None
    assert match_title("Product Specialist", {"Product Specialist": "pm"}) == "pm"


def test_user_alias_keys_are_normalized() -> None:
    aliases = {"  product OWNER ": "pm", "Sr. P.O.": "senior_pm"}
    assert match_title("Product Owner", aliases) == "pm"
    assert match_title("PRODUCT-OWNER", aliases) == "pm"
    assert match_title("Senior PO", aliases) == "senior_pm"


def test_user_alias_overrides_a_builtin() -> None:
    assert match_title("Head of Product") == "head_of_product"
    assert match_title("Head of Product", {"head of product": "director"}) == "director"
    assert match_title("Lead PM", {"Lead Product Manager": "senior_pm"}) == "senior_pm"
    assert match_title("CPO", {"CPO": "other"}) == "other"


def test_user_alias_applies_to_shorter_readings() -> None:
    aliases = {"Product Owner": "pm", "Head of Product": "director"}
    assert match_title("Product Owner, Payments", aliases) == "pm"
    assert match_title("Product Owner II", aliases) == "pm"
    assert match_title("Head of Product (Payments)", aliases) == "director"


def test_a_longer_builtin_reading_beats_an_alias_for_a_shorter_one() -> None:
    # "Director" alone is an alias here, but the whole title already says Product Director.
    assert match_title("Director, Product", {"Director": "gpm"}) == "director"
    assert match_title("Director, Payments", {"Director": "gpm"}) == "gpm"
    # A qualifier naming another function is never dropped, not even for an alias.
    assert match_title("Director, Sales", {"Director": "gpm"}) is None


def test_user_aliases_do_not_leak_into_later_calls() -> None:
    assert match_title("Product Specialist", {"Product Specialist": "pm"}) == "pm"
    assert match_title("Product Specialist") is None
    assert match_title("Product Specialist", {}) is None


def test_blank_alias_keys_never_match() -> None:
    assert match_title("", {"   ": "pm"}) is None
    assert dict(compile_aliases({"  ": "pm", "-": "pm"})) == {}


def test_compile_aliases() -> None:
    table = compile_aliases({"Product Owner": "pm", "PRODUCT OWNER": "senior_pm", "PO": "apm"})
    assert dict(table) == {"product owner": "senior_pm", "po": "apm"}
    assert compile_aliases(table) is table
    assert len(table) == 2
    assert table.get("missing") is None
    with pytest.raises(TypeError):
        table["product lead"] = "pm"  # type: ignore[index]  # on purpose
    assert match_title("product owner", table) == "senior_pm"
    assert match_title("P.O.", table) == "apm"


# --------------------------------------------------------------------------- properties

KNOWN_RESULTS = {*TITLE_ROLE_KEYS, None}
POSITIVE_TITLES = [title for title, _ in POSITIVE]
VARIANTS: list[Callable[[str], str]] = [
    str.upper,
    str.lower,
    str.title,
    lambda t: "  " + t + " ",
    lambda t: "\t" + t.replace(" ", "   ") + "\n",
    lambda t: t + ".",
]


@given(st.text())
def test_match_title_never_raises_and_returns_a_known_key(text: str) -> None:
    assert match_title(text) in KNOWN_RESULTS


@given(st.text(alphabet="product manager senior director of vp head chief officer ,-&()"))
def test_match_title_on_title_like_noise_returns_a_known_key(text: str) -> None:
    assert match_title(text) in KNOWN_RESULTS


@given(st.sampled_from(POSITIVE_TITLES), st.sampled_from(VARIANTS))
def test_case_spacing_and_punctuation_do_not_matter(
    title: str, variant: Callable[[str], str]
) -> None:
    assert match_title(variant(title)) == match_title(title)


@given(st.sampled_from(NEGATIVE), st.sampled_from(VARIANTS))
def test_negatives_stay_negative_in_any_spelling(title: str, variant: Callable[[str], str]) -> None:
    assert match_title(variant(title)) is None


@given(st.sampled_from(POSITIVE_TITLES), st.text(max_size=30))
def test_a_user_alias_for_the_exact_title_always_wins(title: str, key: str) -> None:
    if not key:
        key = "custom"
    assert match_title(title, {title: key}) == key


def test_resolution_is_cached() -> None:
    from orgroles import _titles

    _titles._match_builtin.cache_clear()
    for _ in range(3):
        assert match_title("Sr. Product Manager") == "senior_pm"
    info = _titles._match_builtin.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert info.maxsize is not None
    assert info.maxsize >= 65536


# --------------------------------------------------------------------------- the docs page


SEPARATOR_ROW = re.compile(r"^\|[\s:|-]+\|$")


def markdown_table(header: str, text: str | None = None) -> list[list[str]]:
    """The rows of the tables whose header is ``header`` (spacing ignored), as stripped cells."""
    if text is None:
        text = DOCS.read_text(encoding="utf-8")
    rows: list[list[str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if re.sub(r"\s+", " ", line) == header:
            inside = True
            continue
        if inside and not line.startswith("|"):
            inside = False
        if inside and not SEPARATOR_ROW.match(line):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def expected_role(cell: str) -> str | None:
    return None if cell == "None" else cell.strip("`")


def test_module_docstring_decisions_match_the_resolver() -> None:
    from orgroles import _titles

    rows = markdown_table("| Title | Result | Why |", _titles.__doc__)
    assert len(rows) >= 30
    for title, role, _why in rows:
        assert match_title(title) == expected_role(role), title


def test_module_docstring_and_docs_page_agree() -> None:
    from orgroles import _titles

    in_module = {r[0]: r[1] for r in markdown_table("| Title | Result | Why |", _titles.__doc__)}
    in_docs = {r[0]: expected_role(r[1]) for r in markdown_table("| Title | Role | Why |")}
    for title, role in in_module.items():
        assert title in in_docs, f"{title!r} is decided in the module but not on the docs page"
        assert in_docs[title] == expected_role(role), title


def test_docs_title_tables_match_the_resolver() -> None:
    rows = markdown_table("| Title | Role | Why |")
    assert len(rows) >= 50
    for title, role, _why in rows:
        assert match_title(title) == expected_role(role), title


def test_docs_abbreviation_table_matches_the_data() -> None:
    rows = markdown_table("| Abbreviation | Expands to |")
    assert {short.strip("`"): long for short, long in rows} == dict(TITLE_ABBREVIATIONS)


def test_docs_role_table_lists_every_key_with_titles_that_resolve_to_it() -> None:
    rows = markdown_table("| Role key | Typical titles |")
    assert sorted(key.strip("`") for key, _ in rows) == sorted(TITLE_ROLE_KEYS)
    for key, titles in rows:
        for title in titles.split("; "):
            assert match_title(title) == key.strip("`"), title


# --------------------------------------------------------------------------- how a title is split

SPLIT_TITLES = [
    "Product Manager",
    "Senior Product Manager",
    "Director of Product",
    "Head of Product",
    "Product Owner",
    "Group Product Manager",
    "Product Designer",
    "Head of Product, Design",
    "Product Marketing Manager",
]
SEPARATORS = [", ", " - ", " \u2013 ", " | ", " / ", " · ", "\n", "\r\n", "\t", " (", ";"]


@pytest.mark.parametrize("title", SPLIT_TITLES)
@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_separator_before_a_qualifier_never_changes_the_result(
    title: str, separator: str
) -> None:
    assert match_title(title + separator + "Checkout") == match_title(title + ", Checkout")


@given(
    title=st.sampled_from(SPLIT_TITLES),
    gaps=st.lists(
        st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", " \n "]), min_size=8, max_size=8
    ),
)
def test_whitespace_and_line_breaks_inside_a_title_never_change_the_result(
    title: str, gaps: list[str]
) -> None:
    words = title.split(" ")
    spaced = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=False))
    assert match_title(f" {spaced}\n") == match_title(title)


def test_a_title_of_another_product_role_is_an_info_finding() -> None:
    from orgroles import OrgChart, validate

    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "hop", "role": "head_of_product", "reports_to": "ceo"},
            {"id": "a", "role": "senior_pm", "title": "Group Product Manager", "reports_to": "hop"},
            {"id": "b", "role": "pm", "title": "Product Manager, Checkout", "reports_to": "hop"},
            {"id": "c", "role": "pm", "title": "Barista", "reports_to": "hop"},
            {"id": "d", "role": "designer", "reports_to": "hop"},
        ]
    )
    found = [f for f in validate(chart, "startup").findings if f.code == "title-role-mismatch"]
    assert [(f.severity, f.positions) for f in found] == [("info", ("a",))]
    assert "reads as gpm" in found[0].message
    # A title alias of the chart settles it.
    from orgroles._roles import default_catalog

    catalog = default_catalog().extend(aliases={"Group Product Manager": "senior_pm"})
    aliased = OrgChart(list(chart), roles=catalog)
    assert not [f for f in validate(aliased, "startup").findings if f.code == "title-role-mismatch"]
