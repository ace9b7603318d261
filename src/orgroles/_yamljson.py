"""Safe, line-aware parsing of org files: YAML and JSON into plain values plus a line map.

This module owns the syntax: what a scalar means, duplicate keys, tags, aliases, and the line of
every value. It knows nothing about positions or charts; ``orgfile`` gives the values meaning.

YAML scalars follow a JSON-compatible schema: a plain scalar is a number only when written as a
canonical number (``42``, ``-1.5``), a boolean only as ``true``/``false``, null only as ``null``,
``~`` or nothing. So ``NO``, ``0042``, ``12:30`` and ``1e5`` stay strings, and where the file
schema wants a string (ids, names...), even ``42`` or ``true`` is read as the text written.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import re
from collections.abc import Callable
from typing import Any

import yaml
import yaml.constructor
import yaml.nodes
import yaml.resolver

__all__ = ["FileSyntaxError", "Path", "parse_json", "parse_yaml"]

Path = tuple[str | int, ...]
"""Where a value sits in the document, e.g. ``("positions", 3, "reports_to")``."""


class FileSyntaxError(Exception):
    """A problem with the text itself; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


# -- YAML ------------------------------------------------------------------------------------


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types, each a strict subset of what PyYAML's dumper quotes.

    Keeping every pattern a subset of the YAML 1.1 patterns the dumper checks is what makes
    ``dump`` then ``load`` lossless: any string that would read back as a number, boolean or null
    is quoted on the way out.
    """


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

try:  # libyaml makes large files several times faster; the pure-Python parser is the fallback.
    from yaml import CParser as _Parser  # type: ignore[attr-defined]

    class _Loader(_Parser, _Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - every PyYAML wheel ships libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)


_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_EXPECTED_TAGS: dict[type, set[str]] = {
    yaml.nodes.ScalarNode: _SCALAR_TAGS,
    yaml.nodes.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.nodes.MappingNode: {"tag:yaml.org,2002:map"},
}


def _scalar(node: yaml.nodes.ScalarNode, line: int) -> Any:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    try:
        if tag == "tag:yaml.org,2002:int":
            return int(text)
        value = float(text)
    except ValueError:
        raise FileSyntaxError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}", line) from None
    if not math.isfinite(value):
        raise FileSyntaxError(f"{text!r} is not a finite number", line)
    return value


def parse_yaml(text: str) -> tuple[Any, dict[Path, int], dict[Path, str]]:
    r"""Parse YAML into plain values, the line of every value, and the raw text of typed scalars.

    Refused: several documents, tags other than the standard scalar/collection ones, anchors and
    aliases (which also stops "billion laughs" bombs), duplicate keys, non-scalar keys.

    Returns:
        ``(value, lines, raw)``: ``lines`` maps each path to its 1-based line; ``raw`` maps the
        path of every plain scalar read as a number or boolean to the text as written, so callers
        can take it as a string where their schema wants one.

    Examples:
        >>> value, lines, raw = parse_yaml("id: 0042\nn: 7\nok: NO\n")
        >>> value, lines[("n",)], raw[("n",)]
        ({'id': '0042', 'n': 7, 'ok': 'NO'}, 2, '7')
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = str(error.problem or error.context or "invalid YAML")
        if "another document" in message or "single document" in message:
            message = "an org file holds one YAML document; remove the '---' separators"
        raise FileSyntaxError(f"invalid YAML: {message}", line) from None
    except yaml.YAMLError as error:
        raise FileSyntaxError(f"invalid YAML: {error}", None) from None
    except RecursionError:
        raise FileSyntaxError("invalid YAML: nested too deeply", None) from None
    finally:
        loader.dispose()
    converter = _Converter()
    if root is None:
        return None, converter.lines, converter.raw
    try:
        return converter.convert(root, ()), converter.lines, converter.raw
    except RecursionError:
        raise FileSyntaxError("invalid YAML: nested too deeply", None) from None


class _Converter:
    """Turns composed YAML nodes into plain values, recording lines and raw scalar text."""

    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.raw: dict[Path, str] = {}
        self.seen: set[int] = set()

    def convert(self, node: yaml.nodes.Node, path: Path) -> Any:
        # Recursion depth equals nesting depth: org files are a few levels deep, and a hostile
        # file nested thousands deep ends as a clear "nested too deeply" error, not a crash.
        line = node.start_mark.line + 1
        self.lines[path] = line
        if id(node) in self.seen:
            raise FileSyntaxError(
                "YAML aliases (*name) are not supported in org files",
                line,
                "write the value out in full",
            )
        self.seen.add(id(node))
        expected = _EXPECTED_TAGS.get(type(node))
        if expected is None or node.tag not in expected:
            raise FileSyntaxError(f"YAML tag {node.tag!r} is not allowed in org files", line)
        if isinstance(node, yaml.nodes.ScalarNode):
            value = _scalar(node, line)
            if node.tag != _STR and node.style is None and value is not None:
                self.raw[path] = node.value
            return value
        if isinstance(node, yaml.nodes.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.convert_mapping(node, path)

    def convert_mapping(self, node: yaml.nodes.Node, path: Path) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.nodes.ScalarNode):
                raise FileSyntaxError("mapping keys must be plain text", key_line)
            if key_node.value == "<<" and key_node.style is None:  # a quoted "<<" is a plain key
                raise FileSyntaxError("YAML merge keys (<<) are not supported", key_line)
            key = key_node.value  # keys are always text: `1:` and `yes:` stay "1" and "yes"
            if key in mapping:
                first = self.lines[(*path, key)]
                raise FileSyntaxError(
                    f"duplicate key {key!r} (first on line {first})",
                    key_line,
                    "remove one of them; a later key would silently overwrite the first",
                )
            mapping[key] = self.convert(value_node, (*path, key))
            self.lines[(*path, key)] = key_line
        return mapping


# -- JSON ------------------------------------------------------------------------------------


def parse_json(text: str) -> tuple[Any, dict[Path, int]]:
    r"""Parse JSON into plain values and the line where each object starts.

    Duplicate keys and the non-standard ``NaN``/``Infinity`` are refused.

    Examples:
        >>> value, lines = parse_json('{"positions": [\n  {"id": "a"}\n]}')
        >>> value["positions"], lines[("positions", 0)]
        ([{'id': 'a'}], 2)
    """
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    object_lines: dict[int, int] = {}
    duplicates: list[str] = []

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def parse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON; write a number or a string")

    def parse_float(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"{text} is too large for a number")
        return value

    decoder = json.JSONDecoder(
        object_pairs_hook=pairs_hook, parse_constant=parse_constant, parse_float=parse_float
    )

    def parse_object(
        state: tuple[str, int], *args: Any
    ) -> tuple[dict[str, Any], int]:  # wraps the stdlib parser to record where each object starts
        _, start = state
        obj, end = json.decoder.JSONObject(state, *args)  # type: ignore[attr-defined]
        if duplicates:
            key = duplicates.pop()
            duplicates.clear()
            raise FileSyntaxError(
                f"duplicate key {key!r}",
                line_at(start),
                "remove one of them; a later key would silently overwrite the first",
            )
        object_lines[id(obj)] = line_at(start)
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as error:
        raise FileSyntaxError(
            f"invalid JSON: {error.msg} (column {error.colno})", error.lineno
        ) from None
    except ValueError as error:
        raise FileSyntaxError(f"invalid JSON: {error}", None) from None
    except RecursionError:
        # The stdlib scanner recurses once per nesting level; org files are a few levels deep.
        raise FileSyntaxError("invalid JSON: nested too deeply", None) from None

    lines: dict[Path, int] = {}

    stack: list[tuple[Any, Path, int]] = [(value, (), 1)]
    # Iterative walk: a deeply nested JSON document must not hit the recursion limit here.
    while stack:
        item, path, inherited = stack.pop()
        line = object_lines.get(id(item), inherited)
        lines[path] = line
        if isinstance(item, dict):
            stack.extend(((child, (*path, key), line) for key, child in item.items()))
        elif isinstance(item, list):
            stack.extend(((child, (*path, index), line) for index, child in enumerate(item)))
    return value, lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


LineLookup = Callable[[Path], int | None]
