"""A production model's performance over chunks of current data: the labels that arrived
later (a file joined on an id column, or a target column already in the data), realised
performance where they are known, CBPE estimates where they are not, and the streaming
detectors over the error stream."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import ValidationError
from engine.jobs import CancelToken, check
from engine.monitoring.concept import detect
from engine.monitoring.performance import PerformanceResult, performance
from engine.training.spec import SPLIT_COLUMN


@dataclass(frozen=True)
class PerformanceReport:
    model: str
    reference: str
    current: str
    rows: int
    labelled: int
    result: PerformanceResult
    detections: dict[str, list[int]]  # detector -> chunks where it signalled drift
    notes: tuple[str, ...]
    fairness: dict[str, list[Any]] = field(default_factory=dict)  # attribute -> per chunk

    @property
    def fairness_alerts(self) -> list[str]:
        return [
            f"{c.period or f'chunk {c.index + 1}'}: {attribute} parity ratio "
            f"{c.ratio:.2f}"
            + (f" [{c.low:.2f}, {c.high:.2f}]" if c.low is not None else "")
            + " below four fifths"
            for attribute, chunks in self.fairness.items()
            for c in chunks
            if c.clearly_below
        ]  # the interval too: one small chunk's noise is not one

    @property
    def alerts(self) -> list[str]:
        out = []
        for chunk in self.result.chunks:
            where = chunk.period or f"chunk {chunk.index + 1}"
            if chunk.realised_alert:
                out.append(
                    f"{where}: realised {self.result.metric} {chunk.realised:.3f} "
                    f"outside [{chunk.low:.3f}, {chunk.high:.3f}]"
                )
            elif chunk.estimated_alert:
                out.append(
                    f"{where}: estimated {self.result.metric} {chunk.estimated:.3f} "
                    f"outside [{chunk.low:.3f}, {chunk.high:.3f}]"
                )
        return out

    def level(self, outside: int = 2) -> str:
        """The monitors' rule: an alert when realised performance left the band in at least
        `outside` chunks (or the parity ratio clearly fell below four fifths in as many); a
        warning for fewer, or for estimated figures only. One chunk outside a 3σ band among
        a hundred is what noise does (about one in 370)."""
        chunks = self.result.chunks
        realised = sum(c.realised_alert for c in chunks)
        estimated = sum(c.estimated_alert for c in chunks)
        clearly = sum(c.clearly_below for chunks_of in self.fairness.values() for c in chunks_of)
        return (
            "alert"
            if realised >= outside or clearly >= outside
            else "warning"
            if realised or clearly or estimated >= outside
            else "ok"
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {
            "result": self.result.as_json(),
            "alerts": self.alerts,
            "fairness_alerts": self.fairness_alerts,
        }


def _key(series: pd.Series) -> pd.Series:
    """Ids as text that matches whether a file wrote 1001, 1001.0 or "1001"."""
    numbers = pd.to_numeric(series, errors="coerce")
    if numbers.notna().all() and (numbers == numbers.round()).all():
        return numbers.astype("int64").astype(str)
    return series.astype(str).str.strip()


def join_labels(
    current: pd.DataFrame,
    labels: Path,
    id_column: str,
    label_column: str,
    cancel: CancelToken | None = None,
) -> tuple[pd.Series, list[str]]:
    """The label of each current row (None where none arrived), from a file of ids and
    labels, and what the join found."""
    from engine.data.importer import read_table_from_file

    if id_column not in current.columns:
        raise ValidationError(
            f"The current data has no id column {id_column!r} to join the labels on.",
            hint=f"Its columns: {', '.join(current.columns)}.",
        )
    table, _sha = read_table_from_file(Path(labels), cancel=cancel)
    frame = table.to_pandas()
    for needed in (id_column, label_column):
        if needed not in frame.columns:
            raise ValidationError(
                f"{Path(labels).name} has no column {needed!r}.",
                hint=f"It needs the id column and the label column; it "
                f"has {', '.join(frame.columns)}.",
            )
    frame = frame[frame[id_column].notna()]
    keys = _key(frame[id_column])
    repeated = keys[keys.duplicated()]
    if len(repeated):
        raise ValidationError(
            f"{Path(labels).name} gives {len(repeated):,} ids more than one "
            f"label (for example {repeated.iloc[0]}).",
            hint="Keep one label per id.",
        )
    known = dict(zip(keys, frame[label_column], strict=True))
    present = current[id_column].notna()
    current_keys = pd.Series([None] * len(current), index=current.index, dtype=object)
    current_keys[present] = _key(current.loc[present, id_column])
    joined = current_keys.map(lambda k: known.get(k) if k is not None else None)
    joined = joined.astype(object).where(joined.notna(), None)
    matched = int(joined.notna().sum())
    unmatched = len(known) - len(set(current_keys.dropna()) & set(known))
    notes = [f"{matched:,} of {len(current):,} rows have a label from {Path(labels).name}"]
    if (~present).any():
        notes.append(f"{int((~present).sum()):,} current rows have no {id_column} and get no label")
    repeated_current = int(current_keys.dropna().duplicated().sum())
    if repeated_current:
        notes.append(
            f"{repeated_current:,} current rows repeat another row's "
            f"{id_column} and share its label"
        )
    if unmatched:
        notes.append(f"{unmatched:,} labels in {Path(labels).name} match no current row")
    return joined, notes


def _align(values: pd.Series, classes: list[Any]) -> pd.Series:
    """Labels read from a file as the classes' type (0/1 as numbers, not text; "1" for a 1.0
    read as a float because of a blank); a value that does not parse is kept as it is, so
    the check names it. Missing labels are None."""

    def one(value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if numeric:
            try:
                return float(value)
            except (TypeError, ValueError):
                return value
        if textual:
            return (
                str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
            )
        return value

    numeric = bool(classes) and all(
        isinstance(c, (int, float)) and not isinstance(c, bool) for c in classes
    )
    textual = bool(classes) and isinstance(classes[0], str)
    return pd.Series([one(v) for v in values.tolist()], index=values.index, dtype=object)


def _periods(times: pd.Series, period: str) -> tuple[list[tuple[int, int]], pd.Series]:
    """Row ranges of each calendar period of `times` (already sorted) and each row's period."""
    from engine.monitoring.chunks import PERIODS

    if period not in PERIODS:
        raise ValidationError(f"The period is one of {', '.join(PERIODS)}. Got {period!r}.")
    dates = pd.to_datetime(times, errors="coerce", format="mixed")
    if dates.isna().any():
        raise ValidationError(
            f"{int(dates.isna().sum()):,} rows have no date in the time "
            "column, so they belong to no period."
        )
    keys = dates.dt.to_period(PERIODS[period]).astype(str).reset_index(drop=True)
    change = np.flatnonzero(keys.to_numpy()[1:] != keys.to_numpy()[:-1]) + 1
    edges = [0, *change.tolist(), len(keys)]
    return list(pairwise(edges)), keys


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first} … {last}"


def measure(
    model: Any,
    version: Any,
    reference: pd.DataFrame,
    ref_label: str,
    current: pd.DataFrame,
    cur_label: str,
    *,
    labels: Path | None = None,
    id_column: str | None = None,
    label_column: str | None = None,
    metric: str | None = None,
    chunk: int | None = None,
    time_column: str | None = None,
    segments: list[tuple[str, int]] | None = None,
    period: str | None = None,
    fairness: list[str] | None = None,
    cancel: CancelToken | None = None,
) -> PerformanceReport:
    """`segments`: (label, rows) of the consecutive parts the current data was read from
    (the versions of a window), to name each chunk's period when there is no time column."""
    from engine.registry.signature import check_input, score_frame

    output = version.signature["output"]
    if output["task"] == "regression":
        raise ValidationError(
            f"{version.ref} is a regression model; performance estimation "
            "without labels (CBPE) and these bands are for classifiers.",
            hint="Compare its predictions with `airlock drift --model`.",
        )
    classes = list(output["classes"])
    target = version.manifest.get("target", "")
    notes: list[str] = []
    if SPLIT_COLUMN in reference.columns and (reference[SPLIT_COLUMN] == "test").any():
        reference = reference[reference[SPLIT_COLUMN] == "test"]
        notes.append(
            f"reference: the {len(reference):,} test rows of {ref_label} (the model never saw them)"
        )
    if target not in reference.columns:
        raise ValidationError(
            f"The reference {ref_label} has no column {target!r}, the target of {version.ref}."
        )
    reference = reference[reference[target].notna()].reset_index(drop=True)
    if time_column:
        if time_column not in current.columns:
            raise ValidationError(f"The current data has no column {time_column!r}.")
        order = pd.to_datetime(current[time_column], errors="coerce", format="mixed")
        current = current.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
    if current.empty:
        raise ValidationError(f"{cur_label} has no rows to measure performance on.")
    if labels is not None:
        cur_y, joined = join_labels(
            current, labels, id_column or "", label_column or target, cancel
        )
        notes.extend(joined)
    elif target in current.columns:
        cur_y = current[target].astype(object).where(current[target].notna(), None)
        notes.append(
            f"labels: the {target!r} column of {cur_label} "
            f"({int(current[target].notna().sum()):,} rows)"
        )
    else:
        cur_y = None
        notes.append("no labels yet: estimated performance only")
    check(cancel)
    probabilities = []
    for frame in (reference, current):
        checked = check_input(frame, version.signature, version.ref)
        scored = score_frame(model, checked, version.signature, None)
        probabilities.append(scored[[f"probability_{c}" for c in classes]].to_numpy(float))
        check(cancel)
    metric = metric or ("roc_auc" if len(classes) == 2 else "accuracy")
    bounds, keys = None, None
    if period:
        if not time_column:
            raise ValidationError("Chunks by period need the time column (--time-column).")
        bounds, keys = _periods(current[time_column], period)
        if not chunk:  # reference chunks as large as a typical period, at least 6 of them
            typical = int(np.median([e - s for s, e in bounds]))
            chunk = max(10, min(typical, len(reference) // 6))
    chunk = chunk or max(10, len(reference) // 10)
    aligned = None if cur_y is None else _align(pd.Series(cur_y), classes).to_numpy(object)
    result = performance(
        _align(reference[target], classes).to_numpy(object),
        probabilities[0],
        probabilities[1],
        classes,
        metric,
        chunk,
        aligned,
        bounds,
    )
    names: pd.Series | None = None
    if keys is not None:
        names = keys
    elif time_column:
        names = (
            pd.to_datetime(current[time_column], errors="coerce", format="mixed")
            .dt.strftime("%Y-%m-%d")
            .fillna("no date")
        )
    elif segments and len(segments) > 1:
        names = pd.Series(np.repeat([s for s, _ in segments], [n for _, n in segments]))
    if names is not None:
        result = replace(
            result,
            chunks=tuple(
                replace(c, period=_span(names.iloc[c.start], names.iloc[c.start + c.rows - 1]))
                for c in result.chunks
            ),
        )
    detections: dict[str, list[int]] = {}
    labelled = 0 if aligned is None else int(sum(v is not None for v in aligned))
    if labelled:
        rows = np.array([i for i, v in enumerate(aligned) if v is not None])  # type: ignore[arg-type]
        predicted = np.asarray(classes, dtype=object)[probabilities[1].argmax(axis=1)]
        errors = (predicted[rows] != aligned[rows]).astype(float)  # type: ignore[index]
        starts = np.array([c.start for c in result.chunks])
        for found in detect(errors):
            detections[found.detector] = sorted(
                {int(np.searchsorted(starts, rows[p], side="right") - 1) for p in found.drifts}
            )
    drift: dict[str, list[Any]] = {}
    if fairness:
        from engine.governance.fairness_chunks import over_chunks

        if len(classes) != 2:
            raise ValidationError("Fairness over chunks is for binary classifiers.")
        missing = [a for a in fairness if a not in current.columns]
        if missing:
            raise ValidationError(
                f"{cur_label} has no column {', '.join(missing)} to measure fairness by."
            )
        positive = version.signature["output"].get("positive", classes[1])
        predicted = np.asarray(classes, dtype=object)[probabilities[1].argmax(axis=1)]
        spans = [(c.start, c.start + c.rows) for c in result.chunks]
        for attribute in fairness:
            drift[attribute] = over_chunks(
                predicted,
                positive,
                current[attribute],
                spans,
                [c.period for c in result.chunks],
                labels=aligned,
            )
    return PerformanceReport(
        version.ref,
        ref_label,
        cur_label,
        len(current),
        labelled,
        result,
        detections,
        tuple(notes),
        drift,
    )
