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
import math
import re
from collections.abc import Callable
from typing import Any

import yaml
import yaml.constructor
import yaml.nodes
import yaml.resolver

__all__ = [
    "MAX_NUMBER_DIGITS",
    "SURROGATE_ESCAPE",
    "DocPath",
    "DuplicateKeysError",
    "FileSyntaxError",
    "lone_surrogate",
    "parse_json",
    "parse_yaml",
    "too_long_number",
]

DocPath = tuple[str | int, ...]
"""Where a value sits in the document, e.g. ``("positions", 3, "reports_to")``."""


class FileSyntaxError(Exception):
    """A problem with the text itself; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class DuplicateKeysError(FileSyntaxError):
    """Duplicate keys, each a problem of its own; the rest of the document was still read.

    Attributes:
        duplicates: one :class:`FileSyntaxError` per duplicate key, in file order.
        parsed: ``(value, lines, raw)`` as :func:`parse_yaml` returns them, each duplicate's
            first value kept, so callers can go on and report every other problem too.
    """

    def __init__(
        self,
        duplicates: list[FileSyntaxError],
        parsed: tuple[Any, dict[DocPath, int], dict[DocPath, str]],
    ) -> None:
        first = duplicates[0]
        super().__init__(first.message, first.line, first.hint)
        self.duplicates = duplicates
        self.parsed = parsed


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

try:  # libyaml reads large files several times faster; the pure-Python parser is the fallback.
    from yaml._yaml import CParser as _Parser

    class _Loader(_Parser, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - every PyYAML wheel ships libyaml

    class _Loader(  # type: ignore[no-redef]  # the pure-Python twin of the one above
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


_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")
"""A JSON or YAML escape of a UTF-16 surrogate: where a lone one may hide."""
_SURROGATE_HINT = "write the character itself, or both halves of its UTF-16 pair (\\ud83d\\ude00)"


def lone_surrogate(text: str) -> str | None:
    r"""Why ``text`` is refused, when it holds half of a UTF-16 pair (no file could hold it).

    Examples:
        >>> lone_surrogate("ok") is None, lone_surrogate("a\udfff")
        (True, 'a lone surrogate \\udfff (half of a UTF-16 pair) is not text')
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"a lone surrogate \\u{ord(found.group()):04x} (half of a UTF-16 pair) is not text"


MAX_NUMBER_DIGITS = 100
"""The longest number a document may write: longer is no count, threshold or id anyone means,
and Python refuses to read integers of over 4,300 digits anyway."""


def too_long_number(written: str) -> str | None:
    """Why a number written this way is refused, or ``None``: at most :data:`MAX_NUMBER_DIGITS`.

    Examples:
        >>> too_long_number("42") is None
        True
        >>> too_long_number("1" * 5000)
        'a number of 5,000 digits is too long (at most 100); quote it to keep it as text'
    """
    digits = sum(char.isdigit() for char in written)
    if digits <= MAX_NUMBER_DIGITS:
        return None
    return (
        f"a number of {digits:,} digits is too long (at most {MAX_NUMBER_DIGITS}); "
        "quote it to keep it as text"
    )


def _scalar(node: yaml.nodes.ScalarNode, line: int) -> Any:
    tag, text = node.tag, node.value
    if tag == _STR:
        if (lone := lone_surrogate(text)) is not None:
            raise FileSyntaxError(lone, line, _SURROGATE_HINT)
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    refused = too_long_number(text)
    if refused is not None:
        raise FileSyntaxError(refused, line)
    try:
        if tag == "tag:yaml.org,2002:int":
            return int(text)
        value = float(text)
    except ValueError:
        raise FileSyntaxError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}", line) from None
    if not math.isfinite(value):
        raise FileSyntaxError(f"{text!r} is not a finite number", line)
    return value


def parse_yaml(text: str) -> tuple[Any, dict[DocPath, int], dict[DocPath, str]]:
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
        elif "maximum nesting depth" in message:  # libyaml's own limit
            message = "nested too deeply"
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
        value = converter.convert(root, ())
    except RecursionError:
        raise FileSyntaxError("invalid YAML: nested too deeply", None) from None
    if converter.duplicates:
        raise DuplicateKeysError(converter.duplicates, (value, converter.lines, converter.raw))
    return value, converter.lines, converter.raw


class _Converter:
    """Turns composed YAML nodes into plain values, recording lines and raw scalar text."""

    def __init__(self) -> None:
        self.lines: dict[DocPath, int] = {}
        self.raw: dict[DocPath, str] = {}
        self.seen: set[int] = set()
        self.duplicates: list[FileSyntaxError] = []

    def convert(self, node: yaml.nodes.Node, path: DocPath) -> Any:
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
            if node.tag != _STR and not node.style and value is not None:  # plain: None or ''
                self.raw[path] = node.value
            return value
        if isinstance(node, yaml.nodes.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.convert_mapping(node, path)

    def convert_mapping(self, node: yaml.nodes.Node, path: DocPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.nodes.ScalarNode):
                raise FileSyntaxError("mapping keys must be plain text", key_line)
            if key_node.value == "<<" and not key_node.style:  # a quoted "<<" is a plain key
                raise FileSyntaxError("YAML merge keys (<<) are not supported", key_line)
            key = key_node.value  # keys are always text: `1:` and `yes:` stay "1" and "yes"
            if key in mapping:
                # Not fatal: the first value stays, and reading goes on so that every other
                # problem of the file is reported in the same run.
                first = self.lines[(*path, key)]
                self.duplicates.append(
                    FileSyntaxError(
                        f"duplicate key {key!r} (first on line {first})",
                        key_line,
                        "remove one of them; a later key would silently overwrite the first",
                    )
                )
                continue
            mapping[key] = self.convert(value_node, (*path, key))
            self.lines[(*path, key)] = key_line
        return mapping


# -- JSON ------------------------------------------------------------------------------------


def parse_json(text: str) -> tuple[Any, dict[DocPath, int]]:
    r"""Parse JSON into plain values and the line where each object starts.

    Duplicate keys and the non-standard ``NaN``/``Infinity`` are refused. Any nesting depth is
    read (an explicit stack, no recursion).

    Examples:
        >>> value, lines = parse_json('{"positions": [\n  {"id": "a"}\n]}')
        >>> value["positions"], lines[("positions", 0)]
        ([{'id': 'a'}], 2)
    """
    # Each value's path is kept with its line, so the map grows with the square of the depth;
    # org files are a few levels deep, and a hostile one gets a clear error instead.
    value, object_lines = load_json(text, max_depth=_MAX_ORG_FILE_DEPTH)
    lines: dict[DocPath, int] = {}
    stack: list[tuple[Any, DocPath, int]] = [(value, (), 1)]
    while stack:
        item, path, inherited = stack.pop()
        line = object_lines.get(id(item), inherited)
        lines[path] = line
        if isinstance(item, dict):
            stack.extend(((child, (*path, key), line) for key, child in item.items()))
        elif isinstance(item, list):
            stack.extend(((child, (*path, index), line) for index, child in enumerate(item)))
    return value, lines


_MAX_ORG_FILE_DEPTH = 200
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_JSON_WORDS = {"true": True, "false": False, "null": None}
_DUPLICATE_HINT = "remove one of them; a later key would silently overwrite the first"


def load_json(text: str, *, max_depth: int | None = None) -> tuple[Any, dict[int, int]]:
    r"""Parse JSON with an explicit stack: any depth, duplicate keys and ``NaN`` refused.

    The standard library's parser recurses once per nesting level, so a tree nested a few
    hundred levels deep (a nested org-chart export of a long chain) overflows it.

    Args:
        text: the JSON text.
        max_depth: refuse objects and arrays nested deeper than this (``None``: no limit).

    Returns:
        ``(value, object_lines)``: ``object_lines`` maps ``id()`` of every parsed object (dict)
        to the 1-based line where it starts.

    Raises:
        FileSyntaxError: invalid JSON, a duplicate key or a non-finite number, with its line.

    Examples:
        >>> value, _ = load_json("[" * 5000 + "]" * 5000)
        >>> load_json('{"a": 1, "a": 2}')
        Traceback (most recent call last):
        ...
        orgroles._yamljson.FileSyntaxError: duplicate key 'a'
    """
    return _JsonParser(text, max_depth).parse()


class _JsonParser:
    """The state of one :func:`load_json` run."""

    def __init__(self, text: str, max_depth: int | None) -> None:
        self.text = text
        self.max_depth = max_depth
        # Found by the regex engine: a loop over every character costs seconds on a deeply
        # indented export of tens of megabytes (a nested chain), where lines are few but long.
        self.newlines = [match.start() for match in _NEWLINE.finditer(text)]
        # Decoded text holds no surrogate; only a \uD800-\uDFFF escape can make one.
        self.escapes_surrogates = SURROGATE_ESCAPE.search(text) is not None
        self.object_lines: dict[int, int] = {}
        # Open containers, each with the key its next value goes under (objects) and where
        # that key starts (for a duplicate's line).
        self.stack: list[tuple[dict[str, Any] | list[Any], str, int]] = []

    def line_at(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def fail(
        self, message: str, offset: int, hint: str | None = None, *, column: bool = True
    ) -> FileSyntaxError:
        line = self.line_at(offset)
        start = self.newlines[line - 2] + 1 if line > 1 else 0
        where = f" (column {offset - start + 1})" if column else ""
        return FileSyntaxError(message + where, line, hint)

    def space(self, pos: int) -> int:
        return _JSON_SPACE.match(self.text, pos).end()  # type: ignore[union-attr]  # matches ""

    def string(self, pos: int) -> tuple[str, int]:
        try:
            scan = json.decoder.scanstring  # type: ignore[attr-defined]  # public, missing from typeshed
            value, end = scan(self.text, pos + 1, True)
        except json.JSONDecodeError as error:
            raise self.fail(f"invalid JSON: {error.msg}", error.pos) from None
        if self.escapes_surrogates and (lone := lone_surrogate(value)) is not None:
            raise self.fail(f"invalid JSON: {lone}", pos, _SURROGATE_HINT)
        return str(value), int(end)

    def key(self, pos: int) -> tuple[str, int, int]:
        """The key at or after ``pos``, where it starts, and the offset after its ``:``."""
        start = self.space(pos)
        if not self.text.startswith('"', start):
            raise self.fail(
                "invalid JSON: Expecting property name enclosed in double quotes", start
            )
        key, pos = self.string(start)
        pos = self.space(pos)
        if not self.text.startswith(":", pos):
            raise self.fail("invalid JSON: Expecting ':' delimiter", pos)
        return key, start, pos + 1

    def scalar(self, pos: int) -> tuple[Any, int]:
        """A string, number, ``true``, ``false`` or ``null`` starting at ``pos``."""
        text = self.text
        if text.startswith('"', pos):
            return self.string(pos)
        number = _JSON_NUMBER.match(text, pos)
        if number is not None:
            written = number.group()
            refused = too_long_number(written)
            if refused is not None:
                raise self.fail(f"invalid JSON: {refused}", pos, column=False)
            if not (number.group(1) or number.group(2)):
                return int(written), number.end()
            value = float(written)
            if not math.isfinite(value):
                message = f"invalid JSON: {written} is too large for a number"
                raise self.fail(message, pos, column=False)
            return value, number.end()
        for word, constant_value in _JSON_WORDS.items():
            if text.startswith(word, pos):
                return constant_value, pos + len(word)
        for constant in ("NaN", "Infinity"):
            if text.startswith(constant, pos):
                message = f"invalid JSON: {constant} is not valid JSON; write a number or text"
                raise self.fail(message, pos, column=False)
        raise self.fail("invalid JSON: Expecting value", pos)

    def open(self, pos: int) -> tuple[Any, int, bool]:
        """The value at ``pos`` as ``(value, end, complete)``; a container is pushed instead."""
        char = self.text[pos : pos + 1]
        if char not in ("{", "["):
            value, end = self.scalar(pos)
            return value, end, True
        if self.max_depth is not None and len(self.stack) >= self.max_depth:
            raise self.fail("invalid JSON: nested too deeply", pos, column=False)
        after = self.space(pos + 1)
        if char == "[":
            if self.text.startswith("]", after):
                return [], after + 1, True
            self.stack.append(([], "", pos))
            return None, pos + 1, False
        obj: dict[str, Any] = {}
        self.object_lines[id(obj)] = self.line_at(pos)
        if self.text.startswith("}", after):
            return obj, after + 1, True
        key, key_pos, end = self.key(after)
        self.stack.append((obj, key, key_pos))
        return None, end, False

    def parse(self) -> tuple[Any, dict[int, int]]:
        stack = self.stack
        pos = 0
        while True:
            value, pos, complete = self.open(self.space(pos))
            if not complete:
                continue
            # Attach the value, closing every container it completes.
            while True:
                pos = self.space(pos)
                if not stack:
                    if pos != len(self.text):
                        raise self.fail("invalid JSON: Extra data", pos)
                    return value, self.object_lines
                container, key, key_pos = stack[-1]
                if isinstance(container, dict):
                    if key in container:
                        message = f"duplicate key {key!r}"
                        raise self.fail(message, key_pos, _DUPLICATE_HINT, column=False)
                    container[key] = value
                else:
                    container.append(value)
                pos = self.space(pos)
                char = self.text[pos : pos + 1]
                if char == ",":
                    if isinstance(container, dict):
                        key, key_pos, pos = self.key(pos + 1)
                        stack[-1] = (container, key, key_pos)
                    else:
                        pos += 1
                    break
                if char != ("}" if isinstance(container, dict) else "]"):
                    raise self.fail("invalid JSON: Expecting ',' delimiter", pos)
                stack.pop()
                value, pos = container, pos + 1


def line_of(lines: dict[DocPath, int], path: DocPath) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


LineLookup = Callable[[DocPath], int | None]
