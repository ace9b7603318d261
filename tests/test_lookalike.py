"""Look-alike ids and invisible characters: named by validation, shown escaped everywhere.

Issue 15: ids differing only by case, Unicode form or an invisible character passed silently;
U+202E, U+200B and U+FEFF reached SVG and the terminal raw; ANSI sequences from a CSV header
reached the terminal.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgroles
from orgroles._lookalike import lookalike_groups, lookalike_key
from orgroles.cli import main

BASE = [
    {"id": "ceo", "role": "ceo", "name": "Ada"},
    {"id": "hop", "role": "head_of_product", "reports_to": "ceo"},
]
NFC = unicodedata.normalize("NFC", "José")
NFD = unicodedata.normalize("NFD", "José")


def chart_with(*rows: dict[str, object]) -> orgroles.OrgChart:
    return orgroles.OrgChart([*BASE, *rows])


@pytest.mark.parametrize(
    ("first", "second", "how"),
    [
        ("pm-1", "PM-1", "case"),
        (NFC, NFD, "Unicode form"),
        ("pm-1", "pm\u200b-1", "invisible characters"),
        ("pm-1", "\ufeffpm-1", "invisible characters"),
        ("pm-1", "pm-1\u202e", "invisible characters"),
        ("pm-1", "\uff50\uff4d-1", "compatibility"),  # full-width letters
    ],
)
def test_look_alike_ids_are_an_error_naming_both(first: str, second: str, how: str) -> None:
    chart = chart_with(
        {"id": first, "role": "pm", "reports_to": "hop"},
        {"id": second, "role": "pm", "reports_to": "hop"},
    )
    (finding,) = [f for f in orgroles.validate(chart).findings if f.code == "look-alike-ids"]
    assert finding.severity == "error"
    assert finding.positions == (first, second)
    assert how in finding.message


def test_distinct_ids_are_no_look_alikes() -> None:
    chart = chart_with(
        {"id": "pm-1", "role": "pm", "reports_to": "hop"},
        {"id": "pm-l", "role": "pm", "reports_to": "hop"},
        {"id": "Zoë", "role": "pm", "reports_to": "hop"},
    )
    assert "look-alike-ids" not in orgroles.validate(chart).codes()


def test_a_manager_written_nfd_against_an_nfc_id_gets_a_hint() -> None:
    chart = chart_with(
        {"id": NFC, "role": "director", "reports_to": "hop"},
        {"id": "pm-1", "role": "pm", "reports_to": NFD},
    )
    (finding,) = [f for f in orgroles.validate(chart).findings if f.code == "unknown-manager"]
    assert finding.positions == ("pm-1",)
    assert "Unicode form (NFC/NFD)" in finding.message
    assert "\\u0301" in finding.message  # the invisible difference, shown


def test_an_assistant_with_reports_is_a_finding() -> None:
    chart = chart_with(
        {"id": "ea", "role": "other", "reports_to": "hop", "assistant": True},
        {"id": "pm-1", "role": "pm", "reports_to": "ea"},
        {"id": "pm-2", "role": "pm", "reports_to": "ea"},
    )
    (finding,) = [
        f for f in orgroles.validate(chart).findings if f.code == "assistant-with-reports"
    ]
    assert finding.positions == ("ea", "pm-1", "pm-2")


@given(st.lists(st.text(max_size=6), max_size=30, unique=True))
def test_look_alike_groups_are_exactly_the_ids_sharing_a_key(ids: list[str]) -> None:
    groups = lookalike_groups(ids)
    grouped = [i for group in groups for i in group]
    assert len(grouped) == len(set(grouped))
    for group in groups:
        assert len({lookalike_key(ids[i]) for i in group}) == 1
    keys = [lookalike_key(i) for i in ids]
    alone = set(range(len(ids))) - set(grouped)
    assert all(keys.count(keys[i]) == 1 for i in alone)


# -- invisible characters shown escaped -------------------------------------------------------

HOSTILE = "Ann\u202eexe.gpj\u200b\ufeff\x1b[31m"


@pytest.fixture
def hostile() -> orgroles.OrgChart:
    return chart_with(
        {"id": "pm-1", "role": "pm", "reports_to": "hop", "name": HOSTILE, "unit": HOSTILE}
    )


@pytest.mark.parametrize("render", ["text", "mermaid", "dot"])
def test_bidi_zero_width_bom_and_ansi_are_escaped_in_every_text_output(
    hostile: orgroles.OrgChart, render: str
) -> None:
    output = {
        "text": lambda: orgroles.to_text(hostile),
        "mermaid": lambda: orgroles.to_mermaid(hostile),
        "dot": lambda: str(orgroles.to_dot(hostile)),
    }[render]()
    for raw in ("\u202e", "\u200b", "\ufeff", "\x1b"):
        assert raw not in output
    assert "202e" in output


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_bidi_and_invisible_characters_are_escaped_in_svg_and_html(
    hostile: orgroles.OrgChart, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"chart{suffix}"
    orgroles.render(hostile, out, title=HOSTILE)
    drawn = out.read_text(encoding="utf-8")
    for raw in ("\u202e", "\u200b", "\ufeff", "\x1b"):
        assert raw not in drawn


def test_terminal_output_carries_no_escape_sequence_from_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(
        "id,manager,title,\x1b[31mred\x1b[0m\nceo,,CEO,x\npm\u202e1,ceo,PM,y\n", encoding="utf-8"
    )
    org = tmp_path / "org.yaml"
    assert main(["import", str(export), "-o", str(org)]) == 0
    assert main(["show", str(org)]) == 0
    main(["validate", str(org), "--variant", "startup"])
    out, err = capsys.readouterr()
    for raw in ("\x1b", "\u202e"):
        assert raw not in out
        assert raw not in err
    assert "\\u202e" in out + err


def test_ascii_ids_of_one_case_are_answered_without_keys() -> None:
    # The whole-company shortcut: one case, so lowercasing cannot make two ids meet.
    assert lookalike_groups([f"E{n:07d}" for n in range(1000)]) == []
    assert lookalike_groups(["pm-1", "pm-2", "ceo"]) == []
    assert lookalike_groups(["E1", "e1", "E2"]) == [[0, 1]]
