"""Preparation recipes: a declarative, ordered list of steps stored as JSON or TOML.

{"format": "airlock-recipe/v1", "name": "clean",
 "steps": [{"op": "drop", "columns": ["notes"]},
           {"op": "impute", "columns": ["income"], "strategy": "median"},
           {"op": "split", "test": 0.2, "validation": 0.1, "stratify": "default",
            "seed": 7}]}
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from engine.errors import ValidationError

FORMAT = "airlock-recipe/v1"
# op -> (required fields, optional fields)
STEPS: dict[str, tuple[set[str], set[str]]] = {
    "select": ({"columns"}, set()),
    "drop": ({"columns"}, set()),
    "rename": ({"mapping"}, set()),
    "filter": ({"column", "operator"}, {"value"}),
    "cast": ({"column", "to"}, set()),
    "date_parts": ({"column"}, {"parts", "drop"}),
    "deduplicate": (set(), {"columns"}),
    "impute": ({"columns", "strategy"}, {"value"}),
    "encode": ({"columns"}, {"method"}),
    "scale": ({"columns"}, {"method"}),
    "bin": ({"column", "bins"}, {"strategy"}),
    "clip": ({"columns"}, {"lower", "upper", "lower_quantile", "upper_quantile"}),
    "mask": ({"column", "method"}, {"width", "unit", "keep_last"}),
    "split": (set(), {"test", "validation", "stratify", "seed", "column"}),
}
FEATURE_STEPS = ("impute", "encode", "scale", "bin", "clip")  # fitted, compile to sklearn
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "is null", "not null")
CHOICES = {
    ("impute", "strategy"): ("mean", "median", "most_frequent", "constant"),
    ("encode", "method"): ("onehot", "ordinal"),
    ("scale", "method"): ("standard", "minmax", "robust"),
    ("bin", "strategy"): ("uniform", "quantile"),
    ("cast", "to"): ("integer", "float", "string", "boolean", "datetime"),
    ("mask", "method"): ("drop", "hash", "generalise", "redact"),
    ("filter", "operator"): OPERATORS,
}
DATE_PARTS = ("year", "month", "day", "dayofweek", "quarter", "hour")
MAX_STEPS = 200
MAX_NAMES = 10_000  # columns, mapping entries, `in` values
MAX_TEXT = 300  # a column name, a stratify column, a choice


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_TEXT


def _number(value: Any) -> bool:
    import math

    return type(value) in (int, float) and math.isfinite(value)


def _scalar(value: Any) -> bool:
    return (
        value is None
        or type(value) is bool
        or _number(value)
        or (isinstance(value, str) and len(value) <= 10_000)
    )


# field -> (what it must be, its check); applied before anything reads the step
FIELDS: dict[str, tuple[str, Any]] = {
    "columns": (
        "a list of 1 to 10,000 column names",
        lambda v: isinstance(v, list) and 0 < len(v) <= MAX_NAMES and all(_text(c) for c in v),
    ),
    "column": ("a column name", _text),
    "stratify": ("a column name", _text),
    "mapping": (
        "a table of old name = new name (at most 10,000)",
        lambda v: (
            isinstance(v, dict)
            and 0 < len(v) <= MAX_NAMES
            and all(_text(k) and _text(n) for k, n in v.items())
        ),
    ),
    "operator": ("text", _text),
    "to": ("text", _text),
    "strategy": ("text", _text),
    "method": ("text", _text),
    "unit": ("text", _text),
    "value": (
        "a value, or a list of at most 10,000 values",
        lambda v: (
            _scalar(v)
            or (isinstance(v, list) and len(v) <= MAX_NAMES and all(_scalar(x) for x in v))
        ),
    ),
    "parts": (
        "a list of date parts",
        lambda v: isinstance(v, list) and all(isinstance(p, str) for p in v),
    ),
    "drop": ("true or false", lambda v: type(v) is bool),
    "bins": ("a whole number from 2 to 1,000", lambda v: type(v) is int and 2 <= v <= 1000),
    "lower": ("a number", _number),
    "upper": ("a number", _number),
    "lower_quantile": ("a fraction from 0 to 1", lambda v: _number(v) and 0 <= v <= 1),
    "upper_quantile": ("a fraction from 0 to 1", lambda v: _number(v) and 0 <= v <= 1),
    "width": ("a positive number", lambda v: _number(v) and 0 < v <= 1e15),
    "keep_last": ("a whole number from 0 to 64", lambda v: type(v) is int and 0 <= v <= 64),
    "test": ("a fraction from 0 to 1", _number),
    "validation": ("a fraction from 0 to 1", _number),
    "seed": ("a whole number from 0 to 2^32 - 1", lambda v: type(v) is int and 0 <= v < 2**32),
}


def load_recipe(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        body = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except RecursionError:
        raise ValidationError(f"{path.name} is nested too deeply to be a recipe.") from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(
            f"{path.name} is not valid {path.suffix[1:].upper() or 'JSON'}: {exc}."
        ) from None
    return check_recipe(body)


def check_recipe(body: Any) -> dict[str, Any]:
    """Validate a recipe document; messages name the step and the field."""
    if not isinstance(body, dict):
        raise ValidationError("A recipe is an object with 'format', 'name' and 'steps'.")
    if body.get("format", FORMAT) != FORMAT:
        raise ValidationError(f"The recipe's 'format' must be {FORMAT!r}.")
    steps = body.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ValidationError("The recipe needs a non-empty 'steps' list.")
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"A recipe has at most {MAX_STEPS} steps. Got {len(steps)}.")
    if sum(1 for s in steps if isinstance(s, dict) and s.get("op") == "split") > 1:
        raise ValidationError(
            "A recipe splits once: a second split would relabel rows the "
            "first kept aside for testing."
        )
    for number, step in enumerate(steps, 1):
        where = f"Step {number}"
        if (
            not isinstance(step, dict)
            or not isinstance(step.get("op"), str)
            or step["op"] not in STEPS
        ):
            raise ValidationError(
                f"{where}: 'op' must be one of {', '.join(STEPS)}. Got "
                f"{step.get('op') if isinstance(step, dict) else step!r}."
            )
        required, optional = STEPS[step["op"]]
        where = f"Step {number} ({step['op']})"
        missing = required - set(step)
        if missing:
            raise ValidationError(f"{where} needs {', '.join(sorted(missing))}.")
        unknown = set(step) - required - optional - {"op"}
        if unknown:
            raise ValidationError(
                f"{where} has unknown field(s): {', '.join(sorted(map(str, unknown)))}."
            )
        for key, value in step.items():
            if key in FIELDS and not FIELDS[key][1](value):
                raise ValidationError(
                    f"{where}: '{key}' must be {FIELDS[key][0]}. Got {_short(value)}."
                )
        for (op, key), allowed in CHOICES.items():
            if step["op"] == op and key in step and step[key] not in allowed:
                raise ValidationError(
                    f"{where}: '{key}' must be one of {', '.join(allowed)}. Got {step[key]!r}."
                )
        if "columns" in step and (
            not isinstance(step["columns"], list)
            or not all(isinstance(c, str) for c in step["columns"])
        ):
            raise ValidationError(f"{where}: 'columns' must be a list of column names.")
        if "columns" in step and len(set(step["columns"])) != len(step["columns"]):
            raise ValidationError(f"{where}: 'columns' names a column twice.")
        if step["op"] == "split":
            _check_split(step, where)
        if step["op"] == "date_parts" and not set(step.get("parts", DATE_PARTS)) <= set(DATE_PARTS):
            raise ValidationError(f"{where}: 'parts' may hold {', '.join(DATE_PARTS)}.")
    return {"format": FORMAT, "name": str(body.get("name") or "recipe"), "steps": steps}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _check_split(step: dict[str, Any], where: str) -> None:
    test, validation = step.get("test", 0.2), step.get("validation", 0.0)
    for key, value in (("test", test), ("validation", validation)):
        if not isinstance(value, int | float) or not 0 <= value < 1:
            raise ValidationError(f"{where}: '{key}' must be a fraction from 0 to 1.")
    if test <= 0:  # a split without test rows: every metric would come from training rows
        raise ValidationError(
            f"{where}: 'test' must be above 0; a split keeps rows aside for testing.",
            hint="Leave the split step out to keep every row for training.",
        )
    if test + validation >= 1:
        raise ValidationError(
            f"{where}: 'test' and 'validation' together must leave rows for training."
        )
    if "seed" in step and type(step["seed"]) is not int:
        raise ValidationError(f"{where}: 'seed' must be a whole number.")
