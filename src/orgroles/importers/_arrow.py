"""Whole integer columns out of polars without one Python int per value.

``Series.to_list()`` makes a Python int for each of a million values and ``array("q", ...)``
reads them back: about 80 ms a column, and a bulk import hands three such columns (parents,
report offsets, reports) to the chart's reporting index. A polars Series exports its memory
through the Arrow C stream interface (``__arrow_c_stream__``, a stable C ABI that needs neither
numpy nor pyarrow); this module reads that stream with ``ctypes`` and copies each chunk's values
into an ``array("q")`` in one ``memcpy``. It knows nothing of charts or CSV files.
"""

from __future__ import annotations

import ctypes
from array import array
from typing import Any

__all__ = ["int64_array"]

# The structs of the Arrow C data and C stream interfaces, field for field as the
# specification (arrow.apache.org/docs/format/CDataInterface.html) lays them out.


class _ArrowSchema(ctypes.Structure):
    pass


_ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowSchema))),
    ("private_data", ctypes.c_void_p),
]


class _ArrowArray(ctypes.Structure):
    pass


_ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowArray))),
    ("private_data", ctypes.c_void_p),
]


class _ArrowArrayStream(ctypes.Structure):
    pass


_ArrowArrayStream._fields_ = [
    (
        "get_schema",
        ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.POINTER(_ArrowArrayStream), ctypes.POINTER(_ArrowSchema)
        ),
    ),
    (
        "get_next",
        ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.POINTER(_ArrowArrayStream), ctypes.POINTER(_ArrowArray)
        ),
    ),
    ("get_last_error", ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.POINTER(_ArrowArrayStream))),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowArrayStream))),
    ("private_data", ctypes.c_void_p),
]

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]

_INT64 = b"l"  # the Arrow C format string of a 64-bit signed integer


def int64_array(series: Any) -> array[int]:
    """The values of a polars Int64 Series without nulls, as an ``array("q")``.

    Read through the Arrow C stream the Series exports; a Series that does not export one (an
    older polars), or that is not Int64 without nulls, is read with ``to_list`` instead.

    Examples:
        >>> import polars
        >>> int64_array(polars.Series([3, -1, 2], dtype=polars.Int64))
        array('q', [3, -1, 2])
    """
    import polars  # noqa: PLC0415  # only the bulk path calls this, with polars installed

    if (
        series.dtype != polars.Int64
        or series.null_count()
        or not hasattr(series, "__arrow_c_stream__")
    ):
        return array("q", series.cast(polars.Int64).to_list())
    found = _read_stream(series.__arrow_c_stream__())
    if found is None or len(found) != len(series):
        return array("q", series.to_list())
    return found


def _read_stream(capsule: Any) -> array[int] | None:
    """The int64 values of every chunk of an Arrow C stream; ``None`` if it is not that."""
    address = _capsule_pointer(capsule, b"arrow_array_stream")
    if not address:
        return None
    stream = _ArrowArrayStream.from_address(address)
    if not _holds_int64(stream):
        return None
    values = array("q")
    while True:
        chunk = _ArrowArray()
        if stream.get_next(ctypes.byref(stream), ctypes.byref(chunk)) != 0:
            return None
        if not chunk.release:
            return values  # the end of the stream (the capsule releases the stream itself)
        try:
            if not _append_chunk(chunk, values):
                return None
        finally:
            chunk.release(ctypes.byref(chunk))


def _holds_int64(stream: Any) -> bool:
    """Whether the stream's schema is a plain int64 column."""
    schema = _ArrowSchema()
    if stream.get_schema(ctypes.byref(stream), ctypes.byref(schema)) != 0:
        return False
    try:
        return bool(schema.format == _INT64)
    finally:
        if schema.release:
            schema.release(ctypes.byref(schema))


def _append_chunk(chunk: Any, values: array[int]) -> bool:
    """Copy one chunk's values (no nulls, two buffers: validity and data) onto ``values``."""
    if chunk.null_count != 0 or chunk.n_buffers != 2 or chunk.length < 0:
        return False
    data = chunk.buffers[1]
    if chunk.length and not data:
        return False
    size = values.itemsize
    values.frombytes(ctypes.string_at(data + chunk.offset * size, chunk.length * size))
    return True
