"""The diff chart: the new org drawn with its reorg marked, removed positions as ghost boxes.

This module owns turning an :class:`~orgroles._diff.OrgDiff` into rendering annotations (a mark
per added, moved and changed position, a ghost per removed one, a legend) and the "changes only"
view (changed positions and the chain above them). It draws through ``render`` and computes no
diff itself.
"""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Any

from orgroles._diff import Change, Match, OrgDiff, diff
from orgroles._render import Annotations, Ghost, LegendEntry, Mark, Style, render, to_dot
from orgroles.traversal import with_ancestors

if TYPE_CHECKING:
    from orgroles._variants import Variant
    from orgroles.chart import OrgChart

__all__ = ["diff_annotations", "diff_chart", "diff_dot"]

# Okabe and Ito's colour-blind-safe colours (lower case, as Mark keeps them): added,
# moved, changed, removed.
ADDED = "#009e73"
MOVED = "#0072b2"
CHANGED = "#e69f00"
REMOVED = "#d55e00"

_CHANGED_BADGES: dict[str, str] = {
    "role_changed": "new role",
    "retitled": "retitled",
    "filled": "filled",
    "vacated": "vacated",
    "holder_changed": "new holder",
    "unit_changed": "new unit",
    "dotted_added": "dotted line",
    "dotted_removed": "dotted line",
    "assistant_changed": "assistant",
    "attributes_changed": "attributes",
    "id_changed": "new id",
}


def _note(changes: list[Change]) -> str | None:
    parts = []
    for change in changes:
        if change.kind == "role_changed":
            parts.append(f"was {change.old}")
        elif change.kind == "retitled" and change.old:
            parts.append(f"was {change.old!r}")
        elif change.kind in {"vacated", "holder_changed"}:
            parts.append(f"was {change.old}")
        elif change.kind == "unit_changed" and not change.with_move:
            parts.append(f"unit was {change.old or 'none'}")
    return "; ".join(parts) or None


def diff_annotations(result: OrgDiff, new: OrgChart) -> Annotations:
    """Marks, ghost boxes and a legend for the new chart of a diff.

    Added positions are marked ``new`` (``opened`` for a vacant seat), a moved position
    ``moved`` with a note of its old manager (its team, which moved along, is not marked
    again), other changes ``changed`` with the kinds as the badge, and each removed position
    is a ghost box (``removed``, ``closed`` for a vacant seat) under its old manager.

    Examples:
        >>> import orgroles
        >>> from orgroles.testing import make_chart
        >>> old = make_chart("ceo > cpo > dir-a > pm-1, pm-2")
        >>> new = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b > pm-2, pm-3")
        >>> notes = diff_annotations(orgroles.diff(old, new, variant=None), new)
        >>> sorted(notes.marks), [g.id for g in notes.ghosts], [e.label for e in notes.legend]
        (['dir-b', 'pm-2', 'pm-3'], [], ['new', 'moved', 'changed', 'removed'])
    """
    by_position: dict[str, list[Change]] = {}
    for change in result.changes:
        by_position.setdefault(change.id, []).append(change)
    marks: dict[str, Mark] = {}
    ghosts: list[Ghost] = []
    for position_id, changes in by_position.items():
        kinds = [c.kind for c in changes]
        if "removed" in kinds:
            old: dict[str, Any] = changes[kinds.index("removed")].old or {}
            manager = old.get("reports_to")
            ghosts.append(
                Ghost(
                    id=position_id,
                    reports_to=manager,
                    title=str(old.get("title") or old.get("role") or position_id),
                    name=old.get("name"),
                    mark=Mark(color=REMOVED, badge="removed" if old.get("name") else "closed"),
                )
            )
            continue
        if "added" in kinds:
            added = changes[kinds.index("added")].new or {}
            marks[position_id] = Mark(color=ADDED, badge="new" if added.get("name") else "opened")
            continue
        if "moved" in kinds:
            move = changes[kinds.index("moved")]
            team = f", with {move.team_size} below" if move.team else ""
            marks[position_id] = Mark(
                color=MOVED, badge="moved", note=f"from {move.old or 'the top'}{team}"
            )
            continue
        shown = [c for c in changes if not (c.kind == "unit_changed" and c.with_move)]
        if shown:
            badges = list(dict.fromkeys(_CHANGED_BADGES[c.kind] for c in shown))
            marks[position_id] = Mark(color=CHANGED, badge=", ".join(badges), note=_note(shown))
    # A ghost's manager may have gone too: it then hangs under that ghost; one whose manager
    # is neither in the chart nor a ghost (it was never in the old chart) stands at the top.
    ghost_ids = {g.id for g in ghosts}
    ghosts = [
        g
        if g.reports_to is None or g.reports_to in new or g.reports_to in ghost_ids
        else Ghost(id=g.id, reports_to=None, title=g.title, name=g.name, mark=g.mark)
        for g in ghosts
    ]
    legend = [
        LegendEntry(label="new", color=ADDED),
        LegendEntry(label="moved", color=MOVED),
        LegendEntry(label="changed", color=CHANGED),
        LegendEntry(label="removed", color=REMOVED, dashed=True),
    ]
    return Annotations(marks=marks, ghosts=ghosts, legend=legend)


def _changed_ids(result: OrgDiff) -> list[str]:
    return list(
        dict.fromkeys(
            c.id
            for c in result.changes
            if c.kind != "removed" and not (c.kind == "unit_changed" and c.with_move)
        )
    )


def _view(new: OrgChart, result: OrgDiff, changes_only: bool) -> tuple[OrgChart, Annotations]:
    notes = diff_annotations(result, new)
    if not changes_only:
        return new, notes
    anchors = [*_changed_ids(result), *(g.reports_to for g in notes.ghosts if g.reports_to in new)]
    kept = with_ancestors(new, [a for a in anchors if a is not None])
    view = new._like([new[position_id] for position_id in kept])
    marks = {k: v for k, v in notes.marks.items() if k in view}
    # The page's statistics describe the new org, not the few positions drawn.
    notes = Annotations(marks=marks, ghosts=notes.ghosts, legend=notes.legend, statistics_of=new)
    return view, notes


def diff_chart(
    old: OrgChart,
    new: OrgChart,
    path: str | os.PathLike[str],
    style: Style | None = None,
    /,
    *,
    changes_only: bool = False,
    match: Match = "id",
    result: OrgDiff | None = None,
    **changes: Any,
) -> list[pathlib.Path]:
    """Draw the new org with its reorg marked: added, moved and changed positions, removed ghosts.

    The marks follow :func:`diff_annotations` and a legend names them. With
    ``changes_only=True`` only the changed positions, the chain of managers above them and the
    removed positions' managers are drawn: the view for a slide or a pull request. The format
    comes from the suffix (``.svg .png .pdf .html``, and ``.dot`` or ``.mmd`` as source).

    Args:
        old: the org before.
        new: the org after; it is what is drawn.
        path: the file to write.
        style: drawing options (see :class:`~orgroles.Style`).
        changes_only: draw only what changed and the chain above it.
        match: how positions are paired (see :func:`~orgroles.diff`).
        result: a diff of ``old`` and ``new`` already made, instead of making it again.
        **changes: options to change in ``style``, by their :class:`~orgroles.Style` names
            (``title="Reorg, May"``).

    Returns:
        The files written.

    Raises:
        RenderError: Graphviz failed.

    Examples:
        >>> import orgroles
        >>> from orgroles.testing import make_chart
        >>> old = make_chart("ceo > cpo > dir-a > pm-1, pm-2")
        >>> new = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b > pm-2")
        >>> import pathlib, tempfile
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "changes.dot"
        >>> [p.name for p in orgroles.diff_chart(old, new, out, changes_only=True)]
        ['changes.dot']
    """
    found = result if result is not None else diff(old, new, match=match, variant=None)
    view, notes = _view(new, found, changes_only)
    return render(view, path, style, annotations=notes, **changes)


def diff_dot(
    old: OrgChart,
    new: OrgChart,
    *,
    changes_only: bool = False,
    variant: Variant | str | None = None,
) -> str:
    """The DOT source of :func:`diff_chart` (for tests and for drawing elsewhere)."""
    found = diff(old, new, variant=variant)
    view, notes = _view(new, found, changes_only)
    return str(to_dot(view, annotations=notes).source)
