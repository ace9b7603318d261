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

from orgroles._render._dot import NARROWNESS, PAD, box_size, legend_size, spacing
from orgroles._render._plan import Arrangement, DrawPlan, leaf_teams, preorder, team_items
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
# Arrangements of the same plan laid out by Graphviz against a page (about 30 ms each at 60
# positions, with straight lines: where boxes go does not depend on how lines are routed): the
# natural tree and the most promising others by estimate, half with rows aligned by level;
# then the best few shapes so far at every box narrowness.
_FIRST = 10
_SECOND_SHAPES = 2
_CELL = (185.0, 72.0)  # points a box takes in a drawing, gaps and lines included (an estimate)
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

    Tried: the natural tree, then shapes (leaf teams in grids of one, two or three columns,
    rows of reports wrapped at every width that changes something), each with boxes of every
    narrowness. Every candidate's size is estimated from its boxes and rows
    (:func:`_estimated_size`, within about 10%); the ten most promising are laid out by
    Graphviz (``measure``: each plan's size in points, margins included), then the two best
    shapes at every narrowness not yet measured, and the largest text wins, the earliest (the
    simplest) on a tie. A chart whose natural tree keeps its text at 8 pt or more is left as
    it is; so are drawings of more than 150 boxes, which cannot be read on one page anyway,
    and ``page="natural"``.

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
    # Shapes: grids and wrapped rows, whatever the boxes' narrowness (which changes only how
    # text wraps); then each shape at every narrowness.
    shapes: list[DrawPlan] = []
    seen: set[tuple[object, ...]] = set()
    for aligned, columns, share in itertools.product((True, False), (1, 2, 3), (False, True)):
        width = natural.extent[0]
        while width > 0:
            plan = build(
                Arrangement(columns=columns, width=width, share=share, narrow=1, aligned=aligned)
            )
            shape = _shape(plan)
            if shape not in seen:
                seen.add(shape)
                shapes.append(plan)
            # Every row of every team is cut at the same width: any width down to the widest
            # row cut gives the same rows. A shared width is cut in proportion: try each.
            width = width - 1 if share else min(width, plan.widest_row) - 1
    natural_shape = _shape(natural)
    variants = [
        {
            narrow: _narrowed(plan, narrow)
            for narrow in NARROWNESS
            if narrow or _shape(plan) != natural_shape
        }
        for plan in shapes
    ]
    box_sizes: BoxSizes = {
        (pid, narrow): box_size(natural, position, narrow)
        for pid, position in natural.positions.items()
        for narrow in NARROWNESS
    }
    sizes_of = {
        (index, narrow): _estimated_size(variants[index][narrow], box_sizes)
        for index in range(len(shapes))
        for narrow in variants[index]
    }

    def estimate(index: int, narrow: int) -> float:
        return page_text(*sizes_of[index, narrow], page)

    # First the most promising by estimate, as many with rows aligned by level as without, so
    # that an estimate that favours one kind never crowds out the other.
    first: list[tuple[int, int]] = []
    for aligned in (True, False):
        ranked = sorted(
            (
                (index, narrow)
                for index, plan in enumerate(shapes)
                if plan.arrangement.aligned == aligned
                for narrow in variants[index]
            ),
            key=lambda pair: (-round(estimate(*pair), 1), pair),
        )
        first.extend(ranked[: _FIRST // 2])
    first.sort()
    sizes = measure([natural, *(variants[index][narrow] for index, narrow in first)])
    texts = [round(page_text(width, height, page), 1) for width, height in sizes]
    if texts[0] >= _COMFORTABLE:
        return natural  # the tree as it grows reads best while its text is this large
    measured = dict(zip(first, sizes[1:], strict=True))
    # Then the best few shapes at the narrowness their measured size says would suit them
    # better: boxes narrower by a part make the drawing narrower by about that part.
    best_shapes = sorted(
        {index for index, _ in first},
        key=lambda index: (
            -max(page_text(*size, page) for (i, _), size in measured.items() if i == index)
        ),
    )[:_SECOND_SHAPES]
    second = [
        (index, narrow)
        for index in sorted(best_shapes)
        for narrow in variants[index]
        if (index, narrow) not in measured
    ]
    if second:
        more = measure([variants[index][narrow] for index, narrow in second])
        measured.update(zip(second, more, strict=True))
    options = [(texts[0], 0, natural)]
    for (index, narrow), size in measured.items():
        text = round(page_text(*size, page), 1)
        options.append((text, 1 + index * len(NARROWNESS) + narrow, variants[index][narrow]))
    best = max(options, key=lambda option: (option[0], -option[1]))
    return best[2]


def _shape(plan: DrawPlan) -> tuple[object, ...]:
    """What tells two arrangements of one chart apart: its grids and wrapped rows."""
    columns = tuple((manager, tuple(map(tuple, cols))) for manager, cols in plan.columns.items())
    return columns, tuple(sorted(plan.tier_of.items())), tuple(sorted(plan.minlen.items()))


Contour = dict[int, tuple[float, float]]
"""Of a part of a drawing: each row's leftmost and rightmost point, rows counted from its top."""
BoxSizes = dict[tuple[str, int], tuple[float, float]]
"""Each position's box size in points, by position id and narrowness."""


def _estimated_size(plan: DrawPlan, boxes: BoxSizes) -> tuple[float, float]:
    """About how big (points, margins included) Graphviz will lay ``plan`` out.

    Each row is as tall as its tallest box. Widths come from contours, as Graphviz packs
    rows (see :func:`_team_contour`); the legend stands beside the top row.
    """
    narrow = plan.arrangement.narrow
    across, down = spacing(narrow)

    def box(pid: str) -> tuple[float, float]:
        return boxes[pid, 0 if pid in plan.roomy else narrow]

    legend = legend_size(plan)
    rows: dict[int, float] = {0: legend[1]}
    for pid, row in plan.row_of.items():
        rows[row] = max(rows.get(row, 0.0), box(pid)[1])
    height = sum(rows.values()) + down * (len(rows) - 1)
    tops = [pid for pid in plan.positions if pid not in plan.manager]
    contours: dict[str, Contour] = {}
    for pid in reversed(preorder(plan, tops)):
        contours[pid] = _team_contour(plan, pid, box, contours, across)
    whole: Contour = {}
    for pid in tops:
        _place(whole, contours.get(pid, {0: (0.0, 0.0)}), 0, across)
    if not whole:
        return 2 * PAD * 72, height + 2 * PAD * 72
    if legend[0]:
        low, high = whole[0]
        whole[0] = (low, high + across + legend[0])
    left = min(span[0] for span in whole.values())
    right = max(span[1] for span in whole.values())
    return right - left + 2 * PAD * 72, height + 2 * PAD * 72


def _team_contour(
    plan: DrawPlan,
    pid: str,
    box: Callable[[str], tuple[float, float]],
    contours: dict[str, Contour],
    across: float,
) -> Contour:
    """The contour of ``pid``'s box, its assistants and its team, centred on its box.

    Each part of a team is placed as close to the one before it as every row they share
    allows. The manager sits above the middle of its team; a wrapped team's rows each
    straddle the trunk that runs down from it, past all but the last row. A stacked column
    hangs beside its line.
    """
    half = box(pid)[0] / 2
    right = half + sum(box(a)[0] + across for a in plan.assistants.get(pid, ()))
    contour: Contour = {0: (-half, right)}
    column_of = {column[0]: column for column in plan.columns.get(pid, ())}
    starts = plan.tier_rows.get(pid, [0])
    tiers: dict[int, list[tuple[int, Contour]]] = {}
    for item in team_items(plan, pid):
        tier = plan.tier_of.get(item, 0)
        column = column_of.get(item)
        if column is not None:
            gap = min(plan.minlen.get(r, 1) for r in column)
            part = {i: (across, across + box(m)[0]) for i, m in enumerate(column)}
        else:
            gap = plan.minlen.get(item, 1)
            half_item = box(item)[0] / 2
            part = contours.pop(item, {0: (-half_item, half_item)})
        tiers.setdefault(tier, []).append((starts[tier] + 1 if tier else gap, part))
    last = max(tiers, default=0)
    for tier, members in sorted(tiers.items()):
        middle = len(members) // 2
        if len(tiers) > 1 or len(members) % 2 == 0:
            # The line down is a point of its own between the middle two; a trunk runs on
            # down past this row's boxes to the next row.
            reach = tiers[last][0][0] if tier != last else 1
            members.insert(middle, (0, dict.fromkeys(range(1, reach + 1), (0.0, 0.0))))
        row: Contour = {}
        anchors = [_place(row, part, offset, across) for offset, part in members]
        centre = anchors[middle]
        for r, (low, high) in row.items():
            if r:  # row 0 is the manager's own
                _widen(contour, r, low - centre, high - centre)
    return contour


def _place(row: Contour, part: Contour, offset: int, across: float) -> float:
    """Put ``part`` (its rows ``offset`` down) right of ``row``, as close as rows allow.

    Returns where ``part``'s centre went.
    """
    shifted = {offset + r: span for r, span in part.items()}
    shift = max((row[r][1] - span[0] + across for r, span in shifted.items() if r in row),
                default=0.0)  # fmt: skip
    for r, (low, high) in shifted.items():
        _widen(row, r, low + shift, high + shift)
    return shift


def _widen(contour: Contour, row: int, low: float, high: float) -> None:
    old = contour.get(row)
    contour[row] = (low, high) if old is None else (min(old[0], low), max(old[1], high))


def _narrowed(plan: DrawPlan, narrow: int) -> DrawPlan:
    """``plan`` with boxes of another narrowness (its roomy rows stay at full width)."""
    if narrow == plan.arrangement.narrow:
        return plan
    arrangement = dataclasses.replace(plan.arrangement, narrow=narrow)
    return dataclasses.replace(plan, arrangement=arrangement, roomy=plan.roomy if narrow else set())


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
