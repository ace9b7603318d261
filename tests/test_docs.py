"""The README's and the docs' code blocks run, so they cannot rot.

Every ```python block of a page runs in order in one namespace, in a fresh temporary directory.
Blocks that are not meant to run use another language tag (```text, ```yaml, ```sh).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


def test_readme_has_a_runnable_quick_start() -> None:
    blocks = python_blocks(ROOT / "README.md")
    assert blocks, "the README's quick start must be a ```python block"
    assert len(blocks[0].strip().splitlines()) <= 15


def test_readme_shows_exactly_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text
    assert "make test" in text
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# Pages whose code draws images with Graphviz, and how long that takes.
_DRAWING = {
    "README.md": [pytest.mark.layout],
    "gallery.md": [pytest.mark.layout, pytest.mark.slow],
    "rendering.md": [pytest.mark.layout, pytest.mark.slow],
    "reorgs.md": [pytest.mark.layout],
}


@pytest.mark.parametrize(
    "page",
    [pytest.param(p, marks=_DRAWING.get(p.name, ())) for p in PAGES if python_blocks(p)],
    ids=lambda p: p.name,
)
def test_code_blocks_run(page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for number, block in enumerate(python_blocks(page), start=1):
            code = compile(block, f"{page.name} block {number}", "exec")
            exec(code, namespace)  # noqa: S102  # running our own documentation is the point
    finally:
        os.chdir(cwd)
    capsys.readouterr()


def test_api_reference_lists_every_public_name() -> None:
    import orgroles

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: orgroles\.(\w+)$", api, re.MULTILINE))
    # Exceptions are documented together through the errors module's tree.
    expected = {
        name
        for name in orgroles.__all__
        if not name.endswith("Error") and name not in {"Problem", "__version__"}
    }
    assert sorted(expected - documented) == []


def test_every_docs_page_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {page.name for page in (ROOT / "docs").glob("*.md")}
    assert sorted(page for page in pages if page not in nav) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_local_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if "://" not in t and not t.startswith("mailto:")]
    missing = [t for t in local if not (page.parent / t).exists()]
    assert missing == []


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_docs_links_stay_inside_the_site(page: Path) -> None:
    # mkdocs only serves docs/; a link that climbs out of it is broken on the built site.
    targets = re.findall(r"\]\(([^)#\s]+)", page.read_text(encoding="utf-8"))
    assert [t for t in targets if t.startswith("../")] == []
