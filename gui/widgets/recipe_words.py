"""Recipe steps in words: field and operator labels, choices, values as typed and shown, and a
one-line summary of a step."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication


def field_label(key: str) -> str:
    labels = {
        "columns": QCoreApplication.translate("RecipeFields", "Columns:"),
        "column": QCoreApplication.translate("RecipeFields", "Column:"),
        "mapping": QCoreApplication.translate("RecipeFields", "New names:"),
        "operator": QCoreApplication.translate("RecipeFields", "Condition:"),
        "value": QCoreApplication.translate("RecipeFields", "Value:"),
        "to": QCoreApplication.translate("RecipeFields", "Convert to:"),
        "parts": QCoreApplication.translate("RecipeFields", "Date parts:"),
        "drop": QCoreApplication.translate("RecipeFields", "Drop the date column"),
        "strategy": QCoreApplication.translate("RecipeFields", "Strategy:"),
        "method": QCoreApplication.translate("RecipeFields", "Method:"),
        "bins": QCoreApplication.translate("RecipeFields", "Bins:"),
        "lower_quantile": QCoreApplication.translate("RecipeFields", "Lower quantile:"),
        "upper_quantile": QCoreApplication.translate("RecipeFields", "Upper quantile:"),
        "lower": QCoreApplication.translate("RecipeFields", "Lower bound:"),
        "upper": QCoreApplication.translate("RecipeFields", "Upper bound:"),
        "width": QCoreApplication.translate("RecipeFields", "Band width:"),
        "unit": QCoreApplication.translate("RecipeFields", "Date unit:"),
        "keep_last": QCoreApplication.translate("RecipeFields", "Keep last characters:"),
        "test": QCoreApplication.translate("RecipeFields", "Test share:"),
        "validation": QCoreApplication.translate("RecipeFields", "Validation share:"),
        "stratify": QCoreApplication.translate("RecipeFields", "Stratify by:"),
        "seed": QCoreApplication.translate("RecipeFields", "Seed:"),
        "split_column": QCoreApplication.translate("RecipeFields", "Label column:"),
    }
    return labels.get(key, key)


def op_label(op: str) -> str:
    labels = {
        "select": QCoreApplication.translate("RecipeFields", "Keep columns"),
        "drop": QCoreApplication.translate("RecipeFields", "Drop columns"),
        "rename": QCoreApplication.translate("RecipeFields", "Rename columns"),
        "filter": QCoreApplication.translate("RecipeFields", "Filter rows"),
        "cast": QCoreApplication.translate("RecipeFields", "Change type"),
        "date_parts": QCoreApplication.translate("RecipeFields", "Date parts"),
        "deduplicate": QCoreApplication.translate("RecipeFields", "Remove duplicates"),
        "impute": QCoreApplication.translate("RecipeFields", "Fill missing values"),
        "encode": QCoreApplication.translate("RecipeFields", "Encode categories"),
        "scale": QCoreApplication.translate("RecipeFields", "Scale numbers"),
        "bin": QCoreApplication.translate("RecipeFields", "Bin into ranges"),
        "clip": QCoreApplication.translate("RecipeFields", "Clip outliers"),
        "mask": QCoreApplication.translate("RecipeFields", "Mask personal data"),
        "split": QCoreApplication.translate("RecipeFields", "Split train/test"),
    }
    return labels.get(op, op)


def choice_label(value: str) -> str:
    labels = {
        "mean": QCoreApplication.translate("RecipeFields", "mean"),
        "median": QCoreApplication.translate("RecipeFields", "median"),
        "most_frequent": QCoreApplication.translate("RecipeFields", "most frequent"),
        "constant": QCoreApplication.translate("RecipeFields", "a constant"),
        "onehot": QCoreApplication.translate("RecipeFields", "one-hot"),
        "ordinal": QCoreApplication.translate("RecipeFields", "ordinal"),
        "standard": QCoreApplication.translate("RecipeFields", "standard (z-score)"),
        "minmax": QCoreApplication.translate("RecipeFields", "min–max"),
        "robust": QCoreApplication.translate("RecipeFields", "robust (median, IQR)"),
        "uniform": QCoreApplication.translate("RecipeFields", "equal width"),
        "quantile": QCoreApplication.translate("RecipeFields", "equal counts (quantiles)"),
        "integer": QCoreApplication.translate("RecipeFields", "whole number"),
        "float": QCoreApplication.translate("RecipeFields", "decimal number"),
        "string": QCoreApplication.translate("RecipeFields", "text"),
        "boolean": QCoreApplication.translate("RecipeFields", "true/false"),
        "datetime": QCoreApplication.translate("RecipeFields", "date/time"),
        "drop": QCoreApplication.translate("RecipeFields", "drop the column"),
        "hash": QCoreApplication.translate("RecipeFields", "keyed hash"),
        "generalise": QCoreApplication.translate("RecipeFields", "generalise"),
        "redact": QCoreApplication.translate("RecipeFields", "redact"),
        "year": QCoreApplication.translate("RecipeFields", "year"),
        "month": QCoreApplication.translate("RecipeFields", "month"),
        "day": QCoreApplication.translate("RecipeFields", "day"),
        "dayofweek": QCoreApplication.translate("RecipeFields", "day of week"),
        "quarter": QCoreApplication.translate("RecipeFields", "quarter"),
        "hour": QCoreApplication.translate("RecipeFields", "hour"),
        "is null": QCoreApplication.translate("RecipeFields", "is missing"),
        "not null": QCoreApplication.translate("RecipeFields", "is not missing"),
        "in": QCoreApplication.translate("RecipeFields", "is one of"),
        "not in": QCoreApplication.translate("RecipeFields", "is none of"),
    }
    return labels.get(value, value)


def parse_value(text: str, listed: bool) -> Any:
    """What the user typed in a Value field: numbers, true/false, null and quoted text as
    JSON, anything else as text; a list (comma-separated) for `in` and `not in`."""

    def one(part: str) -> Any:
        try:
            value = json.loads(part)
        except ValueError:
            return part
        return value if value is None or isinstance(value, bool | int | float | str) else part

    text = text.strip()
    if listed:
        if text.startswith("["):
            try:
                value = json.loads(text)
                if isinstance(value, list):
                    return value
            except ValueError:
                pass
        return [one(p.strip()) for p in text.split(",") if p.strip()]
    return one(text)


def show_value(value: Any) -> str:
    if isinstance(value, list):
        if any(isinstance(v, str) and "," in v for v in value):
            return json.dumps(value, ensure_ascii=False)
        return ", ".join(show_value(v) for v in value)
    if isinstance(value, str):
        try:  # text that would read back as a number stays text: quote it
            json.loads(value)
        except ValueError:
            return value
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)


def summary(step: Any) -> str:
    """One line for the step list: what the step does, to which columns."""
    if not isinstance(step, dict):
        return QCoreApplication.translate("RecipeFields", "(not a step)")
    op = str(step.get("op", ""))
    columns = step.get("columns")
    target = (
        ", ".join(map(str, columns)) if isinstance(columns, list) else str(step.get("column", ""))
    )
    if op == "rename" and isinstance(step.get("mapping"), dict):
        target = ", ".join(f"{a} → {b}" for a, b in step["mapping"].items())
    detail = step.get("strategy") or step.get("method") or step.get("to") or ""
    if op == "filter":
        detail = choice_label(str(step.get("operator", "")))
        if "value" in step:
            detail += " " + show_value(step["value"])
    if op == "split":
        target = (
            QCoreApplication.translate("RecipeFields", "test %1, validation %2")
            .replace("%1", str(step.get("test", 0.2)))
            .replace("%2", str(step.get("validation", 0.0)))
        )
    text = op_label(op) if op else QCoreApplication.translate("RecipeFields", "(no op)")
    if len(target) > 48:
        target = target[:45] + "…"
    if target:
        text += ": " + target
    if detail and op != "filter":
        text += f" ({choice_label(str(detail))})"
    elif detail:
        text += f" {detail}"
    return text
