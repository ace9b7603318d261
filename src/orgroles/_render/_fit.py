"""How big a drawing comes out, how to arrange it to fit a page, and what would make it smaller.

This module owns the size rules: the slide test (a chart fitted to a 16:9 slide must keep its
text readable), the choice among arrangements of one plan (leaf grids, wrapped rows) by the
size Graphviz lays each out at, the limits of PNG (Graphviz scales a bitmap wider than 32,767
pixels down) and PDF (pages beyond 200 inches), and the remedies: option changes measured to
help (a new value for an option in use only where it draws less: fewer levels, a lower
threshold, a smaller part). It decides nothing about which positions are drawn and writes no
file.
"""

from __future__ import annotations

import dataclasses
import itertools
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from orgroles._render._plan import Arrangement, DrawPlan, leaf_teams
from orgroles._render._style import DEFAULT_DPI, Page, Style
from orgroles.traversal import subtree_sizes

__all__ = [
    "PAGES",
    "ImageSizeWarning",
    "Remedy",
    "Size",
    "find_remedies",
    "fit_plan",
    "over_limit",
    "page_size",
    "page_text",
    "slide_note",
]

SLIDE = (960.0, 540.0)
"""Points: a 16:9 slide (13.33 x 7.5 in), the size a deck shows a chart at."""
PAGES: dict[str, tuple[float, float]] = {
    "slide": SLIDE,
    "a4": (842.0, 595.0),
    "a3": (1191.0, 842.0),
}
"""Points, landscape: the pages a drawing can be arranged for (paper either way up)."""
BOX_TEXT = 10.0  # points: the names in the boxes (titles are 11)
SLIDE_TEXT = 6.0  # points: the smallest box text still readable once fitted to a slide
PNG_LIMIT = 32_767  # pixels a side: Graphviz scales a larger PNG down to fit
PDF_LIMIT = 14_400.0  # points (200 in) a side: the largest page PDF 1.7 (Annex C) allows
PDF_MARGIN = 36.0  # points Graphviz's PDF output adds on each side of the drawing
MEASURE_LIMIT = 150  # boxes: a drawing with more cannot be read on a slide, so is not tried
# Arrangements of the same plan tried against a page: the natural tree and the most promising
# others by estimated shape, each laid out by Graphviz (about 20 ms each at 60 positions, with
# straight lines: where boxes go does not depend on how lines are routed).
_TRIED = 20
_CELL = (185.0, 72.0)  # points a box takes in a drawing, gaps and lines included (an estimate)
_NARROW_CELLS = {1: (125.0, 78.0), 2: (100.0, 90.0)}  # the same, by narrowness
_SURE = (_CELL[0] * 1.25, _CELL[1] * 1.25)  # an estimate the real size is sure to stay within
# Points of box text from which the natural tree is kept: rearranged, it would read a little
# larger but look less like the org it draws.
_COMFORTABLE = 8.0
_BETTER = 1.5  # a remedy that cannot fit a slide is named only if text grows by this much


@dataclass(frozen=True)
class Size:
    """A page or image size: points for SVG and PDF, pixels for PNG (as laid out).

    ``dpi`` is how many pixels a PNG has per inch (per 72 points); it plays no part in sizes in
    points.
    """

    width: float
    height: float
    unit: Literal["pt", "px"]
    dpi: float = DEFAULT_DPI

    def points(self) -> tuple[float, float]:
        """The size in points (a PNG pixel is 72/dpi of a point: 3/8 at 192 dpi).

        Examples:
            >>> Size(1920, 1080, "px").points(), Size(960, 540, "px", dpi=96).points()
            ((720.0, 405.0), (720.0, 405.0))
        """
        scale = 72.0 / self.dpi if self.unit == "px" else 1.0
        return self.width * scale, self.height * scale

    def slide_text(self) -> float:
        """The box text's size in points once the drawing is fitted to a 16:9 slide.

        Examples:
            >>> Size(1920, 540, "pt").slide_text()
            5.0
        """
        width, height = self.points()
        return BOX_TEXT * min(1.0, SLIDE[0] / max(width, 1.0), SLIDE[1] / max(height, 1.0))

    def fits_slide(self) -> bool:
        """Whether the drawing stays readable fitted to a slide (text of 6 pt or more)."""
        return self.slide_text() >= SLIDE_TEXT

    def __str__(self) -> str:
        return f"{self.width:,.0f} x {self.height:,.0f} {self.unit}"


def page_text(width: float, height: float, page: Page) -> float:
    """The box text's size in points once a drawing of ``width`` x ``height`` pt fits ``page``.

    A drawing is never enlarged (10 pt at most); paper is turned whichever way suits it.

    Examples:
        >>> page_text(1920, 540, "slide"), page_text(595, 842, "a4"), page_text(500, 300, "a3")
        (5.0, 10.0, 10.0)
    """
    across, down = PAGES["slide" if page == "natural" else page]
    scale = min(across / max(width, 1.0), down / max(height, 1.0))
    if page in ("a4", "a3"):
        scale = max(scale, min(down / max(width, 1.0), across / max(height, 1.0)))
    return BOX_TEXT * min(1.0, scale)


def fit_plan(
    build: Callable[[Arrangement | None], DrawPlan],
    *,
    page: Page,
    measure: Callable[[list[DrawPlan]], list[tuple[float, float]]],
) -> DrawPlan:
    """The arrangement of a plan whose text is largest once fitted to ``page``.

    Tried: the natural tree, then leaf teams in grids of one, two or three columns with rows
    of reports wrapped at every width that changes something; the few whose estimated shape
    suits the page best are laid out by Graphviz (``measure``: each plan's size in points,
    margins included) and the largest text wins, the earliest (the simplest) on a tie. A
    chart whose natural tree keeps its text at 8 pt or more is left as it is; so are
    drawings of more than 150 boxes, which cannot be read on one page anyway, and
    ``page="natural"``.

    Args:
        build: the plan for an arrangement (``None``: the natural tree).
        page: the page to fit.
        measure: lays plans out and gives their sizes.
    """
    natural = build(None)
    boxes = len(natural.positions) + len(natural.stubs)
    if page == "natural" or natural.options.layout == "wide" or not 2 <= boxes <= MEASURE_LIMIT:
        return natural
    across, down = natural.extent
    if page_text(across * _SURE[0], down * _SURE[1], page) >= _COMFORTABLE:
        return natural  # plainly readable as it grows: not worth a Graphviz run
    candidates = [natural]
    seen = {_signature(natural)}
    choices = itertools.product((True, False), (0, 1, 2), (1, 2, 3), (False, True))
    for aligned, narrow, columns, share in choices:
        for width in range(natural.extent[0], 0, -1):
            arrangement = Arrangement(
                columns=columns, width=width, share=share, narrow=narrow, aligned=aligned
            )
            plan = build(arrangement)
            signature = _signature(plan)
            if signature not in seen:
                seen.add(signature)
                candidates.append(plan)
    # The most promising by estimate, as many with rows aligned by level as without, so that
    # an estimate that favours one kind never crowds out the other.
    chosen: list[int] = []
    for aligned in (True, False):
        ranked = sorted(
            (i for i in range(1, len(candidates)) if candidates[i].arrangement.aligned == aligned),
            key=lambda i: (-round(_estimate(candidates[i], page), 1), i),
        )
        chosen.extend(ranked[: _TRIED // 2])
    tried = [candidates[i] for i in [0, *sorted(chosen)]]
    sizes = measure(tried)
    texts = [round(page_text(width, height, page), 1) for width, height in sizes]
    if texts[0] >= _COMFORTABLE:
        return natural  # the tree as it grows reads best while its text is this large
    best = max(range(len(tried)), key=lambda i: (texts[i], -i))
    return tried[best]


def _signature(plan: DrawPlan) -> tuple[object, ...]:
    """What tells two arrangements of one chart apart: its grids and wrapped rows."""
    columns = tuple((manager, tuple(map(tuple, cols))) for manager, cols in plan.columns.items())
    rows = tuple(sorted(plan.tier_of.items())), tuple(sorted(plan.minlen.items()))
    return columns, rows, plan.arrangement.narrow


def _estimate(plan: DrawPlan, page: Page) -> float:
    across, down = plan.extent
    cell = _NARROW_CELLS.get(plan.arrangement.narrow, _CELL)
    return page_text(across * cell[0], down * cell[1], page)


def page_size(
    suffix: str, width: float, height: float, *, pad: float, dpi: float = DEFAULT_DPI
) -> Size:
    """The page or image a layout of ``width`` x ``height`` points becomes in ``suffix``.

    ``dpi`` applies to PNG only: SVG and PDF are vector formats, sized in points.

    Examples:
        >>> str(page_size(".png", 6048.1, 554.3, pad=21.6, dpi=96))
        '8,122 x 797 px'
        >>> str(page_size(".png", 6048.1, 554.3, pad=21.6))
        '16,243 x 1,593 px'
    """
    width, height = width + 2 * pad, height + 2 * pad
    if suffix == ".png":
        scale = dpi / 72.0
        return Size(round(width * scale), round(height * scale), "px", dpi)
    if suffix == ".pdf":
        return Size(round(width + 2 * PDF_MARGIN), round(height + 2 * PDF_MARGIN), "pt")
    return Size(round(width), round(height), "pt")


def over_limit(suffix: str, size: Size) -> str | None:
    """What is wrong with an image of ``size`` in ``suffix``'s format, or ``None``.

    Examples:
        >>> print(over_limit(".png", Size(40_000, 500, "px", dpi=96)))
        the chart is 40,000 x 500 px, more than the 32,767 px a side Graphviz draws a PNG at, so
        it scaled the image down to 82% (text about 11 px high)
        >>> print(over_limit(".png", Size(40_000, 500, "px")))
        the chart is 40,000 x 500 px, more than the 32,767 px a side Graphviz draws a PNG at, so
        it scaled the image down to 82% (text about 22 px high)
        >>> over_limit(".svg", Size(40_000, 500, "pt")) is None
        True
    """
    if suffix == ".png" and max(size.width, size.height) > PNG_LIMIT:
        scale = PNG_LIMIT / max(size.width, size.height)
        text = BOX_TEXT * size.dpi / 72.0 * scale
        return (
            f"the chart is {size}, more than the {PNG_LIMIT:,} px a side Graphviz draws a PNG "
            f"at, so it scaled the image down to {scale:.0%} (text about {text:.0f} px high)"
        )
    if suffix == ".pdf" and max(size.width, size.height) > PDF_LIMIT:
        return (
            f"the page is {size}, beyond the {PDF_LIMIT:,.0f} pt (200 in) a side that PDF "
            "readers such as Adobe Acrobat support"
        )
    return None


@dataclass(frozen=True)
class Remedy:
    """One option change that makes a drawing smaller, and what it gives.

    ``option`` is a keyword of :func:`orgroles.render`: ``page``, ``depth``, ``root``,
    ``split_by``, ``layout`` or ``stack_threshold``. ``also`` holds further ``(option,
    value)`` pairs that only help together with it (``layout='stacked'`` with a lower
    ``stack_threshold``).
    """

    option: str
    value: str | int
    gives: str = ""
    also: tuple[tuple[str, str | int], ...] = ()

    def keyword(self) -> str:
        """The change as Python: ``depth=3``, ``root='sd-1'``.

        Examples:
            >>> Remedy("root", "sd-1").keyword()
            "root='sd-1'"
            >>> Remedy("layout", "stacked", also=(("stack_threshold", 4),)).keyword()
            "layout='stacked', stack_threshold=4"
        """
        return ", ".join(f"{option}={value!r}" for option, value in self._changes())

    def flag(self) -> str:
        """The change as command-line options: ``--depth 3``, ``--root sd-1``.

        Examples:
            >>> Remedy("split_by", "unit").flag(), Remedy("root", "a b").flag()
            ('--split-by unit', "--root 'a b'")
            >>> Remedy("layout", "stacked", also=(("stack_threshold", 4),)).flag()
            '--layout stacked --stack-threshold 4'
        """
        return " ".join(
            f"--{option.replace('_', '-')} {shlex.quote(str(value))}"
            for option, value in self._changes()
        )

    def _changes(self) -> tuple[tuple[str, str | int], ...]:
        return ((self.option, self.value), *self.also)

    def shown(self, *, flags: bool) -> str:
        """The change and what it gives, for a message."""
        text = self.flag() if flags else self.keyword()
        return f"{text} ({self.gives})" if self.gives else text


def _listed(remedies: tuple[Remedy, ...], *, flags: bool) -> str:
    texts = [remedy.shown(flags=flags) for remedy in remedies]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


class ImageSizeWarning(UserWarning):
    """An image too big for its format: a PNG Graphviz scaled down, or an oversized PDF page.

    The file is still written. ``path``, ``size`` (as laid out, before any scaling) and
    ``remedies`` (option changes that draw less at once) say what happened and what to do.
    """

    def __init__(self, path: str, size: Size, problem: str, remedies: tuple[Remedy, ...]) -> None:
        self.path = path
        self.size = size
        self.problem = problem
        self.remedies = remedies
        super().__init__(self.describe(flags=False))

    def describe(self, *, flags: bool) -> str:
        """The message, with remedies as Python keywords or (``flags``) command-line options."""
        fix = "write an SVG or HTML file instead, which have no size limit"
        if self.remedies:
            fix = f"draw less at once with {_listed(self.remedies, flags=flags)}; or {fix}"
        return f"{self.path}: {self.problem}. To fix it, {fix}"


def slide_note(path: str, size: Size, remedies: tuple[Remedy, ...], *, flags: bool) -> str:
    """Why a drawing is poster-sized and what would make it fit a slide.

    Examples:
        >>> fewer = Remedy("depth", 2, "900 x 300 pt")
        >>> print(slide_note("org.svg", Size(4800, 600, "pt"), (fewer,), flags=True))
        org.svg is 4,800 x 600 pt: fitted to a 16:9 slide its text would be 2.0 pt, too small
        to read; for a slide, try --depth 2 (900 x 300 pt)
    """
    text = (
        f"{path} is {size}: fitted to a 16:9 slide its text would be {size.slide_text():.1f} pt,"
        " too small to read"
    )
    if remedies:
        return f"{text}; for a slide, try {_listed(remedies, flags=flags)}"
    return f"{text}; nothing here draws it smaller: print it as a poster or zoom into the SVG"


def find_remedies(
    plan: DrawPlan,
    size: Size,
    *,
    redraw: Callable[[Style], DrawPlan],
    measure: Callable[[DrawPlan], Size],
    units: int,
    split: bool,
) -> tuple[Remedy, ...]:
    """Option changes that would make ``plan``'s drawing (``size``) smaller.

    An option in use is only named again with a value that draws less (fewer levels, a
    lower stack threshold, a part below the root drawn); ``split_by`` is never named for a
    file of a split chart, nor ``layout='wide'``. A drawing not arranged for a slide is told
    ``page='slide'`` when that arrangement would fit one, or be much more readable.

    Args:
        plan: what was drawn.
        size: how big it came out.
        redraw: the plan of the same chart with other options.
        measure: lays a plan out and gives its size (costs a Graphviz run; only plans of at
            most 150 boxes are measured).
        units: how many units the drawn positions belong to.
        split: the drawing is one file of a chart split by unit.
    """
    options = plan.options
    found: list[Remedy] = []
    text = size.slide_text()

    def tried(other: DrawPlan) -> Size | None:
        return measure(other) if len(other.positions) + len(other.stubs) <= MEASURE_LIMIT else None

    def better(other: Size | None) -> bool:
        return other is None or other.fits_slide() or other.slide_text() >= _BETTER * text

    page = _page_remedy(plan, redraw, tried, better)
    if page is not None:
        found.append(page)
    if options.layout == "wide":
        stacked = redraw(dataclasses.replace(options, layout="stacked"))
        if stacked.columns:
            measured = tried(stacked)
            if better(measured):
                found.append(Remedy("layout", "stacked", str(measured or "")))
        else:
            # No team is wider than the threshold, so stacking alone changes nothing: a lower
            # threshold must come with it.
            threshold = _threshold_remedy(stacked, redraw, tried, better)
            if threshold is not None:
                found.append(Remedy("layout", "stacked", threshold.gives,
                                    also=((threshold.option, threshold.value),)))  # fmt: skip
    else:
        threshold = _threshold_remedy(plan, redraw, tried, better)
        if threshold is not None:
            found.append(threshold)
    depth = _depth_remedy(plan, redraw, tried, better)
    if depth is not None:
        found.append(depth)
    branch = _largest_branch(plan)
    if branch is not None:
        found.append(Remedy("root", branch[0], f"{branch[1]:,} positions"))
    if not split and units >= 2:
        found.append(Remedy("split_by", "unit", f"{units} files and an overview"))
    return tuple(found)


def _page_remedy(
    plan: DrawPlan,
    redraw: Callable[[Style], DrawPlan],
    tried: Callable[[DrawPlan], Size | None],
    better: Callable[[Size | None], bool],
) -> Remedy | None:
    """``page='slide'`` for a drawing not arranged for one, when that arrangement helps."""
    if plan.options.page == "slide" or plan.options.layout == "wide":
        return None
    fitted = redraw(dataclasses.replace(plan.options, page="slide"))
    if fitted.arrangement == plan.arrangement:
        return None
    measured = tried(fitted)
    if measured is None or not better(measured):
        return None
    return Remedy("page", "slide", str(measured))


def _threshold_remedy(
    plan: DrawPlan,
    redraw: Callable[[Style], DrawPlan],
    tried: Callable[[DrawPlan], Size | None],
    better: Callable[[Size | None], bool],
) -> Remedy | None:
    """The highest stack threshold that fits a slide, else the most readable one.

    Only thresholds that stack a team now drawn in a row are tried (a team of ``n`` leaf
    reports stacks below ``n - 1``), at most four, highest first.
    """
    sizes = {
        len(leaves)
        for manager, leaves in leaf_teams(plan).items()
        if manager not in plan.columns and len(leaves) >= 2
    }
    best: tuple[int, Size] | None = None
    for threshold in sorted((n - 1 for n in sizes), reverse=True)[:4]:
        measured = tried(redraw(dataclasses.replace(plan.options, stack_threshold=threshold)))
        if measured is None:
            return None  # too big to measure: no threshold makes it slide-sized
        if measured.fits_slide():
            return Remedy("stack_threshold", threshold, str(measured))
        if better(measured) and (best is None or measured.slide_text() > best[1].slide_text()):
            best = (threshold, measured)
    return None if best is None else Remedy("stack_threshold", best[0], str(best[1]))


def _depth_remedy(
    plan: DrawPlan,
    redraw: Callable[[Style], DrawPlan],
    tried: Callable[[DrawPlan], Size | None],
    better: Callable[[Size | None], bool],
) -> Remedy | None:
    """The most levels that fit a slide, else one level if that is much more readable."""
    deepest = max(plan.level_of.values(), default=0)
    best: tuple[int, Size] | None = None
    for depth in range(1, deepest):  # the top alone (0) is no chart; `deepest` is drawn now
        measured = tried(redraw(dataclasses.replace(plan.options, depth=depth)))
        if measured is None:
            break  # too many boxes to read on a slide, and every deeper level has more
        if measured.fits_slide():
            best = (depth, measured)
            continue
        if best is None and depth == 1 and better(measured):
            best = (depth, measured)
        break
    return None if best is None else Remedy("depth", best[0], str(best[1]))


def _largest_branch(plan: DrawPlan) -> tuple[str, int] | None:
    """The biggest part below the drawing's first fork, and its number of positions.

    From the top, a chain of single reports (a CEO over a CPO) is skipped: drawing from the
    CPO would be the same picture. A branch must hold at least two positions and fewer than
    the drawing does.
    """
    tops = [pid for pid in plan.positions if pid not in plan.manager]
    fork = tops[0] if len(tops) == 1 else None
    while fork is not None and len(plan.reports.get(fork, ())) == 1:
        fork = plan.reports[fork][0]
    candidates = tops if fork is None else plan.reports.get(fork, [])
    sizes = subtree_sizes(plan.chart)
    total = len(plan.positions) + plan.hidden
    best = max(candidates, key=lambda pid: sizes[pid], default=None)
    if best is None or not 2 <= sizes[best] < total:
        return None
    return best, sizes[best]
