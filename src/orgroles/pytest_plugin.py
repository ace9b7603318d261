"""The pytest plugin: ``org_file`` marker, fixtures, chart diffs, ``--orgroles-file`` and baseline.

Registered through the ``pytest11`` entry point, so it loads in every pytest run wherever
orgroles is installed. Loading it costs what ``import orgroles`` costs and no more: no
networkx, Graphviz or hypothesis, and validation only once an org-file item, a fixture or a
chart comparison needs it. The helpers
themselves live in :mod:`orgroles.testing`; this module only wires them into pytest.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from orgroles.chart import OrgChart

__all__ = ["OrgFileItem", "org_chart", "org_chart_factory"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--orgroles-file``/``--orgroles-strict`` and their ini twins."""
    group = parser.getgroup("orgroles", "orgroles: validate org files as tests")
    group.addoption(
        "--orgroles-file",
        action="append",
        default=[],
        dest="orgroles_files",
        metavar="PATH",
        help="validate this org file (YAML or JSON) as a test item; repeatable",
    )
    group.addoption(
        "--orgroles-strict",
        action="store_true",
        default=False,
        dest="orgroles_strict",
        help="org-file items fail on warnings too, not only on errors",
    )
    group.addoption(
        "--orgroles-baseline",
        default=None,
        dest="orgroles_baseline",
        metavar="REV_OR_FILE",
        help="org-file items fail only on findings the file did not have at this git revision "
        "(main, HEAD~1) or in this org file: what got worse",
    )
    parser.addini(
        "orgroles_files",
        type="paths",
        default=[],
        help="org files to validate as test items (like --orgroles-file), relative to this file",
    )
    parser.addini("orgroles_strict", type="bool", default=False, help="like --orgroles-strict")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``org_file`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        "org_file(path): the org file (YAML or JSON) the org_chart fixture loads, "
        "relative to the test file",
    )
    config.addinivalue_line("markers", "orgroles: an org file validated by --orgroles-file")


# -- org files as test items -------------------------------------------------------------------


class OrgFileCheckError(Exception):
    """An org file that cannot be read or does not validate; the message is the whole report."""


class OrgFileItem(pytest.Item):
    """One org file, validated against its variant (the file's ``variant:``, else the best fit).

    It fails on error-level findings (and on warnings with ``--orgroles-strict``), listing them,
    or on a file that cannot be read, listing every problem with its line.
    """

    def __init__(self, *, strict: bool, baseline: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.strict = strict
        self.baseline = baseline
        self.add_marker("orgroles")

    def runtest(self) -> None:
        """Load and validate the file; raise :class:`OrgFileCheckError` with the findings."""
        from orgroles.errors import OrgDataError, OrgRolesError  # noqa: PLC0415  # plugin stays light
        from orgroles.orgfile import load  # noqa: PLC0415  # plugin stays light
        from orgroles.testing import not_valid  # noqa: PLC0415  # plugin stays light
        from orgroles.validation import validate  # noqa: PLC0415  # plugin stays light

        try:
            chart = load(self.path)
        except OrgDataError as error:
            raise OrgFileCheckError(str(error)) from None
        except OSError as error:
            raise OrgFileCheckError(f"cannot read {self.path}: {error.strerror or error}") from None
        try:
            report = validate(chart)
        except OrgRolesError as error:  # an unknown variant name in the file, a bad policy
            raise OrgFileCheckError(f"cannot validate {self.path}: {error}") from None
        if self.baseline is not None:
            self._compare_with_baseline(chart)
            return
        failing = report.failing(strict=self.strict)
        if failing:
            raise OrgFileCheckError(not_valid(self.path.name, report, failing))

    def _compare_with_baseline(self, chart: OrgChart) -> None:
        """Fail on the findings the baseline did not have (errors; warnings too if strict)."""
        from orgroles._diff import diff  # noqa: PLC0415  # plugin stays light
        from orgroles.validation import format_findings  # noqa: PLC0415  # plugin stays light

        assert self.baseline is not None  # noqa: S101  # only called with a baseline
        before = _baseline_chart(self.path, self.baseline)
        result = diff(before, chart)
        summary = result.summary
        severities = ("error", "warning") if self.strict else ("error",)
        worse = [f for f in (summary.introduced if summary else ()) if f.severity in severities]
        if worse:
            count = len(worse)
            raise OrgFileCheckError(
                f"{self.path.name} got worse than {self.baseline} "
                f"(variant {summary.variant if summary else '?'}): {count} new finding"
                f"{'s' if count != 1 else ''}\n{format_findings(worse)}"
            )

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        """The findings, not a traceback into orgroles."""
        if isinstance(excinfo.value, OrgFileCheckError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item comes from, for the terminal report."""
        return self.path, None, f"orgroles validate {self.path.name}"


def _baseline_chart(path: Path, baseline: str) -> OrgChart:
    """The org file as it was: ``baseline`` is an org file, or a git revision of ``path``.

    A file that did not exist at the revision has an empty baseline: all its findings are new.
    """
    from orgroles._git import RevisionError, show  # noqa: PLC0415  # plugin stays light
    from orgroles.chart import OrgChart  # noqa: PLC0415  # plugin stays light
    from orgroles.errors import OrgDataError  # noqa: PLC0415  # plugin stays light
    from orgroles.orgfile import load  # noqa: PLC0415  # plugin stays light

    given = Path(baseline)
    try:
        if given.is_file():
            return load(given)
        spec = f"{baseline}:./{path.name}"
        try:
            data = show(spec, cwd=path.parent)
        except RevisionError as error:
            if "does not exist" in str(error) or "exists on disk, but not in" in str(error):
                return OrgChart()
            raise OrgFileCheckError(f"--orgroles-baseline {baseline}: {error}") from None
        return load(io.BytesIO(data), source=f"{baseline}:{path.name}", format=_format(path))
    except OrgDataError as error:
        raise OrgFileCheckError(f"the baseline cannot be read: {error}") from None


def _format(path: Path) -> Literal["yaml", "json"]:
    return "json" if path.suffix.lower() == ".json" else "yaml"


class _OrgFileCollector(pytest.File):
    """Collects the single validation item of one org file."""

    def __init__(self, *, strict: bool, baseline: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.strict = strict
        self.baseline = baseline

    def collect(self) -> list[OrgFileItem]:
        """One item, named ``validate``."""
        return [
            OrgFileItem.from_parent(
                self, name="validate", strict=self.strict, baseline=self.baseline
            )
        ]


def _org_files(config: pytest.Config) -> list[Path]:
    base = config.invocation_params.dir
    paths = [base / p for p in config.getoption("orgroles_files")]
    paths.extend(Path(p) for p in config.getini("orgroles_files"))
    return list(dict.fromkeys(p.resolve() for p in paths))


# tryfirst: the items must exist before -k/-m deselection and --lf reordering look at the list.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add one validation item per ``--orgroles-file`` (and ``orgroles_files`` ini entry)."""
    files = _org_files(config)
    if not files:
        return
    strict = bool(config.getoption("orgroles_strict") or config.getini("orgroles_strict"))
    baseline = config.getoption("orgroles_baseline")
    for path in files:
        collector = _OrgFileCollector.from_parent(
            session, path=path, strict=strict, baseline=baseline
        )
        found = collector.collect()
        items.extend(found)
        # Reported like any collected file, so "collected N items" counts them too.
        result: list[pytest.Item | pytest.Collector] = list(found)
        report = pytest.CollectReport(collector.nodeid, "passed", None, result)
        config.hook.pytest_collectreport(report=report)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def org_chart(request: pytest.FixtureRequest) -> OrgChart:
    """The chart read from the file named by ``@pytest.mark.org_file("org.yaml")``.

    The path is relative to the test file. Each test gets a freshly loaded chart, so a test may
    edit it freely. A file that cannot be read fails the test with every problem listed.
    """
    marker = request.node.get_closest_marker("org_file")
    if marker is None or not (marker.args or "path" in marker.kwargs):
        pytest.fail(
            "the org_chart fixture needs the file to load: mark the test (or the module, with "
            "pytestmark) @pytest.mark.org_file('org.yaml'), a path relative to the test file",
            pytrace=False,
        )
    from orgroles.errors import OrgDataError  # noqa: PLC0415  # plugin stays light
    from orgroles.orgfile import load  # noqa: PLC0415  # plugin stays light

    path = Path(request.path).parent / str(marker.args[0] if marker.args else marker.kwargs["path"])
    try:
        return load(path)
    except OrgDataError as error:
        problem = str(error)
    except OSError as error:
        problem = f"cannot read the org file {path}: {error.strerror or error}"
    # Failing outside the except block keeps "during handling of the above exception" away.
    pytest.fail(problem, pytrace=False)


@pytest.fixture
def org_chart_factory() -> Callable[..., OrgChart]:
    """:func:`orgroles.testing.make_chart`: build a small chart in one line.

    Example: ``org_chart_factory("ceo > cpo > dir-a > pm-1, pm-2", variant="scaleup")``.
    """
    from orgroles.testing import make_chart  # noqa: PLC0415  # plugin stays light

    return make_chart


# -- assertion rewriting -----------------------------------------------------------------------


def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: object, right: object
) -> list[str] | None:
    """``assert chart_a == chart_b`` explains the structural difference, not two reprs."""
    chart_module = sys.modules.get("orgroles.chart")
    # Without orgroles.chart imported, neither side can be a chart: nothing to load.
    if op != "==" or chart_module is None:
        return None
    chart_type = chart_module.OrgChart
    if not (isinstance(left, chart_type) and isinstance(right, chart_type)):
        return None
    from orgroles.testing import diff_charts  # noqa: PLC0415  # plugin stays light

    # pytest shortens the explanation below -vv anyway; past that, show every difference.
    verbose = config.get_verbosity(config.VERBOSITY_ASSERTIONS) >= 2
    lines = diff_charts(left, right, limit=None if verbose else 30)
    return [
        f"{left!r} == {right!r}",
        "structural differences (left -> right):",
        *(f"  {line}" for line in lines or ["none found (the charts differ in title aliases)"]),
    ]
