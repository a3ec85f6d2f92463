"""A reference profile: what drift needs of the reference data, computed once — each
column's sorted values or category counts and quantile bins — and stored in a compact binary
form (cached per content hash, shredded with the data)."""

from __future__ import annotations

import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import ValidationError
from engine.monitoring import stats

PROFILE_FORMAT = "airlock-drift-profile/1"


@dataclass
class ColumnProfile:
    name: str
    kind: str  # numeric, category, binary
    rows: int
    missing: int
    sorted: np.ndarray | None = None  # numeric: non-missing values, sorted
    edges: np.ndarray | None = None
    counts: dict[str, int] = field(default_factory=dict)  # category: value -> rows
    bin_counts: np.ndarray | None = None
    std: float = 0.0
    low: float | None = None
    high: float | None = None
    distinct: int = 0


@dataclass
class ReferenceProfile:
    """What a check needs from the reference; computed once (and cached encrypted by the
    monitor that owns it)."""

    label: str
    rows: int
    columns: dict[str, ColumnProfile]
    bins: int = 10

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {}
        meta: dict[str, Any] = {
            "format": PROFILE_FORMAT,
            "label": self.label,
            "rows": self.rows,
            "bins": self.bins,
            "columns": [],
        }
        for index, column in enumerate(self.columns.values()):
            entry = {
                k: v
                for k, v in asdict(column).items()
                if k not in ("sorted", "edges", "bin_counts")
            }
            for part in ("sorted", "edges", "bin_counts"):
                value = getattr(column, part)
                if value is not None:
                    arrays[f"{index}_{part}"] = value
            meta["columns"].append(entry)
        buffer = io.BytesIO()
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
        np.savez(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ReferenceProfile:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(npz["meta"].tobytes().decode())
            if meta.get("format") != PROFILE_FORMAT:
                raise ValidationError("The cached reference profile has another format.")
            columns = {}
            for index, entry in enumerate(meta["columns"]):
                column = ColumnProfile(**entry)
                for part in ("sorted", "edges", "bin_counts"):
                    key = f"{index}_{part}"
                    if key in npz.files:
                        setattr(column, part, npz[key])
                columns[column.name] = column
        return cls(meta["label"], meta["rows"], columns, meta["bins"])


def _is_numeric(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _numbers(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """Non-missing values as float64, sorted, and the number of missing ones."""
    values = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
    nan = np.isnan(values)
    present = values[~nan] if nan.any() else values.copy()
    present.sort()
    return present, values.size - present.size


def _counts(column: pa.ChunkedArray) -> tuple[dict[str, int], int]:
    counted = pc.value_counts(
        column.cast(pa.string()) if not pa.types.is_string(column.type) else column
    )
    values = counted.field("values").to_pylist()
    numbers = counted.field("counts").to_pylist()
    missing = 0
    out: dict[str, int] = {}
    for value, number in zip(values, numbers, strict=True):
        if value is None:
            missing += number
        else:
            out[str(value)] = int(number)
    return out, missing


def profile(
    table: pa.Table, label: str, columns: list[str] | None = None, bins: int = 10
) -> ReferenceProfile:
    """The reference profile of `table` (every column, or `columns`)."""
    names = columns or table.column_names
    with _pool() as pool:
        profiles = list(pool.map(lambda name: _profile_column(table, name, bins), names))
    return ReferenceProfile(label, table.num_rows, {p.name: p for p in profiles}, bins)


def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))


def _profile_column(table: pa.Table, name: str, bins: int) -> ColumnProfile:
    column = table.column(name)
    if _is_numeric(column.type):
        values, missing = _numbers(column)
        distinct = int(np.count_nonzero(np.diff(values)) + 1) if values.size else 0
        if distinct > 5:
            edges = stats.quantile_edges(values, bins)
            return ColumnProfile(
                name,
                "numeric",
                table.num_rows,
                missing,
                sorted=values,
                edges=edges,
                bin_counts=stats.bin_counts(values, edges),
                std=float(np.std(values)),
                low=float(values[0]),
                high=float(values[-1]),
                distinct=distinct,
            )
    counts, missing = _counts(column)
    kind = "binary" if len(counts) <= 2 else "category"
    return ColumnProfile(name, kind, table.num_rows, missing, counts=counts, distinct=len(counts))
