"""Escaping user text for every output format; the only place user text becomes markup.

Each function takes arbitrary text (names, titles, units, ids) and returns a string that the
target format reads back as exactly that text: no markup, no entity, no escape sequence and
no structure (a quote, a bracket, a newline, ``end``, ``%%``) survives as syntax.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["MAX_DRAWN", "cut", "graphviz_html", "mermaid", "visible", "wrap"]

# Control characters, C1 controls, line/paragraph separators: shown as escapes, never obeyed.
# So are the invisible characters that change what text looks like without showing: bidi
# controls (U+202E makes "gpj.exe" read "exe.jpg"), zero-width spaces, word joiners and BOMs.
# (ZWJ and ZWNJ, U+200C/D, stay: emoji sequences and Persian or Indic words need them.)
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff]"
)
# A lone surrogate cannot be encoded as UTF-8; it becomes the replacement character.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Graphviz HTML text: the five XML specials plus the backslash. Graphviz expands escapes like
# \N (the node's name), \G (the graph's) and \E even in HTML-like labels, after it decodes
# entities, so a backslash is written doubled (its escape for one literal backslash).
_GRAPHVIZ_HTML = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;&#92;",
}
_GRAPHVIZ_HTML_RE = re.compile(r"[&<>\"'\\]")
# Mermaid: everything but letters, digits, space and a few inert marks becomes a #code; entity.
_MERMAID_SAFE = re.compile(r"[^\w .,()/'-]|_", re.UNICODE)


def visible(text: str) -> str:
    r"""Text on one line: control and invisible characters shown as escapes, no lone surrogates.

    Control characters (ANSI escape sequences too), bidi controls, zero-width spaces and BOMs
    are written as ``\n``-style escapes, so what is shown is what the text holds.

    Examples:
        >>> visible("a\nb"), visible("\x1b[31mred"), visible("gpj\u202eexe")
        ('a\\nb', '\\x1b[31mred', 'gpj\\u202eexe')
    """
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


MAX_DRAWN = 300
"""The most characters of one text a drawing shows (a title, a name, a unit, a caption):
Graphviz refuses labels of some thousands of characters, and no box is read past a few lines."""


def cut(text: str, limit: int = MAX_DRAWN) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when anything was cut.

    Examples:
        >>> cut("Director of Product", 10), cut("PM", 10)
        ('Director …', 'PM')
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int) -> list[str]:
    """Break visible text into lines of about ``width`` characters, at spaces.

    A word up to half as long again as ``width`` stays whole on a line of its own: cut
    anywhere, "Administration" read "Administra / tion" in a narrow box. A longer word is
    cut into pieces ending in a hyphen.

    Examples:
        >>> wrap("Director of Product, Payments and Risk", 24)
        ['Director of Product,', 'Payments and Risk']
        >>> wrap("Administration Vice President", 10)
        ['Administration', 'Vice', 'President']
        >>> wrap("Softwareentwicklungsleiterin", 10)
        ['Softwar-', 'eentwic-', 'klungsl-', 'eiterin']
    """
    shown = cut(visible(text))
    if 0 < len(shown) <= width and not shown[-1].isspace():
        return [shown]  # what textwrap returns for a line that fits, without its cost
    lines = textwrap.wrap(shown, width=width, break_long_words=False, break_on_hyphens=False)
    longest = width + width // 2
    if any(len(line) > longest for line in lines):
        # Only a word longer than the width has a line to itself that is longer.
        lines = [part for line in lines for part in _cut_word(line, width, longest)]
    return lines or [shown]


def _cut_word(word: str, width: int, longest: int) -> list[str]:
    """``word`` whole when it is at most ``longest`` long, else in even pieces ending in "-"."""
    if len(word) <= longest:
        return [word]
    count = -(-len(word) // max(width - 1, 1))  # pieces of at most width - 1, and a hyphen
    size = -(-len(word) // count)
    pieces = [word[i : i + size] for i in range(0, len(word), size)]
    return [piece + "-" for piece in pieces[:-1]] + pieces[-1:]


def graphviz_html(text: str) -> str:
    r"""User text as the content of a Graphviz HTML-like label: every special as a reference.

    Text longer than :data:`MAX_DRAWN` characters is cut there, with an ellipsis.

    Examples:
        >>> graphviz_html('"]; x [label="pwned <b>\\')
        '&quot;]; x [label=&quot;pwned &lt;b&gt;&#92;&#92;'
    """
    return _GRAPHVIZ_HTML_RE.sub(lambda m: _GRAPHVIZ_HTML[m.group()], cut(visible(text)))


def mermaid(text: str) -> str:
    """User text for a quoted Mermaid label, every special character as a ``#<code>;`` entity.

    Anything but letters, digits, space and a few inert marks is encoded, so quotes, brackets,
    ``%%``, ``end`` and HTML stay literal text.

    Examples:
        >>> mermaid('Ann "A" <b>%%')
        'Ann #34;A#34; #60;b#62;#37;#37;'
    """
    return _MERMAID_SAFE.sub(lambda m: f"#{ord(m.group())};", cut(visible(text)))
