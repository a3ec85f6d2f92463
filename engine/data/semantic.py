"""Semantic column types, inferred while a dataset streams in and overridable by the user:
numeric, categorical, boolean, datetime, text, identifier."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import ValidationError

SEMANTIC_TYPES = ("numeric", "categorical", "boolean", "datetime", "text", "identifier")
DISTINCT_CAP = 50_000  # exact distinct counts up to here; beyond, "more than"
# A column whose first batch has no repeated value may be an identifier: it is tracked
# exactly up to this many values, to tell.
IDENTIFIER_CAP = 5_000_000
_ID_NAME = re.compile(r"(^|[_\s-])(id|key|code|no|number|uuid|guid|ref)$|^id[_\s-]", re.I)
# CamelCase names as public data sets write them: PassengerId, CustomerID, EmployeeNumber
_CAMEL_ID = re.compile(r"[a-z0-9](Id|ID|Key|No|Number|Code|Ref)$")
# a row number a spreadsheet or pandas wrote out as a column: never a feature (issue 19)
# (column_N: the name the importer gives a column whose header was empty, as pandas writes
# its index)
_INDEX_NAME = re.compile(
    r"^(unnamed:?\s*\d*|index|idx|level_0|row|rownum|row[_\s-]?(id|no|num|"
    r"number)|#|n|s\.?\s?no\.?|serial|column_\d+|)$",
    re.I,
)


@dataclass
class ColumnStats:
    name: str
    type: pa.DataType
    count: int = 0
    nulls: int = 0
    chars: int = 0  # total string length, for the average
    distinct: pa.Array | None = None  # unique values so far, while under the cap
    capped: bool = False
    candidate: bool | None = None  # every value distinct in the first batch
    overrides: list[str] = field(default_factory=list)
    _pending: list[pa.Array] = field(default_factory=list, repr=False)
    _pending_rows: int = 0

    def update(self, array: pa.Array) -> None:
        self.count += len(array)
        self.nulls += array.null_count
        if pa.types.is_string(self.type) or pa.types.is_large_string(self.type):
            self.chars += int(pc.sum(pc.utf8_length(array)).as_py() or 0)
        if self.capped:
            return
        values = pc.unique(array.drop_null())
        if self.candidate is None:
            present = len(array) - array.null_count
            # only whole numbers and text can be identifiers; decimals are measurements
            self.candidate = (
                present > 20
                and len(values) == present
                and (
                    pa.types.is_integer(self.type)
                    or pa.types.is_string(self.type)
                    or pa.types.is_large_string(self.type)
                )
            )
        self._pending.append(values)
        self._pending_rows += len(values)
        # Merge when the pending values outnumber those already merged: each value is
        # merged O(log n) times in all, not once per batch (which was quadratic).
        if self._pending_rows >= max(len(self.distinct or ()), 65_536):
            self._merge()

    def _merge(self) -> None:
        if not self._pending or self.capped:
            return
        parts = ([self.distinct] if self.distinct is not None else []) + self._pending
        parts = [p if p.type == parts[0].type else p.cast(parts[0].type) for p in parts]
        merged = pc.unique(pa.concat_arrays(parts)) if len(parts) > 1 else parts[0]
        self._pending, self._pending_rows = [], 0
        if self.candidate and len(merged) < self._merged_present():
            self.candidate = False  # a repeated value: not an identifier after all
        if len(merged) > (IDENTIFIER_CAP if self.candidate else DISTINCT_CAP):
            self.capped, self.distinct = True, None
        else:
            self.distinct = merged

    def _merged_present(self) -> int:
        return self.count - self.nulls

    @property
    def distinct_count(self) -> int | None:
        self._merge()
        if self.capped:
            return None
        return 0 if self.distinct is None else len(self.distinct)

    def semantic(self) -> str:
        kind = self.type
        present = self.count - self.nulls
        distinct = self.distinct_count
        unique = distinct is not None and present > 20 and distinct == present
        if pa.types.is_boolean(kind):
            return "boolean"
        if pa.types.is_temporal(kind):
            return "datetime"
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            if (
                pa.types.is_integer(kind)
                and unique
                and (_id_name(self.name) or _INDEX_NAME.match(self.name.strip()))
            ):
                return "identifier"
            return "numeric"
        if present == 0:
            return "categorical"
        average = self.chars / present if present else 0
        if unique and (average <= 40 or _id_name(self.name)):
            return "identifier"
        if distinct is not None and distinct <= max(50, present // 20) and average <= 60:
            return "categorical"
        return "text"

    def describe(self, semantic: str | None = None) -> dict[str, object]:
        return {
            "name": self.name,
            "type": str(self.type),
            "semantic": semantic or self.semantic(),
            "nulls": self.nulls,
            "distinct": self.distinct_count,
        }


def _id_name(name: str) -> bool:
    return bool(_ID_NAME.search(name) or _CAMEL_ID.search(name))


def check_semantic(column: str, value: str) -> str:
    value = value.strip().lower()
    if value not in SEMANTIC_TYPES:
        raise ValidationError(
            f"The type of column {column!r} must be one of "
            f"{', '.join(SEMANTIC_TYPES)}. Got {value!r}."
        )
    return value
