"""Profiling a dataset version: per-column statistics, histograms, top categories,
correlations, and warnings a reviewer should look at."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.jobs import CancelToken, Progress, check, report

BINS = 20
TOP = 10
HIGH_CARDINALITY = 0.5  # distinct share of rows above which a category column is suspicious
HEAVY_MISSING = 0.3
SKEW = 2.0


@dataclass
class ColumnProfile:
    name: str
    type: str
    semantic: str
    rows: int
    missing: int
    distinct: int
    missing_share: float = 0.0
    min: Any = None
    max: Any = None
    mean: float | None = None
    std: float | None = None
    skew: float | None = None
    quantiles: dict[str, float] = field(default_factory=dict)  # "p05" ... "p95"
    histogram: dict[str, list[float]] = field(default_factory=dict)  # edges, counts
    top: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Profile:
    dataset: str
    rows: int
    columns: list[ColumnProfile]
    correlations: dict[str, dict[str, float]]  # Pearson, numeric columns
    warnings: list[str]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def column(self, name: str) -> ColumnProfile:
        return next(c for c in self.columns if c.name == name)


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _numeric(column: ColumnProfile, array: pa.ChunkedArray) -> None:
    """Statistics from one sort of the values: min, max, quantiles and the distinct count
    all come from the sorted array (cheaper than a hash table or a selection each)."""
    values = np.sort(array.drop_null().to_numpy().astype("float64", copy=False))
    has_nan = bool(values.size) and bool(np.isnan(values[-1]))  # NaN sorts last
    if has_nan:
        values = values[: int(np.argmax(np.isnan(values)))]
    column.distinct = (
        int(np.count_nonzero(values[1:] != values[:-1]) + 1) if values.size else 0
    ) + int(has_nan)  # NaN counts once, as in Arrow
    if values.size and not (np.isfinite(values[0]) and np.isfinite(values[-1])):
        values = values[np.isfinite(values)]  # infinities sit at the ends
    if values.size == 0:
        return
    count = values.size
    column.min, column.max = float(values[0]), float(values[-1])
    column.mean = float(values.mean())
    column.std = float(values.std(ddof=1)) if count > 1 else 0.0
    if column.std and count > 2:
        centred = (values - column.mean) / column.std
        column.skew = float(np.dot(centred * centred, centred) / count)
    for point in (5, 25, 50, 75, 95):  # numpy's default ("linear") on the sorted values
        position = point / 100 * (count - 1)
        low = int(position)
        high = min(low + 1, count - 1)
        value = values[low] + (values[high] - values[low]) * (position - low)
        column.quantiles[f"p{point:02d}"] = float(value)
    if pa.types.is_integer(array.type):
        # whole-number bins: edges halfway between integers, each bin as wide as a whole
        # number of values (edges between integers gave a sawtooth of full and empty bins)
        width = max(1, math.ceil((column.max - column.min + 1) / BINS))
        edges = np.arange(column.min - 0.5, column.max + 0.5 + width, width)
        counts, edges = np.histogram(values, bins=edges)
    else:
        counts, edges = np.histogram(values, bins=BINS, range=(column.min, column.max))
    column.histogram = {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}
    if column.semantic == "identifier":  # a row number's mean or spread means nothing
        column.mean = column.std = column.skew = None
        column.quantiles, column.histogram = {}, {}


def _temporal(column: ColumnProfile, array: pa.ChunkedArray) -> None:
    present = array.drop_null()
    if len(present) == 0:
        return
    column.min, column.max = str(pc.min(present).as_py()), str(pc.max(present).as_py())
    seconds = present.cast(pa.timestamp("s")).cast(pa.int64()).to_numpy().astype("float64")
    counts, edges = np.histogram(seconds, bins=BINS)
    column.histogram = {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


def _categories(column: ColumnProfile, array: pa.ChunkedArray) -> None:
    """The most frequent values (ties by value), sorted in Arrow, not in Python."""
    counts = pc.value_counts(array.drop_null())
    column.distinct = len(counts)
    if len(counts) == 0:
        return
    table = pa.table({"values": counts.field("values"), "counts": counts.field("counts")})
    order = pc.sort_indices(table, sort_keys=[("counts", "descending"), ("values", "ascending")])
    top = table.take(order[:TOP])
    column.top = [
        (str(v), int(n))
        for v, n in zip(
            top.column("values").to_pylist(), top.column("counts").to_pylist(), strict=True
        )
    ]


def _warn(column: ColumnProfile) -> None:
    present = column.rows - column.missing
    if present and column.distinct == 1:
        column.warnings.append("constant: every value is the same")
    if column.missing_share >= HEAVY_MISSING:
        column.warnings.append(f"heavily missing: {column.missing_share:.0%} of rows")
    if column.semantic == "identifier":
        column.warnings.append("likely identifier: do not use it as a model feature")
    elif (
        column.semantic in ("categorical", "text")
        and present > 100
        and column.distinct / present > HIGH_CARDINALITY
    ):
        column.warnings.append(f"high cardinality: {column.distinct:,} distinct values")
    if column.skew is not None and abs(column.skew) >= SKEW and column.distinct > 2:
        # (two values, a 0/1 target say, are imbalanced rather than skewed)
        column.warnings.append(f"skewed: skewness {column.skew:.1f}")


def profile_table(
    table: pa.Table,
    schema: list[dict[str, Any]],
    name: str = "",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Profile:
    semantic = {c["name"]: c["semantic"] for c in schema}
    rows = table.num_rows
    columns: list[ColumnProfile] = []
    numeric_names: list[str] = []
    for index, field_ in enumerate(table.schema):
        check(cancel)
        array = table.column(field_.name)
        missing = array.null_count
        column = ColumnProfile(
            field_.name,
            str(field_.type),
            semantic.get(field_.name, ""),
            rows,
            missing,
            0,
            missing / rows if rows else 0.0,
        )
        kind = field_.type
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            _numeric(column, array)  # sets the distinct count
            if column.semantic == "numeric":
                numeric_names.append(field_.name)
            if column.distinct <= 50:
                _categories(column, array)
        elif pa.types.is_temporal(kind):
            column.distinct = int(pc.count_distinct(array).as_py())
            _temporal(column, array)
        else:
            _categories(column, array)  # sets the distinct count
        _warn(column)
        columns.append(column)
        report(progress, 0.9 * (index + 1) / max(table.num_columns, 1), field_.name)
    correlations = _correlations(table, numeric_names)
    warnings = [f"{c.name}: {w}" for c in columns for w in c.warnings]
    for a, row in correlations.items():
        for b, value in row.items():
            if a < b and abs(value) >= 0.95:
                warnings.append(
                    f"{a} and {b}: almost the same information (correlation {value:.2f})"
                )
    report(progress, 1.0, "done")
    return Profile(name, rows, columns, correlations, warnings)


def _correlations(table: pa.Table, names: list[str]) -> dict[str, dict[str, float]]:
    if len(names) < 2:
        return {}
    names = names[:60]  # a readable matrix; wider tables list the strongest pairs only
    matrix = np.column_stack(
        [table.column(n).to_numpy(zero_copy_only=False).astype("float64") for n in names]
    )
    keep = np.all(np.isfinite(matrix), axis=1)
    matrix = matrix[keep]
    if matrix.shape[0] < 3:
        return {}
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.corrcoef(matrix, rowvar=False)
    out: dict[str, dict[str, float]] = {}
    for i, a in enumerate(names):
        out[a] = {}
        for j, b in enumerate(names):
            value = _finite(values[i, j])
            if value is not None:
                out[a][b] = round(value, 4)
    return out
