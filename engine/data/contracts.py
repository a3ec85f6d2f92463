"""Data contracts: what a dataset must look like (types, missing values, ranges, allowed
categories, uniqueness, text patterns, row counts), inferred from a version, edited as JSON,
versioned, and checked by engine/data/validation.py."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import ValidationError

FORMAT = "airlock-contract/v1"
TYPES = ("integer", "float", "numeric", "string", "boolean", "datetime")
RULES = ("type", "nullable", "min", "max", "allowed", "unique", "pattern", "required")
MAX_ALLOWED = 50  # categories inferred as an allowed list up to this many
_SHAPES = [(r"[0-9]", "0-9"), (r"[A-Z0-9]", "A-Z0-9"), (r"[A-Za-z0-9]", "A-Za-z0-9")]


def arrow_family(kind: pa.DataType) -> str:
    if pa.types.is_boolean(kind):
        return "boolean"
    if pa.types.is_integer(kind):
        return "integer"
    if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return "float"
    if pa.types.is_temporal(kind):
        return "datetime"
    return "string"


def type_matches(expected: str, kind: pa.DataType) -> bool:
    family = arrow_family(kind)
    return (
        family == expected
        or (expected == "numeric" and family in ("integer", "float"))
        or (expected == "float" and family == "integer")
    )


def _pattern(values: list[str]) -> str | None:
    """A simple regex that every value matches: digits, code letters, with length bounds."""
    if not values:
        return None
    low, high = min(map(len, values)), max(map(len, values))
    if high == 0 or high > 64:
        return None
    size = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
    for char_class, body in _SHAPES:
        if all(re.fullmatch(f"{char_class}+", v) for v in values):
            return f"^[{body}]{size}$"
    return None


def infer(table: pa.Table, schema: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """A contract that the given data passes, as a starting point to edit."""
    semantic = {c["name"]: c["semantic"] for c in schema}
    columns = []
    for field_ in table.schema:
        array = table.column(field_.name)
        rule: dict[str, Any] = {
            "name": field_.name,
            "type": arrow_family(field_.type),
            "nullable": array.null_count > 0,
            "required": True,
        }
        present = array.drop_null()
        kind = semantic.get(field_.name, "")
        if rule["type"] in ("integer", "float") and len(present) and kind != "identifier":
            # (an identifier's range says nothing about the data: new rows get new IDs)
            low, high = pc.min(present).as_py(), pc.max(present).as_py()
            rule["min"], rule["max"] = low, high
        if kind == "identifier":
            rule["unique"] = True
        if rule["type"] == "string" and len(present):
            distinct = pc.unique(present)
            if kind == "categorical" and len(distinct) <= MAX_ALLOWED:
                rule["allowed"] = sorted(str(v) for v in distinct.to_pylist())
            else:
                sample = distinct.to_pylist()[:20_000]
                pattern = _pattern([str(v) for v in sample])
                if pattern and all(
                    re.fullmatch(pattern[1:-1], str(v)) for v in distinct.to_pylist()
                ):
                    rule["pattern"] = pattern
        columns.append(rule)
    rows = table.num_rows
    return {
        "format": FORMAT,
        "name": name,
        "rows": {"min": max(1, rows // 2), "max": rows * 2},
        "allow_extra_columns": False,
        "columns": columns,
    }


def check_contract(body: Any) -> dict[str, Any]:
    """Validate a contract document; return it normalised. Raises ValidationError naming
    the place and the problem."""
    if not isinstance(body, dict):
        raise ValidationError("A contract is a JSON object.")
    if body.get("format") != FORMAT:
        raise ValidationError(
            f"The contract's 'format' must be {FORMAT!r}. Got {body.get('format')!r}."
        )
    columns = body.get("columns")
    if not isinstance(columns, list) or not columns:
        raise ValidationError("The contract needs a non-empty 'columns' list.")
    rows = body.get("rows") or {}
    if not isinstance(rows, dict) or any(
        k not in ("min", "max") or (v is not None and (type(v) is not int or v < 0))
        for k, v in rows.items()
    ):
        raise ValidationError("'rows' takes 'min' and 'max' as whole numbers ≥ 0.")
    names = set()
    for index, rule in enumerate(columns):
        where = f"columns[{index}]"
        if not isinstance(rule, dict) or not isinstance(rule.get("name"), str):
            raise ValidationError(f"{where} needs a 'name'.")
        where = f"column {rule['name']!r}"
        if rule["name"] in names:
            raise ValidationError(f"{where} appears twice in the contract.")
        names.add(rule["name"])
        unknown = set(rule) - {"name", *RULES}
        if unknown:
            raise ValidationError(
                f"{where} has unknown rule(s): {', '.join(sorted(unknown))}. "
                f"Known: {', '.join(RULES)}."
            )
        if rule.get("type") not in TYPES:
            raise ValidationError(
                f"{where}: 'type' must be one of {', '.join(TYPES)}. Got {rule.get('type')!r}."
            )
        for key in ("min", "max"):
            if key in rule and rule[key] is not None and not isinstance(rule[key], int | float):
                raise ValidationError(f"{where}: '{key}' must be a number.")
        if "allowed" in rule and not isinstance(rule["allowed"], list):
            raise ValidationError(f"{where}: 'allowed' must be a list of values.")
        if "pattern" in rule:
            try:
                re.compile(rule["pattern"])
            except (re.error, TypeError) as exc:
                raise ValidationError(
                    f"{where}: 'pattern' is not a valid regular expression ({exc})."
                ) from None
    return body
