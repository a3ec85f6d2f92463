"""A model version's input signature (the columns it reads, their kinds and, for text
columns, the categories seen in training) and output (task, classes), and the check that
scoring input matches it.

Handling rules (docs/registry.md): a missing column is an error; extra columns are carried
through to the output untouched; a number column whose values do not all parse as numbers is
an error naming the column and a bad value; a text column holding a category never seen in
training is scored (the model's encoder treats it as "unknown": all indicator columns zero)
and counted in the report — or refused with `strict=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import ValidationError
from engine.training.spec import shown

MAX_CATEGORIES = 1000  # more distinct values than this: a free-text column, not checked


def kind_of(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "text"


def build_signature(
    model: Any, frame: pd.DataFrame, task: str, classes: list[Any]
) -> dict[str, Any]:
    """The signature of a model fitted on `frame` (the training data)."""
    names = [str(n) for n in getattr(model, "feature_names_in_", [])]
    if not names:
        raise ValidationError(
            "The model does not record the columns it was fitted on.",
            hint="Register a model trained by Airlock.",
        )
    columns = []
    for name in names:
        series = frame[name] if name in frame.columns else pd.Series([], dtype=float)
        entry: dict[str, Any] = {
            "name": name,
            "kind": kind_of(series),
            "nullable": bool(series.isna().any()),
        }
        if entry["kind"] == "text":
            values = series.dropna().astype(str).unique()
            if len(values) <= MAX_CATEGORIES:
                entry["categories"] = sorted(values.tolist())
        elif entry["kind"] in ("integer", "number") and len(series.dropna()):
            entry["range"] = [float(series.min()), float(series.max())]
        columns.append(entry)
    output: dict[str, Any] = {"task": task, "prediction": "prediction"}
    if task != "regression":
        output["classes"] = [c.item() if hasattr(c, "item") else c for c in classes]
        output["probabilities"] = [f"probability_{c}" for c in output["classes"]]
    return {"inputs": columns, "output": output}


@dataclass(frozen=True)
class InputCheck:
    frame: pd.DataFrame  # the model's columns, cast to the kinds it expects
    unseen: dict[str, dict[str, int]]  # column -> unseen category -> rows
    extra: tuple[str, ...]  # input columns the model does not read
    notes: tuple[str, ...]
    out_of_range: dict[str, int] = field(default_factory=dict)  # column -> rows outside
    # the range training saw (the input-range guard: reported, refused with strict)


def check_input(
    frame: pd.DataFrame, signature: dict[str, Any], model_ref: str, *, strict: bool = False
) -> InputCheck:
    inputs = signature["inputs"]
    wanted = [c["name"] for c in inputs]
    missing = [n for n in wanted if n not in frame.columns]
    if missing:
        raise ValidationError(
            f"The input has no column {', '.join(repr(m) for m in missing)}, which "
            f"{model_ref} needs.",
            hint=f"{model_ref} reads: {', '.join(wanted)}. Rename or add the columns.",
        )
    out = pd.DataFrame(index=frame.index)
    unseen: dict[str, dict[str, int]] = {}
    out_of_range: dict[str, int] = {}
    notes: list[str] = []
    for column in inputs:
        name, kind = column["name"], column["kind"]
        values = frame[name]
        if kind in ("integer", "number"):
            if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                parsed = pd.to_numeric(values, errors="coerce")
                bad = values[parsed.isna() & values.notna()]
                if len(bad):
                    raise ValidationError(
                        f"Column {name!r} must hold numbers for {model_ref}; row "
                        f"{int(bad.index[0]) + 1} holds {shown(bad.iloc[0])}.",
                        hint=f"{len(bad):,} rows hold text in this column. Fix the file or "
                        "leave the cells empty.",
                    )
                values = parsed
            out[name] = values.astype("float64")
            bounds = column.get("range")
            if bounds:
                outside = int(((out[name] < bounds[0]) | (out[name] > bounds[1])).sum())
                if outside:
                    out_of_range[name] = outside
        elif kind == "boolean":
            out[name] = values
        elif kind == "datetime":
            out[name] = pd.to_datetime(values, errors="coerce")
        else:
            text = values.astype("object").where(values.notna(), None)
            text = text.map(lambda v: v if v is None else str(v))
            out[name] = text
            known = column.get("categories")
            if known is not None:
                present = text.dropna()
                new = present[~present.isin(known)]
                if len(new):
                    counts = new.value_counts()
                    unseen[name] = {str(k): int(v) for k, v in counts.items()}
        if not column.get("nullable") and out[name].isna().any():
            notes.append(
                f"{name}: {int(out[name].isna().sum()):,} empty cells (none in "
                "training; the model fills them as it learned)"
            )
    if unseen:
        described = "; ".join(
            f"{c}: {', '.join(repr(k) for k in list(v)[:5])}"
            + (f" and {len(v) - 5} more" if len(v) > 5 else "")
            for c, v in unseen.items()
        )
        if strict:
            raise ValidationError(
                f"The input holds categories {model_ref} never saw in training — {described}.",
                hint="Without --strict they are scored as unknown.",
            )
        notes.append(f"categories never seen in training, scored as unknown — {described}")
    if out_of_range:
        ranges = {c["name"]: c.get("range") for c in inputs}
        described = "; ".join(
            f"{c}: {n:,} rows outside [{ranges[c][0]:g}, {ranges[c][1]:g}]"
            for c, n in out_of_range.items()
        )
        if strict:
            raise ValidationError(
                f"The input holds values outside the range {model_ref} was "
                f"trained on — {described}.",
                hint="Without --strict they are scored (the model extrapolates) and reported.",
            )
        notes.append(f"values outside the training range, the model extrapolates — {described}")
    extra = tuple(c for c in frame.columns if c not in wanted)
    return InputCheck(out, unseen, extra, tuple(notes), out_of_range)


def score_frame(
    model: Any, checked: InputCheck, signature: dict[str, Any], decimals: int | None
) -> pd.DataFrame:
    """Predictions (and class probabilities) for the checked input."""
    output = signature["output"]
    result = pd.DataFrame(index=checked.frame.index)
    result[output.get("prediction", "prediction")] = model.predict(checked.frame)
    if output["task"] != "regression" and hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(checked.frame), dtype=float)
        if decimals is not None:
            proba = np.round(proba, decimals)
        model_classes = [
            c.item() if hasattr(c, "item") else c
            for c in getattr(model, "classes_", output.get("classes", []))
        ]
        for index, label in enumerate(model_classes):
            result[f"probability_{label}"] = proba[:, index]
    elif output["task"] == "regression" and decimals is not None:
        column = output.get("prediction", "prediction")
        result[column] = np.round(result[column].astype(float), decimals)
    return result
