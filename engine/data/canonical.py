"""The content hash of a dataset: SHA-256 over a canonical form of its columns, so the same
data is recognised however it was stored (file format, compression, batch sizes).

Canonical form, version 1: "airlock-dataset/v1\\n", then per column in order its name, its
Arrow type and a SHA-256 of its values, where the values are fed batch by batch as: the
validity of each row as one byte, then the values with nulls replaced by zero (or the empty
string); strings as their UTF-8 byte lengths (int64) followed by their bytes.
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
    return pc.fill_null(array, pa.scalar(0, type=array.type)
                        if not pa.types.is_temporal(array.type)
                        else pa.scalar(0, type=pa.int64()).cast(array.type))


def _feed(digest: hashlib._Hash, array: pa.Array) -> None:
    digest.update(np.asarray(array.is_valid(), dtype=np.uint8).tobytes())
    filled = _fill(array)
    kind = filled.type
    if pa.types.is_string(kind) or pa.types.is_binary(kind) or pa.types.is_large_string(kind):
        filled = filled.cast(pa.large_binary())
        kind = filled.type
    if pa.types.is_large_binary(kind):
        offsets = np.frombuffer(filled.buffers()[1], dtype=np.int64)[
            filled.offset: filled.offset + len(filled) + 1]
        digest.update(np.diff(offsets).astype(np.int64).tobytes())
        data = filled.buffers()[2]
        if data is not None and len(offsets):
            digest.update(memoryview(data)[int(offsets[0]):int(offsets[-1])])
        return
    if pa.types.is_boolean(kind):
        digest.update(np.asarray(filled, dtype=np.uint8).tobytes())
        return
    digest.update(filled.to_numpy(zero_copy_only=False).tobytes())


class CanonicalHasher:
    def __init__(self, schema: pa.Schema) -> None:
        self._schema = schema
        self._columns = [hashlib.sha256() for _ in schema]
        self.rows = 0

    def update(self, batch: pa.RecordBatch) -> None:
        for digest, column in zip(self._columns, batch.columns, strict=True):
            _feed(digest, column)
        self.rows += batch.num_rows

    def hexdigest(self) -> str:
        total = hashlib.sha256(b"airlock-dataset/v1\n")
        for field, digest in zip(self._schema, self._columns, strict=True):
            total.update(field.name.encode("utf-8") + b"\0" + str(field.type).encode() + b"\0")
            total.update(digest.digest())
        total.update(str(self.rows).encode())
        return total.hexdigest()


def table_hash(table: pa.Table) -> str:
    hasher = CanonicalHasher(table.schema)
    for batch in table.to_batches():
        hasher.update(batch)
    return hasher.hexdigest()
