"""The content hash of a dataset: SHA-256 over a canonical form of its columns, so the same
data is recognised however it was stored (file format, compression, batch sizes).

Canonical form, version 2: "airlock-dataset/v2\\n", then per column in order its name, its
Arrow type and a SHA-256 over three SHA-256 digests of streams that run over all its rows:
the validity of each row as one byte; for strings and binaries, the byte length of each
value as int64 (a missing value has length 0); the values with nulls replaced by zero (or
the empty string) — numbers as their little-endian bytes, booleans as one byte, strings as
their UTF-8 bytes. Then the row count. Each stream is a plain concatenation over the rows,
so how the rows are split into batches does not change the hash (version 1 interleaved the
streams batch by batch and did).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _fill(array: pa.Array) -> pa.Array:
    if array.null_count == 0:
        return array
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return pc.fill_null(array, "")
    if pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type):
        return pc.fill_null(array, b"")
    if pa.types.is_boolean(array.type):
        return pc.fill_null(array, False)
    return pc.fill_null(
        array,
        pa.scalar(0, type=array.type)
        if not pa.types.is_temporal(array.type)
        else pa.scalar(0, type=pa.int64()).cast(array.type),
    )


_ONES: dict[int, bytes] = {}


def _all_valid(rows: int) -> bytes:
    """The validity bytes of a batch without nulls (cached: batches repeat their size)."""
    if rows not in _ONES:
        if len(_ONES) > 64:
            _ONES.clear()
        _ONES[rows] = b"\x01" * rows
    return _ONES[rows]


class _Column:
    """The three streams of one column: validity, lengths, values."""

    def __init__(self) -> None:
        self.validity = hashlib.sha256()
        self.lengths = hashlib.sha256()
        self.values = hashlib.sha256()

    def digest(self) -> bytes:
        return hashlib.sha256(
            self.validity.digest() + self.lengths.digest() + self.values.digest()
        ).digest()


def _feed(column: _Column, array: pa.Array) -> None:
    rows = len(array)
    if array.null_count == 0:
        column.validity.update(_all_valid(rows))
    else:
        column.validity.update(np.asarray(array.is_valid(), dtype=np.uint8).tobytes())
    filled = _fill(array)
    kind = filled.type
    offset_type = (
        np.int32
        if pa.types.is_string(kind) or pa.types.is_binary(kind)
        else np.int64
        if pa.types.is_large_string(kind) or pa.types.is_large_binary(kind)
        else None
    )
    if offset_type is not None:
        # lengths as int64 straight from the offsets, then the bytes in place
        offsets = np.frombuffer(filled.buffers()[1], dtype=offset_type)[
            filled.offset : filled.offset + rows + 1
        ]
        column.lengths.update(np.diff(offsets).astype(np.int64).tobytes())
        data = filled.buffers()[2]
        if data is not None and len(offsets):
            column.values.update(memoryview(data)[int(offsets[0]) : int(offsets[-1])])
        return
    if pa.types.is_boolean(kind):
        column.values.update(np.asarray(filled, dtype=np.uint8).tobytes())
        return
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        width = kind.bit_width // 8  # the values buffer is what to_numpy() would copy
        column.values.update(
            memoryview(filled.buffers()[1])[filled.offset * width : (filled.offset + rows) * width]
        )
        return
    column.values.update(filled.to_numpy(zero_copy_only=False).tobytes())


class CanonicalHasher:
    def __init__(self, schema: pa.Schema) -> None:
        self._schema = schema
        self._columns = [_Column() for _ in schema]
        self.rows = 0

    def update(self, batch: pa.RecordBatch) -> None:
        for column, array in zip(self._columns, batch.columns, strict=True):
            _feed(column, array)
        self.rows += batch.num_rows

    def hexdigest(self) -> str:
        total = hashlib.sha256(b"airlock-dataset/v2\n")
        for field, column in zip(self._schema, self._columns, strict=True):
            total.update(field.name.encode("utf-8") + b"\0" + str(field.type).encode() + b"\0")
            total.update(column.digest())
        total.update(str(self.rows).encode())
        return total.hexdigest()


def table_hash(table: pa.Table) -> str:
    hasher = CanonicalHasher(table.schema)
    for batch in table.to_batches():
        hasher.update(batch)
    return hasher.hexdigest()
