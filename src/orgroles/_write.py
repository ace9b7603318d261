"""Writing files atomically: every file the library writes appears whole, or not at all.

This module owns the one way orgroles writes a file: a temporary file in the same folder, then a
rename over the target. It knows nothing of what the bytes are.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    r"""Write ``data`` to ``path`` so that no reader, and no crash, ever sees half a file.

    The bytes go to a new file beside ``path`` that is then renamed over it (``os.replace``,
    atomic on POSIX and Windows). An existing file keeps its permissions; a new one gets the
    usual ones (the umask applies). An error names ``path``, not the temporary file.

    Raises:
        OSError: the folder does not exist or cannot be written; ``filename`` is ``path``.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.yaml"
        >>> write_atomically(path, b"positions: []\n")
        >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
        (b'positions: []\n', ['org.yaml'])
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never write through a file or link someone else put at the temporary name.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise OSError(error.errno, error.strerror, os.fspath(path)) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            # On the disk before the rename: after a power cut the name holds the old bytes
            # or the new ones, never a new name over empty blocks.
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OSError(error.errno, error.strerror, os.fspath(path)) from None
        raise
