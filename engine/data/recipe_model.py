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


def load_recipe(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        body = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"{path.name} is not valid {path.suffix[1:].upper() or 'JSON'}: "
                              f"{exc}.") from None
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
    for number, step in enumerate(steps, 1):
        where = f"Step {number}"
        if not isinstance(step, dict) or step.get("op") not in STEPS:
            raise ValidationError(f"{where}: 'op' must be one of {', '.join(STEPS)}. Got "
                                  f"{step.get('op') if isinstance(step, dict) else step!r}.")
        required, optional = STEPS[step["op"]]
        where = f"Step {number} ({step['op']})"
        missing = required - set(step)
        if missing:
            raise ValidationError(f"{where} needs {', '.join(sorted(missing))}.")
        unknown = set(step) - required - optional - {"op"}
        if unknown:
            raise ValidationError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}.")
        for (op, key), allowed in CHOICES.items():
            if step["op"] == op and key in step and step[key] not in allowed:
                raise ValidationError(f"{where}: '{key}' must be one of {', '.join(allowed)}. "
                                      f"Got {step[key]!r} instead.")
        if "columns" in step and (not isinstance(step["columns"], list) or not all(
                isinstance(c, str) for c in step["columns"])):
            raise ValidationError(f"{where}: 'columns' must be a list of column names.")
        if step["op"] == "split":
            _check_split(step, where)
        if step["op"] == "date_parts" and not set(step.get("parts", DATE_PARTS)) <= set(
                DATE_PARTS):
            raise ValidationError(f"{where}: 'parts' may hold {', '.join(DATE_PARTS)}.")
    return {"format": FORMAT, "name": str(body.get("name") or "recipe"), "steps": steps}


def _check_split(step: dict[str, Any], where: str) -> None:
    test, validation = step.get("test", 0.2), step.get("validation", 0.0)
    for key, value in (("test", test), ("validation", validation)):
        if not isinstance(value, int | float) or not 0 <= value < 1:
            raise ValidationError(f"{where}: '{key}' must be a fraction from 0 to 1.")
    if test + validation >= 1:
        raise ValidationError(f"{where}: 'test' and 'validation' together must leave rows "
                              "for training.")
    if "seed" in step and type(step["seed"]) is not int:
        raise ValidationError(f"{where}: 'seed' must be a whole number.")
