"""Writing files atomically: every file the library writes appears whole, or not at all.

This module owns the one way orgroles writes a file: a temporary file in the same folder, then a
rename over the target. It knows nothing of what the bytes are.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["write_all_atomically", "write_atomically"]


def write_atomically(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    r"""Write ``data`` to ``path`` so that no reader, and no crash, ever sees half a file.

    The bytes go to a new file beside ``path`` that is then renamed over it (``os.replace``,
    atomic on POSIX and Windows). ``data`` may be the bytes, or pieces of them written in turn
    (a file bigger than the memory left need never exist whole). An existing file keeps its
    permissions; a new one gets the usual ones (the umask applies). An error names ``path``,
    not the temporary file.

    Raises:
        OSError: the folder does not exist or cannot be written; ``filename`` is ``path``.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.yaml"
        >>> write_atomically(path, b"positions: []\n")
        >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
        (b'positions: []\n', ['org.yaml'])
    """
    write_all_atomically([(path, data)])


def write_all_atomically(
    files: Sequence[tuple[str | os.PathLike[str], bytes | Iterable[bytes]]],
) -> None:
    r"""Write several files so that all appear, or none changes (a split chart's set).

    Every file is first written whole beside its target; only when all are on disk are they
    renamed over their targets. A failure before that (a full disk) removes the temporary
    files and leaves every target as it was.

    Raises:
        OSError: a file cannot be written; ``filename`` is its target.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_all_atomically([(folder / "a.txt", b"a"), (folder / "b.txt", b"b")])
        >>> sorted(p.name for p in folder.iterdir())
        ['a.txt', 'b.txt']
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            target = Path(path)
            staged.append((_staged(target, data), target))
        for temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise OSError(error.errno, error.strerror, os.fspath(target)) from None
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise


def _staged(target: Path, data: bytes | Iterable[bytes]) -> Path:
    """``data`` in a new temporary file beside ``target`` (its mode kept), flushed to disk."""
    # Beside the target, so the rename stays on one file system; a name near the 255-byte
    # limit is shortened here, or the temporary file could not be made at all.
    short = target.name.encode()[:200].decode("utf-8", "ignore")
    temporary = target.with_name(f".{short}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise OSError(error.errno, error.strerror, os.fspath(target)) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in [data] if isinstance(data, bytes) else data:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OSError(error.errno, error.strerror, os.fspath(target)) from None
        raise
    return temporary
