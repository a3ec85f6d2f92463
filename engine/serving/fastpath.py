"""A faster way to the same answers, for the catalog's pipelines: [prepare → estimator].

scikit-learn's ColumnTransformer costs milliseconds per call whatever the number of rows
(pandas column selection, validation, stacking): for one row that is 95 % of the time, the
estimator itself a tenth of a millisecond. The preparation is column by column — an imputer
and a scaler on each number, an imputer and a one-hot encoder on each category — so it is
read off the fitted pipeline by probing it: each number column's output is affine in its
input (two probes and a missing value give it), each category column's output a lookup
(one probe per known category, a missing one and an unseen one). Serving then builds the
estimator's input with NumPy and calls the fitted estimator on it.

Nothing is assumed: at load, `compile_fast` compares this path with the whole pipeline on
rows drawn from the version's signature (every known category, missing values, unseen
categories, numbers across and beyond the training range) and uses it only when every
probability agrees to 1e-9 and every prediction is equal; any other pipeline (a recipe
step, another transformer, a datetime input) is served by scikit-learn as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.serving.inputs import Checked, check_rows

UNSEEN = "\x00never seen\x00"
TOLERANCE = 1e-9


@dataclass(frozen=True)
class NumberColumn:
    name: str
    block: np.ndarray  # the output columns it sets
    offset: np.ndarray  # output = offset + slope * value ...
    slope: np.ndarray
    missing: np.ndarray  # ... or this when the value is missing


@dataclass(frozen=True)
class CategoryColumn:
    name: str
    block: np.ndarray
    table: dict[Any, np.ndarray]  # value -> its output; UNSEEN for a value never seen


class FastModel:
    def __init__(
        self,
        estimator: Any,
        base: np.ndarray,
        numbers: list[NumberColumn],
        categories: list[CategoryColumn],
        task: str,
    ) -> None:
        self.estimator, self.base = estimator, base
        self.numbers, self.categories, self.task = numbers, categories, task

    def features(self, checked: Checked) -> np.ndarray:
        n = checked.rows
        out = np.repeat(self.base[None, :], n, axis=0)
        for column in self.numbers:
            values = np.array(
                [np.nan if v is None else v for v in checked.columns[column.name]], dtype=float
            )
            missing = np.isnan(values)
            block = column.offset[None, :] + column.slope[None, :] * values[:, None]
            if missing.any():
                block[missing] = column.missing
            out[:, column.block] = block
        for category in self.categories:
            table, unseen = category.table, category.table[UNSEEN]
            out[:, category.block] = np.array(
                [table.get(v, unseen) for v in checked.columns[category.name]]
            ).reshape(n, len(category.block))
        return out

    argmax = False  # the prediction is the class of the highest probability (checked)

    def predict(self, checked: Checked) -> tuple[np.ndarray, np.ndarray | None]:
        features = self.features(checked)
        if self.task == "regression" or not hasattr(self.estimator, "predict_proba"):
            return self.estimator.predict(features), None
        proba = np.asarray(self.estimator.predict_proba(features), dtype=float)
        if self.argmax:  # one call instead of two (a boosted model's predict is its proba)
            return np.asarray(self.estimator.classes_)[proba.argmax(axis=1)], proba
        return self.estimator.predict(features), proba


def compile_fast(model: Any, signature: dict[str, Any]) -> tuple[FastModel | None, str]:
    """The fast path of a fitted pipeline, checked against it; (None, why) when there is none."""
    try:
        fast = _compile(model, signature)
    except _NotFast as exc:
        return None, str(exc)
    except Exception as exc:  # a pipeline it was not made for: scikit-learn serves it
        return None, f"the pipeline could not be probed ({type(exc).__name__}: {exc})"
    rows = sample_rows(signature, 400)
    checked = check_rows(rows, signature)
    frame = checked.frame()
    fast_predictions, fast_proba = fast.predict(checked)
    slow_predictions = model.predict(frame)
    if signature["output"]["task"] == "regression":
        if not np.allclose(fast_predictions, slow_predictions, rtol=1e-9, atol=TOLERANCE):
            return None, "its predictions differ from the pipeline's"
    elif list(fast_predictions) != list(slow_predictions):
        return None, "its predictions differ from the pipeline's"
    if fast_proba is not None:
        slow_proba = np.asarray(model.predict_proba(frame), dtype=float)
        if (
            fast_proba.shape != slow_proba.shape
            or np.abs(fast_proba - slow_proba).max() > TOLERANCE
        ):
            return None, "its probabilities differ from the pipeline's"
    if fast_proba is not None and hasattr(fast.estimator, "classes_"):
        classes = np.asarray(fast.estimator.classes_)
        fast.argmax = list(classes[fast_proba.argmax(axis=1)]) == list(slow_predictions)
    return fast, "checked against the pipeline on 400 rows"


class _NotFast(Exception):
    pass


def _compile(model: Any, signature: dict[str, Any]) -> FastModel:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    if not isinstance(model, Pipeline) or len(model.steps) != 2:
        raise _NotFast("it is not [prepare → estimator] (a recipe step, say)")
    prepare, estimator = model.steps[0][1], model.steps[1][1]
    if not isinstance(prepare, ColumnTransformer):
        raise _NotFast("its preparation is not a ColumnTransformer")
    inputs = signature["inputs"]
    if any(c["kind"] == "datetime" for c in inputs):
        raise _NotFast("it reads a date column")
    for c in inputs:
        if c["kind"] not in ("integer", "number") and c.get("categories") is None:
            raise _NotFast(f"the signature does not list the categories of {c['name']}")
    baseline: dict[str, Any] = {}
    for c in inputs:
        if c["kind"] in ("integer", "number"):
            baseline[c["name"]] = 0.0
        elif c["kind"] == "boolean":
            baseline[c["name"]] = False
        else:
            baseline[c["name"]] = str(next(iter(c["categories"]), ""))

    def transform(rows: list[dict[str, Any]]) -> np.ndarray:
        out = prepare.transform(check_rows(rows, signature).frame())
        if hasattr(out, "toarray"):
            raise _NotFast("its preparation writes a sparse matrix")
        return np.asarray(out, dtype=float)

    base = transform([baseline])[0]
    numbers, categories = [], []
    for c in inputs:
        name = c["name"]
        if c["kind"] in ("integer", "number"):
            probe = transform([{**baseline, name: v} for v in (0.0, 1.0, None)])
            block = np.flatnonzero((probe != probe[0]).any(axis=0))
            numbers.append(
                NumberColumn(
                    name,
                    block,
                    probe[0, block],
                    probe[1, block] - probe[0, block],
                    probe[2, block],
                )
            )
        else:
            values: list[Any] = (
                [True, False] if c["kind"] == "boolean" else [str(v) for v in c["categories"]]
            )
            values += [None, UNSEEN]
            probe = transform([{**baseline, name: v} for v in values])
            block = np.flatnonzero((probe != probe[0]).any(axis=0))
            table = {v: probe[i, block] for i, v in enumerate(values)}
            categories.append(CategoryColumn(name, block, table))
    return FastModel(estimator, base, numbers, categories, signature["output"]["task"])


def sample_rows(signature: dict[str, Any], n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Rows to check the fast path on: every known category, missing values, unseen
    categories, numbers across and beyond the training range."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for c in signature["inputs"]:
        name, kind = c["name"], c["kind"]
        low, high = (c.get("range") or [-10.0, 10.0])[:2]
        span = (high - low) or 1.0
        known = list(c.get("categories") or [])
        for i, row in enumerate(rows):
            if rng.random() < 0.08:
                row[name] = None
            elif kind in ("integer", "number"):
                value = rng.uniform(low - 0.2 * span, high + 0.2 * span)
                row[name] = round(value) if kind == "integer" else value
            elif kind == "boolean":
                row[name] = rng.random() < 0.5
            elif known and (i < len(known) or rng.random() < 0.92):
                row[name] = str(known[i % len(known)] if i < len(known) else rng.choice(known))
            else:
                row[name] = f"unseen-{rng.randrange(5)}"
    return rows
