"""The org file: YAML and JSON reading, writing, errors with lines, and the JSON Schema."""

from __future__ import annotations

import json
import math
import pathlib
import shlex
import tempfile
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgroles
from interop_charts import rich_charts
from orgroles import OrgChart, OrgFileError, Role, dump, dumps, load, loads
from orgroles._documents import ORG_FILE_HEADER

EXAMPLE = """\
orgroles: 1                 # format version
name: Acme
variant: scaleup            # optional: the variant this org means to follow
positions:
  - id: ceo
    role: ceo
    name: Ada Lovelace
  - id: cpo
    role: cpo
    name: Grace Hopper
    reports_to: ceo
  - id: dir-payments
    role: director
    title: Director of Product, Payments
    name: Lin Wei
    reports_to: cpo
    unit: Payments
  - id: pm-checkout           # no name: a vacancy
    role: pm
    reports_to: dir-payments
    unit: Payments
    dotted_to: [dir-growth]
    attributes: {location: Berlin, cost_center: "0042"}
"""


def problems_of(text: str, *, format: Literal["yaml", "json"] = "yaml") -> list[str]:
    with pytest.raises(OrgFileError) as caught:
        loads(text, format=format, source="org." + format)
    return [str(problem) for problem in caught.value.problems]


class TestReading:
    def test_design_example(self) -> None:
        chart = loads(EXAMPLE)
        assert chart.name == "Acme"
        assert chart.variant == "scaleup"
        checkout = chart["pm-checkout"]
        assert checkout.vacant
        assert checkout.dotted_to == ("dir-growth",)
        assert checkout.attributes == {"location": "Berlin", "cost_center": "0042"}

    @pytest.mark.parametrize(
        ("written", "read"),
        [
            ("0042", "0042"),
            ("42", "42"),
            ("NO", "NO"),
            ("yes", "yes"),
            ("12:30", "12:30"),
            ("true", "true"),
            ("1e5", "1e5"),
            ("1.50", "1.50"),
            ("0x1F", "0x1F"),
            ("~x", "~x"),
        ],
    )
    def test_text_fields_stay_text(self, written: str, read: str) -> None:
        chart = loads(
            f"positions:\n  - id: {written}\n    role: pm\n    name: {written}\n"
            f"    title: {written}\n    reports_to: {written}\n    unit: {written}\n"
            f"    dotted_to: [{written}]\n"
        )
        (position,) = chart
        assert (position.id, position.name, position.title, position.unit) == (read,) * 4
        assert position.reports_to == read
        assert position.dotted_to == (read,)

    @pytest.mark.parametrize("text", ["1e5", "1.5E3", "-2e-3", ".5", "0o17", "0x1F", "1_000"])
    def test_text_that_other_yaml_readers_take_for_a_number_is_written_quoted(
        self, text: str
    ) -> None:
        # YAML 1.2 tools read a plain 1e5 or 0o17 as a number; the file must keep ids text.
        chart = OrgChart([{"id": text, "role": "pm", "name": text, "attributes": {text: text}}])
        written = dumps(chart)
        assert f"id: '{text}'" in written
        assert f"'{text}': '{text}'" in written
        assert loads(written) == chart

    def test_attribute_scalars_follow_json_types(self) -> None:
        chart = loads(
            "positions:\n  - id: a\n    role: pm\n    attributes:\n"
            "      n: 42\n      zero_padded: 0042\n      f: -1.5\n      flag: true\n"
            "      country: NO\n      time: 12:30\n      nothing: null\n      sci: 1e5\n"
            "      1: numeric key\n"
        )
        assert chart["a"].attributes == {
            "n": 42,
            "zero_padded": "0042",
            "f": -1.5,
            "flag": True,
            "country": "NO",
            "time": "12:30",
            "nothing": None,
            "sci": "1e5",
            "1": "numeric key",
        }

    def test_json_reads_the_same_chart(self) -> None:
        chart = loads(EXAMPLE)
        assert loads(dumps(chart, format="json"), format="json") == chart
        assert loads(dumps(chart, format="json")) == chart  # format guessed from the brace

    def test_utf8_bom_and_crlf(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "org.yaml"
        path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.replace("\n", "\r\n").encode())
        assert load(path) == loads(EXAMPLE)

    def test_custom_roles_and_aliases(self) -> None:
        chart = loads(
            "roles:\n  - key: product_owner\n    title: Product Owner\n    track: ic\n"
            "    level: 2\n    aliases: [PO]\naliases:\n  Product Wizard: pm\n"
            "positions:\n  - {id: a, role: product_owner}\n"
        )
        assert chart.role_of("a").title == "Product Owner"
        assert chart.roles.resolve_title("po") == chart.role_of("a")
        resolved = chart.roles.resolve_title("product wizard")
        assert resolved is not None
        assert resolved.key == "pm"
        assert loads(dumps(chart)) == chart

    def test_empty_positions_is_an_empty_chart(self) -> None:
        assert len(loads("positions: []\n")) == 0


class TestErrors:
    def test_all_problems_with_file_line_position_and_field(self) -> None:
        problems = problems_of(
            "orgroles: 1\n"
            "positions:\n"
            "  - id: a\n"
            "    role: directr\n"
            "  - id: a\n"
            "    role: pm\n"
            "  - id: b\n"
            "    role: pm\n"
            "    reports-to: a\n"
        )
        assert problems == [
            "org.yaml:4: position 'a', field 'role': unknown role 'directr' (did you mean "
            "'director' or 'senior_director'? choose from: analyst, apm, ceo, cpo, designer, "
            "director, gpm, head_of_product, other, pm, principal_pm, senior_director, "
            "senior_pm, vp_product) [unknown-role] (hint: use a built-in role key or define the "
            "role under 'roles')",
            "org.yaml:5: position 'a', field 'id': duplicate id (first on line 3) [duplicate-id] "
            "(hint: give every position its own id)",
            "org.yaml:9: position 'b', field 'reports-to': unknown field 'reports-to' (did you "
            "mean 'reports_to'? choose from: assistant, attributes, dotted_to, id, name, "
            "reports_to, role, title, unit); put extra data under 'attributes'",
        ]

    def test_error_message_lists_every_problem(self) -> None:
        with pytest.raises(OrgFileError) as caught:
            loads("positions:\n  - {id: a}\n  - {role: pm}\n", source="team.yaml")
        text = str(caught.value)
        assert text.splitlines() == [
            "cannot read team.yaml: 2 problems",
            "  team.yaml:2: position 'a', field 'role': required field is missing",
            "  team.yaml:3: row 2, field 'id': required field is missing",
        ]
        assert isinstance(caught.value, ValueError)

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            (
                "positions: []\npositions: []\n",
                "org.yaml:2: duplicate key 'positions' (first on line 1)",
            ),
            ("positions:\n  - id: a\n    id: b\n    role: pm\n", "org.yaml:3: duplicate key 'id'"),
            ("positions: !!python/object/apply:os.system [ls]\n", "tag"),
            ("a: &x [1]\nb: *x\npositions: []\n", "aliases"),
            ("<<: {}\npositions: []\n", "merge keys"),
            ("positions: [\n", "invalid YAML"),
            ("positions: []\n---\npositions: []\n", "one YAML document"),
            ("", "empty"),
            ("- a\n", "is a list"),
            ("name: x\n", "no 'positions' list"),
            ("positions: {a: 1}\n", "'positions' must be a list"),
            ("positions:\n  - just text\n", "expected a Position or a mapping"),
            ("orgroles: 2\npositions: []\n", "format version 2 is not supported"),
            ("positons: []\n", "did you mean 'positions'"),
            ("name: [x]\npositions: []\n", "'name' must be text"),
            ("aliases: {PO: wizard}\npositions: []\n", "unknown role 'wizard'"),
            ("roles: [{key: x}]\npositions: []\n", "role 'x', field 'title'"),
            (
                "positions:\n  - {id: a, role: pm, attributes: {x: 1.0e+999}}\n",
                "not a finite number",
            ),
        ],
    )
    def test_bad_yaml(self, text: str, fragment: str) -> None:
        assert fragment in "\n".join(problems_of(text))

    def test_alias_bomb_is_refused_quickly(self) -> None:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        )
        assert "aliases" in "\n".join(problems_of(bomb + "positions: []\n"))

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            (
                '{"positions": [\n {"id": "a", "role": "pm", "id": "b"}]}',
                "org.json:2: duplicate key 'id'",
            ),
            (
                '{"positions": [\n {"id": "a", "role": "pm"},\n {"id": 3, "role": "pm"}]}',
                "org.json:3: row 2, field 'id': Input should be a valid string, got 3",
            ),
            ('{"positions": [NaN]}', "NaN is not valid JSON"),
            ('{"positions": [1e999]}', "too large"),
            ('{"positions": [}', "invalid JSON"),
        ],
    )
    def test_bad_json(self, text: str, fragment: str) -> None:
        assert fragment in "\n".join(problems_of(text, format="json"))

    @pytest.mark.parametrize("format", ["json", "yaml"])
    def test_hostile_nesting_is_an_error_not_a_crash(self, format: Literal["yaml", "json"]) -> None:
        deep = '{"positions": ' + "[" * 100_000 + "]" * 100_000 + "}"
        assert "nested too deeply" in "\n".join(problems_of(deep, format=format))

    def test_not_utf8(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "org.yaml"
        path.write_bytes(b"positions:\n  - id: caf\xe9\n    role: pm\n")
        with pytest.raises(OrgFileError, match=r"org.yaml:2: not UTF-8 text \(byte 0xe9\)"):
            load(path)

    @pytest.mark.parametrize(
        ("name", "data", "reader"),
        [
            ("hr export.csv", b"id,parentId,title\n1,,CEO\n", "read_csv"),
            ("hr.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x82", "read_excel"),
        ],
    )
    def test_an_hr_export_given_as_an_org_file_names_the_import(
        self, tmp_path: pathlib.Path, name: str, data: bytes, reader: str
    ) -> None:
        # Read as YAML these were "a str" and "not UTF-8 text (hint: save the file as UTF-8)".
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(OrgFileError) as caught:
            load(path)
        (problem,) = caught.value.problems
        assert problem.message.endswith(
            "is an HR export or a spreadsheet, not an org file (YAML or JSON)"
        )
        command = f"orgroles import {shlex.quote(str(path))} -o org.yaml"  # a space is quoted
        assert problem.hint == (
            f"import it into an org file: `{command}`, or orgroles.{reader}() in Python"
        )

    def test_missing_file_is_an_os_error(self, tmp_path: pathlib.Path) -> None:
        with pytest.raises(FileNotFoundError):
            load(tmp_path / "nope.yaml")


class TestWriting:
    def test_dump_is_deterministic_and_readable(self) -> None:
        chart = loads(EXAMPLE)
        text = dumps(chart)
        assert text == dumps(loads(text))
        assert text.startswith(
            f"{ORG_FILE_HEADER}\norgroles: 1\nname: Acme\nvariant: scaleup\npositions:\n"
            "  - id: ceo\n"
        )
        assert text.endswith("\n# end of org file (4 positions)\n")
        assert "cost_center: '0042'" in text

    def test_dump_chooses_format_from_suffix(self, tmp_path: pathlib.Path) -> None:
        chart = loads(EXAMPLE)
        dump(chart, tmp_path / "org.json")
        dump(chart, tmp_path / "org.yml")
        assert json.loads((tmp_path / "org.json").read_text())["positions"][0]["id"] == "ceo"
        assert (tmp_path / "org.yml").read_text().startswith(f"{ORG_FILE_HEADER}\norgroles: 1\n")
        assert load(tmp_path / "org.json") == load(tmp_path / "org.yml") == chart

    def test_schema_descriptions_read_well_in_an_editor(self) -> None:
        descriptions: list[str] = []

        def collect(node: object) -> None:
            if isinstance(node, dict):
                descriptions.extend(v for k, v in node.items() if k == "description")
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for item in node:
                    collect(item)

        collect(orgroles.json_schema())
        assert len(descriptions) > 10
        for text in descriptions:
            assert ">>>" not in text
            assert "``" not in text
            assert ":meth:`" not in text
        assert any('`"0042"` stays `"0042"`' in text for text in descriptions)

    def test_schema_shipped_copy_is_current(self) -> None:
        shipped = pathlib.Path(orgroles.__file__).with_name("org-file.schema.json")
        assert json.loads(shipped.read_text(encoding="utf-8")) == orgroles.json_schema(), (
            "regenerate with: orgroles schema > src/orgroles/org-file.schema.json"
        )

    def test_schema_describes_the_file(self) -> None:
        schema = orgroles.json_schema()
        position = schema["$defs"]["Position"]
        assert set(position["properties"]) == {
            "id",
            "role",
            "title",
            "name",
            "reports_to",
            "dotted_to",
            "unit",
            "assistant",
            "attributes",
        }
        assert position["additionalProperties"] is False


# -- round-trip properties -----------------------------------------------------------------

text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=12,
)
ids = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=8
).filter(lambda s: s == s.strip())
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
role_keys = st.sampled_from([role.key for role in orgroles.roles()])


@st.composite
def charts(draw: st.DrawFn) -> OrgChart:
    """Arbitrary charts, broken structures included: the file must keep whatever it is given."""
    position_ids = draw(st.lists(ids, unique=True, max_size=8))
    targets = st.sampled_from([*position_ids, "missing"])
    custom = draw(st.booleans())
    records: list[dict[str, Any]] = []
    for position_id in position_ids:
        record: dict[str, Any] = {"id": position_id, "role": draw(role_keys)}
        if custom and draw(st.booleans()):
            record["role"] = "product_owner"
        for field in ("title", "name", "unit"):
            if draw(st.booleans()):
                record[field] = draw(text)
        if draw(st.booleans()):
            record["reports_to"] = draw(targets)
        record["dotted_to"] = draw(st.lists(targets, unique=True, max_size=2))
        record["assistant"] = draw(st.booleans())
        record["attributes"] = draw(st.dictionaries(text, json_values, max_size=3))
        records.append(record)
    roles = (
        [Role(key="product_owner", title="Product Owner", track="ic", level=2)] if custom else []
    )
    return OrgChart(
        records,
        name=draw(st.none() | text),
        variant=draw(st.none() | st.sampled_from(["startup", "scaleup"])),
        roles=roles,
        attributes=draw(st.dictionaries(text, json_values, max_size=2)),
    )


def same_values(a: Any, b: Any) -> bool:
    """Equality that also tells 1 from 1.0 from True: a round trip must keep the type."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_values(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same_values, a, b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(chart=charts(), format=st.sampled_from(["yaml", "json"]))
def test_round_trip_loses_nothing(chart: OrgChart, format: Literal["yaml", "json"]) -> None:
    text = dumps(chart, format=format)
    again = loads(text, format=format)
    assert again == chart
    assert dumps(again, format=format) == text
    for before, after in zip(chart, again, strict=True):
        assert same_values(before.attributes, after.attributes)


class TestRolesFile:
    def test_roles_file_extends_the_catalog_for_org_files(self, tmp_path: pathlib.Path) -> None:
        roles_path = tmp_path / "roles.yaml"
        roles_path.write_text(
            "roles:\n  - {key: product_owner, title: Product Owner, track: ic, level: 2}\n"
            "aliases:\n  Product Wizard: pm\n",
            encoding="utf-8",
        )
        catalog = orgroles.load_roles(roles_path)
        org_path = tmp_path / "org.yaml"
        org_path.write_text("positions:\n  - {id: po, role: product_owner}\n", encoding="utf-8")
        with pytest.raises(OrgFileError, match="unknown role 'product_owner'"):
            load(org_path)
        chart = load(org_path, roles=catalog)
        assert chart.role_of("po").title == "Product Owner"
        # The dumped org file carries the roles it uses, so it stands on its own.
        assert load_text(dumps(chart)) == chart

    def test_roles_file_errors_have_lines(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "roles.yaml"
        path.write_text(
            "roles:\n  - {key: po, title: PO, track: icc, level: 2}\npositions: []\n",
            encoding="utf-8",
        )
        with pytest.raises(OrgFileError) as caught:
            orgroles.load_roles(path)
        messages = [str(p) for p in caught.value.problems]
        assert len(messages) == 2
        assert "roles.yaml:2: role 'po', field 'track'" in messages[0]
        assert "roles.yaml:3: unknown key in a roles file 'positions'" in messages[1]


def load_text(text: str) -> OrgChart:
    return loads(text)


def test_roles_written_as_titles_get_the_key_suggested() -> None:
    problems = problems_of(
        "positions:\n"
        "  - {id: ceo, role: CEO}\n"
        "  - {id: hop, role: Head of Product, reports_to: ceo}\n"
        "  - {id: pm, role: product manager, reports_to: hop, dotted_to: ceo}\n"
        "  - {id: x, role: Wizard}\n"
    )
    assert [p.split(": ", 1)[1] for p in problems] == [
        "position 'ceo', field 'role': role 'CEO' is not a role key (lower-case snake_case, "
        "e.g. 'pm'); did you mean 'ceo'?",
        "position 'hop', field 'role': role 'Head of Product' is not a role key (lower-case "
        "snake_case, e.g. 'pm'); did you mean 'head_of_product'?",
        "position 'pm', field 'role': role 'product manager' is not a role key (lower-case "
        "snake_case, e.g. 'pm'); did you mean 'pm'?",
        "position 'pm', field 'dotted_to': dotted_to is a list of position ids, e.g. [ceo]",
        "position 'x', field 'role': role 'Wizard' is not a role key (lower-case snake_case, "
        "e.g. 'pm')",
    ]


def test_duplicate_keys_are_reported_with_every_other_problem() -> None:
    problems = problems_of(
        "positions:\n"
        "  - id: a\n"
        "    role: pm\n"
        "    role: gpm\n"
        "  - {id: b, role: wizard}\n"
        "  - {id: a, role: pm}\n"
    )
    assert [p.split(": ")[0:2] for p in problems] == [
        ["org.yaml:4", "duplicate key 'role' (first on line 3) (hint"],
        ["org.yaml:5", "position 'b', field 'role'"],
        ["org.yaml:6", "position 'a', field 'id'"],
    ]
    assert "org.yaml:6: position 'a', field 'id': duplicate id (first on line 2)" in problems[2]


class TestLoadWithLines:
    """One read of the file gives the chart and where each value was written."""

    @pytest.mark.parametrize(("suffix", "format"), [(".yaml", "yaml"), (".json", "json")])
    def test_the_chart_is_the_one_load_gives_with_the_lines(
        self, tmp_path: pathlib.Path, suffix: str, format: Literal["yaml", "json"]
    ) -> None:
        from orgroles.orgfile import load_with_lines

        path = tmp_path / f"org{suffix}"
        path.write_text(dumps(loads(EXAMPLE), format=format), encoding="utf-8")
        read = load_with_lines(path)
        assert read.chart == load(path)
        assert read.source == str(path)
        assert read.document["variant"] == "scaleup"
        text = path.read_text(encoding="utf-8")
        lines = read.position_lines()
        assert list(lines) == ["ceo", "cpo", "dir-payments", "pm-checkout"]
        # A YAML position starts on its `- id:` line; a JSON one on its opening brace.
        id_line = next(n for n, line in enumerate(text.splitlines(), 1) if "dir-payments" in line)
        assert lines["dir-payments"] == id_line - (format == "json")
        assert read.line("positions", 2, "no_such_field") == lines["dir-payments"]

    def test_the_format_is_told_as_load_tells_it(self, tmp_path: pathlib.Path) -> None:
        from orgroles.orgfile import load_with_lines, loads_with_lines

        path = tmp_path / "org.txt"  # no telling suffix: JSON when it starts with a brace
        path.write_text('{"positions": [{"id": "1.50", "role": "pm"}]}', encoding="utf-8")
        assert load_with_lines(path).position_lines() == {"1.50": 1}
        # A YAML id the reader types as a number keeps the text written, as the chart does.
        read = loads_with_lines("positions:\n  - {id: 1.50, role: pm}\n", source="<stdin>")
        assert (read.source, read.position_lines(), read.chart.ids()) == (
            "<stdin>",
            {"1.50": 2},
            ["1.50"],
        )

    def test_problems_are_those_load_reports(self, tmp_path: pathlib.Path) -> None:
        from orgroles.orgfile import load_with_lines

        path = tmp_path / "org.yaml"
        path.write_text("positions:\n  - {id: a, role: wizard}\n", encoding="utf-8")
        with pytest.raises(OrgFileError) as direct:
            load(path)
        with pytest.raises(OrgFileError) as with_lines:
            load_with_lines(path)
        assert str(with_lines.value) == str(direct.value)


def test_yaml_is_read_by_libyaml_when_the_wheel_has_it() -> None:
    # The pure-Python parser is several times slower on a large org file; falling back to it
    # silently (a wrong import name did, once) must fail here.
    import yaml

    from orgroles import _yamljson

    assert yaml.__with_libyaml__
    assert issubclass(_yamljson._Loader, yaml._yaml.CParser)


@settings(deadline=None, max_examples=60)
@given(rich_charts())
def test_dump_writes_dumps_text_a_position_at_a_time(chart: OrgChart) -> None:
    # dump streams; what it writes is exactly dumps's text, YAML and JSON, whatever the values.
    with tempfile.TemporaryDirectory() as folder:
        for form in ("yaml", "json"):
            path = pathlib.Path(folder) / f"org.{form}"
            dump(chart, path)
            assert path.read_bytes() == dumps(chart, format=form).encode("utf-8")


def test_dump_refuses_an_unknown_format(tmp_path: pathlib.Path) -> None:
    chart = OrgChart([{"id": "a", "role": "ceo"}])
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        dump(chart, tmp_path / "org.xml", format="xml")  # type: ignore[arg-type]  # the wrong format on purpose
    assert not (tmp_path / "org.xml").exists()
