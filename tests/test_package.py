"""The package's face: public names, version, and what importing it costs."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import orgroles

ROOT = Path(__file__).resolve().parents[1]


def test_all_lists_exactly_the_public_names() -> None:
    exports = orgroles._EXPORTS
    assert sorted(orgroles.__all__) == sorted({*exports, "__version__"})
    assert len(set(orgroles.__all__)) == len(orgroles.__all__), "a name is listed twice"
    for name, module in exports.items():
        # Each loads on first use, as the very object its private module defines.
        assert getattr(orgroles, name) is getattr(importlib.import_module(module), name)
    public = {name for name in vars(orgroles) if not name.startswith("_")}
    modules = {name for name in public if isinstance(getattr(orgroles, name), ModuleType)}
    assert public - modules <= set(orgroles.__all__)


def test_no_public_module_is_shadowed_by_a_public_name() -> None:
    # `import orgroles.render as r` must not give a function in one place and a package in
    # another: a public name is never also a module of the package.
    for name in orgroles.__all__:
        assert importlib.util.find_spec(f"orgroles.{name}") is None, name


def test_a_missing_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'OrgChrat'"):
        orgroles.OrgChrat  # noqa: B018  # the lookup is the test


def test_import_loads_no_implementation_module() -> None:
    code = "import sys, orgroles; print(sorted(m for m in sys.modules if m.startswith('orgroles')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "['orgroles', 'orgroles._display', 'orgroles._version']"


def test_every_public_name_is_documented() -> None:
    for name in orgroles.__all__:
        obj = getattr(orgroles, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_version_is_the_packaged_one() -> None:
    from importlib.metadata import version

    assert orgroles.__version__ == version("orgroles")
    assert "version" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dynamic"]


def test_import_is_light() -> None:
    # networkx, Graphviz, hypothesis and pytest load only when a feature needs them; the
    # optional dataframe and array libraries only on the bulk import path.
    code = (
        "import sys, orgroles\n"
        "heavy = ['pygraphviz', 'graphviz', 'networkx', 'hypothesis', 'pytest',\n"
        "         'polars', 'numpy', 'pandas', 'pyarrow']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_py_typed_marker_ships() -> None:
    assert (Path(orgroles.__file__).parent / "py.typed").exists()


def _imports_of(path: Path, package: Path) -> list[tuple[str, bool]]:
    """The orgroles modules a source file imports, each with whether the import is lazy.

    Lazy means inside a function. Imports under ``if TYPE_CHECKING:`` never run and are left
    out. ``from orgroles.a import b`` names the module ``orgroles.a.b`` when that is a module.
    """

    def module_exists(name: str) -> bool:
        relative = Path(*name.split(".")[1:])
        return (package / relative).with_suffix(".py").exists() or (package / relative).is_dir()

    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, *, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, lazy) for a in child.names if a.name.startswith("orgroles"))
            elif isinstance(child, ast.ImportFrom) and (child.module or "").startswith("orgroles"):
                base = child.module or ""
                for alias in child.names:
                    name = f"{base}.{alias.name}"
                    found.append((name if module_exists(name) else base, lazy))
            inner = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, lazy=lazy or inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), lazy=False)
    return found


def test_no_lazy_import_only_breaks_a_cycle() -> None:
    # A lazy import is fine to keep a heavy dependency off `import orgroles`; one that exists
    # because the imported module (directly or not) imports the importer hides a cycle that the
    # layers should have removed. import-linter sees lazy imports too; this also catches a
    # module that imports its own package's facade.
    package = Path(orgroles.__file__).parent
    edges: dict[str, list[tuple[str, bool]]] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        edges[name] = _imports_of(path, package)

    def path_between(start: str, goal: str) -> list[str] | None:
        seen, todo = {start}, [[start]]
        while todo:
            trail = todo.pop()
            if trail[-1] == goal:
                return trail
            for target, _lazy in edges.get(trail[-1], []):
                if target not in seen:
                    seen.add(target)
                    todo.append([*trail, target])
        return None

    cycles = []
    for importer, imports in edges.items():
        for imported, lazy in imports:
            back = path_between(imported, importer) if lazy else None
            if back:
                cycles.append(" -> ".join([importer, *back]))
    assert cycles == []


def test_every_suppression_says_why() -> None:
    # An ignore carries its reason on the same line (STYLE 10), after the directive.
    directive = re.compile(r"#\s*(noqa\b|type:\s*ignore)[^#]*(#\s*\S)?")
    silent = []
    for folder in ("src", "tests", "examples", "benchmarks", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found = directive.search(line)
                if found and not found.group(2):
                    silent.append(f"{path.relative_to(ROOT)}:{number}")
    assert silent == []


def test_the_chart_module_stays_its_core() -> None:
    # Issue 10: the chart is its edits and queries; conversions, storage and display live
    # beside it. A chart.py growing past 500 lines is the sign that something moved back in.
    lines = (ROOT / "src" / "orgroles" / "chart.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 500
