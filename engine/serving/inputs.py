"""A request's rows, checked against the served version's signature: the columns it needs,
numbers where it expects numbers, and the categories it never saw reported per row (scored
as unknown, as batch scoring does). What cannot be scored is an InputError naming the row and
the column: the service answers 422 with it."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


class InputError(Exception):
    def __init__(self, message: str, column: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message, self.column, self.row = message, column, row


@dataclass(frozen=True)
class Checked:
    columns: dict[str, list[Any]]  # the model's columns: floats, text, booleans or None
    kinds: dict[str, str]
    unknown: list[dict[str, Any]]  # {"row", "column", "value"}: categories never seen
    out_of_range: list[dict[str, Any]]  # {"row", "column", "value"}: outside training's range

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def frame(self) -> pd.DataFrame:
        """As `airlock score` hands them to the model (registry/signature.check_input)."""
        frame = pd.DataFrame(self.columns)
        for name, kind in self.kinds.items():
            if kind in ("integer", "number"):
                frame[name] = frame[name].astype("float64")
            elif kind == "datetime":
                frame[name] = pd.to_datetime(frame[name], errors="coerce")
            elif kind != "boolean":
                frame[name] = frame[name].astype("object")
        return frame

    def records(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        columns = self.columns.values()
        return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def rows_from_json(body: Any, max_rows: int) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        raise InputError('The body is a JSON object with "rows": a list of records.')
    rows = body["rows"]
    if not rows:
        raise InputError('"rows" is empty: send at least one record.')
    if len(rows) > max_rows:
        raise InputError(f"At most {max_rows:,} rows per request. Got {len(rows):,}.")
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise InputError(f"Row {number} is not a JSON object of column: value.", row=number)
    return rows


def rows_from_csv(text: str, max_rows: int) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise InputError("The CSV body has no header row.")
    rows: list[dict[str, Any]] = []
    for row in reader:
        if len(rows) == max_rows:
            raise InputError(f"At most {max_rows:,} rows per request.")
        rows.append({k: (None if v == "" else v) for k, v in row.items() if k is not None})
    if not rows:
        raise InputError("The CSV body has a header but no rows.")
    return rows


_MISSING = object()


def check_rows(rows: list[dict[str, Any]], signature: dict[str, Any]) -> Checked:
    inputs = signature["inputs"]
    columns: dict[str, list[Any]] = {}
    unknown: list[dict[str, Any]] = []
    outside: list[dict[str, Any]] = []
    for spec in inputs:
        name, kind = spec["name"], spec["kind"]
        raw = [row.get(name, _MISSING) for row in rows]
        if _MISSING in raw:
            number = raw.index(_MISSING) + 1
            raise InputError(
                f"Row {number} has no column {name!r}, which the model needs.",
                column=name,
                row=number,
            )
        values: list[Any]
        if kind in ("integer", "number"):
            values = _numbers(raw, name)
            bounds = spec.get("range")
            if bounds:
                low, high = bounds[0], bounds[1]
                outside.extend(
                    {"row": number, "column": name, "value": v}
                    for number, v in enumerate(values, 1)
                    if v is not None and not low <= v <= high
                )
        elif kind == "boolean":
            values = [_boolean(v, name, number) for number, v in enumerate(raw, 1)]
        else:  # text (and datetime, which the model reads from text)
            values = [None if v is None else str(v) for v in raw]
            known = set(spec.get("categories") or ())
            if known and kind != "datetime":
                unknown.extend(
                    {"row": number, "column": name, "value": v}
                    for number, v in enumerate(values, 1)
                    if v is not None and v not in known
                )
        columns[name] = values
    kinds = {spec["name"]: spec["kind"] for spec in inputs}
    return Checked(columns, kinds, unknown, outside)


def _numbers(raw: list[Any], column: str) -> list[float | None]:
    """A column of numbers: NumPy converts a clean one at once; anything else goes value by
    value, so the message names the row."""
    if not any(type(v) is bool for v in raw):
        try:
            array = np.array([np.nan if v is None else v for v in raw], dtype=float)
        except (TypeError, ValueError):
            array = None
        if array is not None and not np.isinf(array).any():
            return [None if v != v else v for v in array.tolist()]
    return [_number(v, column, number) for number, v in enumerate(raw, 1)]


def _number(value: Any, column: str, row: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(
            f"Column {column!r} holds numbers; row {row} holds {value!r}.", column, row
        )
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise InputError(
                f"Column {column!r} holds numbers; row {row} holds {str(value)[:40]!r}.",
                column,
                row,
            ) from None
    if math.isinf(number):
        raise InputError(
            f"Column {column!r} holds finite numbers; row {row} holds {value!r}.", column, row
        )
    return None if math.isnan(number) else number


def _boolean(value: Any, column: str, row: int) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise InputError(
        f"Column {column!r} holds true or false; row {row} holds {str(value)[:40]!r}.",
        column,
        row,
    )
