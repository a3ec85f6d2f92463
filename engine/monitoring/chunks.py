"""Drift over chunks of the current data — by calendar period of a date column (month,
week, day) or by consecutive rows — each compared with the same reference profile, so a
report shows when the drift began and how it grew."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from engine.errors import ValidationError
from engine.jobs import CancelToken, check
from engine.monitoring.drift import DriftOptions, DriftReport, ReferenceProfile, compare

PERIODS = {"month": "M", "week": "W", "day": "D", "quarter": "Q"}
MIN_ROWS = 30  # a chunk with fewer rows is too small to test; it is listed, not compared


@dataclass(frozen=True)
class ChunkDrift:
    label: str
    rows: int
    report: DriftReport | None  # None: too few rows


def split(
    table: pa.Table, *, size: int | None = None, by: str | None = None, period: str = "month"
) -> list[tuple[str, pa.Table]]:
    """The current data cut into chunks, oldest first."""
    if (size is None) == (by is None):
        raise ValidationError("Chunk the data either by rows or by a date column.")
    if size is not None:
        if size < MIN_ROWS:
            raise ValidationError(f"A chunk holds at least {MIN_ROWS} rows. Got {size}.")
        starts = range(0, table.num_rows, size)
        return [
            (f"rows {s + 1:,}–{min(s + size, table.num_rows):,}", table.slice(s, size))
            for s in starts
        ]
    import pandas as pd

    assert by is not None
    if by not in table.column_names:
        raise ValidationError(
            f"The current data has no column {by!r} to chunk by.",
            hint=f"Its columns: {', '.join(table.column_names)}.",
        )
    if period not in PERIODS:
        raise ValidationError(f"The period is one of {', '.join(PERIODS)}. Got {period!r}.")
    dates = pd.to_datetime(table.column(by).to_pandas(), errors="coerce")
    if dates.notna().sum() == 0:
        raise ValidationError(f"Column {by!r} holds no dates to chunk by.")
    keys = dates.dt.to_period(PERIODS[period]).astype(str).where(dates.notna(), None)
    out = []
    for key in sorted(k for k in keys.dropna().unique()):
        rows = np.flatnonzero((keys == key).to_numpy())
        out.append((str(key), table.take(pa.array(rows))))
    missing = int(dates.isna().sum())
    if missing:
        out.append((f"no {by}", table.take(pa.array(np.flatnonzero(dates.isna().to_numpy())))))
    return out


def over_chunks(
    reference: ReferenceProfile,
    table: pa.Table,
    options: DriftOptions,
    *,
    size: int | None = None,
    by: str | None = None,
    period: str = "month",
    cancel: CancelToken | None = None,
) -> list[ChunkDrift]:
    out = []
    for label, part in split(table, size=size, by=by, period=period):
        check(cancel)
        out.append(
            ChunkDrift(
                label,
                part.num_rows,
                compare(reference, part, label, options) if part.num_rows >= MIN_ROWS else None,
            )
        )
    return out


def figure(chunks: list[ChunkDrift], options: DriftOptions) -> object:
    """Drift share per chunk, and which columns drift in which chunk."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    tested = [c for c in chunks if c.report is not None]
    columns = [c.column for c in tested[0].report.columns] if tested else []  # type: ignore[union-attr]
    height = 2.4 + 0.18 * len(columns)
    fig = Figure(figsize=(8, height), dpi=80)
    share, grid = fig.subplots(
        2, 1, height_ratios=[2.2, max(0.18 * len(columns), 0.6)], sharex=True
    )
    x = np.arange(len(tested))
    share.plot(x, [c.report.drift_share for c in tested], marker="o")  # type: ignore[union-attr]
    share.axhline(options.drift_share, color="#c0392b", linestyle="--", linewidth=1)
    share.axhline(options.warning_share, color="#e67e22", linestyle="--", linewidth=1)
    share.set_ylabel("drifted columns", fontsize=8)
    share.set_ylim(0, 1)
    if columns:
        marks = np.array(
            [
                [float(col.drifted) for col in c.report.columns]  # type: ignore[union-attr]
                for c in tested
            ]
        ).T
        grid.imshow(marks, aspect="auto", cmap="Reds", vmin=0, vmax=1.4, interpolation="nearest")
        grid.set_yticks(np.arange(len(columns)), columns, fontsize=7)
    grid.set_xticks(x, [c.label for c in tested], rotation=45, ha="right", fontsize=7)
    fig.tight_layout()
    return fig
