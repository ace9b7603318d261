"""The package's face: public names, version, and what importing it costs."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import orgroles

ROOT = Path(__file__).resolve().parents[1]


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(orgroles) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(orgroles, name)).__name__ == "module"}
    assert sorted(orgroles.__all__) == sorted((public - modules) | {"__version__"})
    assert len(set(orgroles.__all__)) == len(orgroles.__all__), "a name is listed twice"


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
    # networkx, Graphviz, hypothesis and pytest load only when a feature needs them.
    code = (
        "import sys, orgroles\n"
        "heavy = ['pygraphviz', 'graphviz', 'networkx', 'hypothesis', 'pytest']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_py_typed_marker_ships() -> None:
    assert (Path(orgroles.__file__).parent / "py.typed").exists()
