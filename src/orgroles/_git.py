"""Reading a file as it was at a git revision (``main:org.yaml``), for diffs and baselines.

This module owns the one call to ``git show``. It knows no chart or file format: it returns the
bytes, or raises an error saying what git said.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from orgroles.errors import OrgRolesError

__all__ = ["RevisionError", "show"]


class RevisionError(OrgRolesError, OSError):
    """A ``REV:path`` that git cannot show: git is missing, not a repository, no such file."""


def show(spec: str, *, cwd: str | os.PathLike[str] | None = None) -> bytes:
    """The bytes of ``REV:path`` as ``git show`` gives them (``main:org.yaml``).

    The path is as git reads it: from the repository's top, or from ``cwd`` when it starts
    with ``./``.

    Raises:
        RevisionError: git is not installed, or cannot show it (its message is kept).

    Examples:
        >>> show("no-such-revision-xyz:org.yaml", cwd="/")
        Traceback (most recent call last):
        ...
        orgroles._git.RevisionError: cannot read 'no-such-revision-xyz:org.yaml' from git: ...
    """
    git = shutil.which("git")
    if git is None:
        raise RevisionError(f"cannot read {spec!r}: git is not installed")
    try:
        done = subprocess.run(  # noqa: S603  # git with one argument the user gave, no shell
            # The blob's bytes as committed: cat-file applies no textconv or other filter.
            [git, "cat-file", "blob", spec],
            cwd=None if cwd is None else Path(cwd),
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RevisionError(f"cannot read {spec!r} from git: {error}") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split()) or "git show failed"
        if "not a git repository" in said:
            # REV:path means a file as committed: it is read from the repository around here.
            said += "; run it inside the repository, or give the file's own path"
        raise RevisionError(f"cannot read {spec!r} from git: {said}")
    return done.stdout
