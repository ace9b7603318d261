"""docs/install.md works as written: a wheel and a git address install orgroles elsewhere.

orgroles is on no package index, so another repository installs a built wheel or a git address.
These tests do both into a new virtual environment and use the result the way that repository
would: the `orgroles` command and the pytest plugin on ``examples/org-repo``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from orgroles import __version__

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "install.md"
WHEEL = f"orgroles-{__version__}-py3-none-any.whl"


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_page_names_the_wheel_this_version_builds() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert f"dist/{WHEEL}" in text
    assert f'pip install "vendor/{WHEEL}[test]"' in text


def test_the_page_lists_every_extra_a_user_can_ask_for() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    listed = set(re.findall(r"^\| `(\w+)` \|", PAGE.read_text(encoding="utf-8"), re.MULTILINE))
    wanted = set(extras) - {"dev", "docs"}
    assert listed == wanted, f"docs/install.md's table of extras must list exactly {sorted(wanted)}"


def test_the_page_says_how_an_org_repositorys_ci_installs_orgroles() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert '"orgroles[test] @ git+https://<host>/<owner>/orgroles.git@<commit>"' in text
    assert f'pip install "vendor/{WHEEL}[test]"' in text
    assert "make dist" in text
    assert "make dist" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_make_dist_builds_the_wheel_and_the_sdist(tmp_path: Path) -> None:
    # What `make dist` runs, into a folder of the test's own.
    _run(sys.executable, "-m", "build", "--outdir", tmp_path, ROOT)
    assert sorted(p.name for p in tmp_path.iterdir()) == [WHEEL, f"orgroles-{__version__}.tar.gz"]
    assert "python -m build --outdir dist ." in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_wheel_and_a_git_address_install_orgroles_elsewhere(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("the install test needs git and make, which the README's commands need too")
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, ROOT)
    assert [p.name for p in dist.iterdir()] == [WHEEL]

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True, upgrade_deps=True)
    python = environment / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", f"{dist / WHEEL}[test]")
    assert _run(environment / "bin" / "orgroles", "--version").strip().endswith(__version__)

    repository = tmp_path / "org-repo"
    shutil.copytree(ROOT / "examples" / "org-repo", repository)
    assert re.search(r"\b7 passed\b", _run(python, "-m", "pytest", "-q", cwd=repository))

    # The git form builds from the checkout's committed state, exactly as another repository's
    # CI would from its address.
    _run(
        python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
        f"orgroles @ git+file://{ROOT}",
    )  # fmt: skip
    shown = _run(python, "-m", "pip", "show", "-f", "orgroles")
    assert "orgroles/__init__.py" in shown
