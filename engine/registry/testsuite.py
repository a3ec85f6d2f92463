"""Model test suites: declarative checks on a model version, run on a dataset version that
holds the target. A suite is TOML:

    name = "credit-checks"

    [[check]]
    kind = "metric"             # overall metric; without min/max the project's success
    metric = "recall"           # criterion for this metric supplies the threshold
    min = 0.6

    [[check]]
    kind = "slice_metric"       # the same on the rows where `column` is one of `values`
    metric = "roc_auc"
    column = "city"
    values = ["Jeddah"]
    min = 0.6

    [[check]]
    kind = "invariance"         # setting `column` to each of `values` must not move the
    column = "gender"           # output by more than `tolerance` on any row
    values = ["F", "M"]
    tolerance = 0.0

    [[check]]
    kind = "directional"        # adding `change` to `column` must not raise (or lower,
    column = "income"           # raise, …) the output on any row, beyond `tolerance`
    change = 1000
    expect = "not_increase"     # increase, decrease, not_increase, not_decrease
    max_share = 0.0             # share of rows allowed to go against it (trees are not
                                # monotonic: 0.05 tolerates small local wiggles)

    [[check]]
    kind = "golden"             # fixed records with their expected outputs
    records = [{ age = 30, income = 5000.0, city = "Riyadh", expected = 0 }]
    tolerance = 0.01            # for regression outputs

    [[check]]
    kind = "output"             # predictions are known classes; probabilities in [0, 1]
                                # summing to 1; regression outputs within [min, max]

    [[check]]
    kind = "latency"            # median time to score `rows` rows (5 runs, one thread)
    rows = 1000
    max_ms = 500

"The output" is the probability of the positive class for a binary model, the predicted
value for regression, and the predicted label for a multiclass model (which changes or not).
When a suite has no metric check at all, one per project success criterion is added.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from engine.errors import ValidationError

KINDS: dict[str, dict[str, type]] = {
    "metric": {"metric": str},
    "slice_metric": {"metric": str, "column": str, "values": list},
    "invariance": {"column": str, "values": list},
    "directional": {"column": str, "change": float, "expect": str},
    "golden": {"records": list},
    "output": {},
    "latency": {"rows": int, "max_ms": float},
}
OPTIONAL: dict[str, type] = {
    "min": float,
    "max": float,
    "tolerance": float,
    "name": str,
    "max_share": float,
}
EXPECT = ("increase", "decrease", "not_increase", "not_decrease")
MAX_CHECKS = 500
# metrics that are fractions (engine/training/evaluate.py): a bound outside 0–1 is a mistake
FRACTIONS = frozenset(
    {
        "accuracy",
        "balanced_accuracy",
        "roc_auc",
        "f1",
        "f1_macro",
        "f1_weighted",
        "precision",
        "recall",
        "average_precision",
    }
)
MAX_ROWS = 1_000_000  # rows a latency check scores (each of 5 runs)
MAX_VALUES = 10_000  # slice values, invariance values, golden records


@dataclass(frozen=True)
class CheckResult:
    name: str
    kind: str
    passed: bool
    detail: str
    value: float | None = None


@dataclass(frozen=True)
class SuiteReport:
    suite: str
    suite_sha256: str
    version: str
    dataset: str
    rows: int
    checks: tuple[CheckResult, ...]
    rows_used: str = ""  # which rows: held out by the run, the training rows, or all of a file

    @property
    def in_sample(self) -> bool:
        return self.rows_used.startswith("IN-SAMPLE")

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> int:
        return sum(not c.passed for c in self.checks)

    def as_json(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "suite_sha256": self.suite_sha256,
            "version": self.version,
            "dataset": self.dataset,
            "rows": self.rows,
            "rows_used": self.rows_used,
            "passed": self.passed,
            "checks": [asdict(c) for c in self.checks],
        }


def parse_suite(body: dict[str, Any], where: str = "the suite") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValidationError(
            f"{where} must be a table (TOML) or an object (JSON). Got {type(body).__name__}."
        )
    name = str(body.get("name", "")).strip()
    if not name or len(name) > 80:
        raise ValidationError(f"{where} needs a name (1 to 80 characters).")
    unknown = set(body) - {"name", "check", "dataset"}
    if unknown:
        raise ValidationError(f"{where} has unknown fields: {', '.join(sorted(unknown))}.")
    checks = body.get("check", [])
    if not isinstance(checks, list):
        raise ValidationError(f"{where}: 'check' must be a list of [[check]] tables.")
    if len(checks) > MAX_CHECKS:
        raise ValidationError(f"{where} has {len(checks)} checks; at most {MAX_CHECKS}.")
    clean_checks = []
    for number, check in enumerate(checks, 1):
        if (
            not isinstance(check, dict)
            or not isinstance(check.get("kind"), str)
            or check["kind"] not in KINDS
        ):
            raise ValidationError(
                f"{where}: check {number} has kind "
                f"{check.get('kind') if isinstance(check, dict) else check!r}"
                f"; the kinds are {', '.join(KINDS)}."
            )
        kind = check["kind"]
        clean: dict[str, Any] = {"kind": kind}
        for field, wanted in {**KINDS[kind], **OPTIONAL}.items():
            if field not in check:
                if field in KINDS[kind]:
                    raise ValidationError(f"{where}: check {number} ({kind}) needs '{field}'.")
                continue
            value = check[field]
            ok = (
                (isinstance(value, int | float) and not isinstance(value, bool))
                if wanted in (float, int)
                else isinstance(value, wanted)
            )
            if wanted is int and ok:
                ok = float(value).is_integer() and 0 < value <= MAX_ROWS
            if wanted is float and ok:
                try:
                    ok = math.isfinite(value)
                except OverflowError:  # an int beyond any float
                    ok = False
            if wanted is list and ok:
                ok = len(value) <= MAX_VALUES
            if wanted is str and ok:
                ok = len(value) <= 300
            if not ok:
                what = {
                    int: f"a whole number from 1 to {MAX_ROWS:,}",
                    float: "a finite number",
                    list: f"a list of at most {MAX_VALUES:,} items",
                    str: "text of at most 300 characters",
                }[wanted]
                raise ValidationError(
                    f"{where}: check {number} '{field}' must be {what}. Got "
                    f"{repr(value)[:60]} instead."
                )
            clean[field] = float(value) if wanted is float else value
        extra = set(check) - set(clean)
        if extra:
            raise ValidationError(
                f"{where}: check {number} has unknown fields: {', '.join(sorted(extra))}."
            )
        if (
            clean.get("min") is not None
            and clean.get("max") is not None
            and clean["min"] > clean["max"]
        ):
            raise ValidationError(
                f"{where}: check {number} has min {clean['min']:g} above max "
                f"{clean['max']:g}: it could never pass."
            )
        if (
            kind in ("metric", "slice_metric")
            and clean["metric"] in FRACTIONS
            and any(not 0 <= clean[b] <= 1 for b in ("min", "max") if b in clean)
        ):
            raise ValidationError(
                f"{where}: check {number}: {clean['metric']} lies between 0 "
                "and 1, so its min and max must too."
            )
        if kind == "latency" and clean["max_ms"] <= 0:
            raise ValidationError(f"{where}: check {number} 'max_ms' must be above 0.")
        if clean.get("tolerance", 0.0) < 0:
            raise ValidationError(f"{where}: check {number} 'tolerance' must not be negative.")
        if kind == "directional" and clean["expect"] not in EXPECT:
            raise ValidationError(
                f"{where}: check {number} 'expect' must be one of "
                f"{', '.join(EXPECT)}. Got {clean['expect']!r} instead."
            )
        if kind in ("invariance", "slice_metric") and not clean["values"]:
            raise ValidationError(f"{where}: check {number} 'values' is empty.")
        if kind == "golden" and (
            not clean["records"]
            or not all(isinstance(r, dict) and "expected" in r for r in clean["records"])
        ):
            raise ValidationError(f"{where}: check {number}: every golden record needs 'expected'.")
        clean_checks.append(clean)
    out = {"name": name, "check": clean_checks}
    if body.get("dataset"):
        out["dataset"] = str(body["dataset"])
    return out


def load_suite(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ValidationError(f"There is no suite file {path}.")
    try:
        body = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path.name} is not valid TOML: {exc}") from exc
    return parse_suite(body, path.name)


def suite_hash(suite: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(suite, sort_keys=True).encode()).hexdigest()


class _Scorer:
    def __init__(self, model: Any, signature: dict[str, Any], ref: str) -> None:
        self.model, self.signature, self.ref = model, signature, ref
        self.output = signature["output"]
        self.task = self.output["task"]

    def frame(self, data: pd.DataFrame) -> pd.DataFrame:
        from engine.registry.signature import check_input

        return check_input(data, self.signature, self.ref).frame

    def out(self, data: pd.DataFrame) -> np.ndarray:
        """The output the checks compare (see the module docstring)."""
        X = self.frame(data)
        if self.task == "binary" and hasattr(self.model, "predict_proba"):
            classes = list(self.model.classes_)
            positive = self.output.get("positive", classes[-1])
            column = classes.index(positive) if positive in classes else len(classes) - 1
            return np.asarray(self.model.predict_proba(X))[:, column]
        return np.asarray(self.model.predict(X))


def _bounds(
    check: dict[str, Any], criteria: dict[str, tuple[str, float]]
) -> tuple[float | None, float | None, str]:
    low, high = check.get("min"), check.get("max")
    source = ""
    if low is None and high is None and check["metric"] in criteria:
        operator, value = criteria[check["metric"]]
        low, high = (value, None) if operator == ">=" else (None, value)
        source = " (the project's success criterion)"
    return low, high, source


def _judge(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None or not np.isfinite(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _bound_text(low: float | None, high: float | None) -> str:
    parts = ([f"≥ {low:g}"] if low is not None else []) + (
        [f"≤ {high:g}"] if high is not None else []
    )
    return " and ".join(parts) or "no threshold"


def run_suite(
    suite: dict[str, Any],
    model: Any,
    signature: dict[str, Any],
    ref: str,
    data: pd.DataFrame,
    dataset: str,
    target: str,
    criteria: dict[str, tuple[str, float]],
) -> SuiteReport:
    """Every check of `suite` on `data`; a check that cannot run fails with the reason."""
    from engine.training import evaluate as ev

    scorer = _Scorer(model, signature, ref)
    checks = list(suite["check"])
    if not any(c["kind"] in ("metric", "slice_metric") for c in checks):
        checks = [{"kind": "metric", "metric": m} for m in sorted(criteria)] + checks
    if not checks:  # it would pass, having checked nothing
        raise ValidationError(
            f"Suite {suite['name']} has no checks, and the project has no "
            "success criteria to check instead.",
            hint="Add [[check]] tables to the suite, or success criteria to the project.",
        )
    results = []
    for check in checks:
        kind = check["kind"]
        name = check.get("name") or _default_name(check)
        try:
            results.append(_run_one(check, name, scorer, data, target, criteria, ev))
        except ValidationError as exc:
            results.append(CheckResult(name, kind, False, f"could not run: {exc.message}"))
    return SuiteReport(suite["name"], suite_hash(suite), ref, dataset, len(data), tuple(results))


def _default_name(check: dict[str, Any]) -> str:
    kind = check["kind"]
    if kind == "metric":
        return f"{check['metric']} overall"
    if kind == "slice_metric":
        return f"{check['metric']} where {check['column']} in {check['values']}"
    if kind == "invariance":
        return f"{check['column']} does not change the output"
    if kind == "directional":
        return f"{check['column']} {check['change']:+g} → output {check['expect']}"
    if kind == "golden":
        return f"{len(check['records'])} golden records"
    if kind == "latency":
        return f"scores {check['rows']:,} rows within {check['max_ms']:g} ms"
    return "output schema and value ranges"


def _metrics(scorer: _Scorer, rows: pd.DataFrame, target: str, ev: Any) -> dict[str, Any]:
    if target not in rows.columns:
        raise ValidationError(f"the data has no target column {target!r}")
    rows = rows[rows[target].notna()]
    if rows.empty:
        raise ValidationError("no rows with a target")
    X = scorer.frame(rows)
    predicted, proba = ev.scores(scorer.model, X, scorer.task)
    output = scorer.output
    return ev.metrics(
        rows[target],
        predicted,
        proba,
        scorer.task,
        list(output.get("classes", [])),
        output.get("positive"),
    )


def _run_one(
    check: dict[str, Any],
    name: str,
    scorer: _Scorer,
    data: pd.DataFrame,
    target: str,
    criteria: dict[str, tuple[str, float]],
    ev: Any,
) -> CheckResult:
    kind = check["kind"]
    if kind in ("metric", "slice_metric"):
        rows = data
        if kind == "slice_metric":
            if check["column"] not in data.columns:
                raise ValidationError(f"the data has no column {check['column']!r}")
            rows = data[data[check["column"]].isin(check["values"])]
            if rows.empty:
                raise ValidationError(
                    f"no rows where {check['column']} is one of {check['values']}"
                )
        value = _metrics(scorer, rows, target, ev).get(check["metric"])
        low, high, source = _bounds(check, criteria)
        if low is None and high is None:
            return CheckResult(
                name,
                kind,
                False,
                f"{check['metric']} is "
                f"{_fmt(value)} on {len(rows):,} rows, but no threshold was "
                "given and the project has no criterion for it",
                value,
            )
        ok = _judge(value, low, high)
        return CheckResult(
            name,
            kind,
            ok,
            f"{check['metric']} {_fmt(value)} on "
            f"{len(rows):,} rows; wanted {_bound_text(low, high)}{source}",
            None if value is None else float(value),
        )
    if kind == "invariance":
        column = check["column"]
        if column not in data.columns:
            raise ValidationError(f"the data has no column {column!r}")
        tolerance = check.get("tolerance", 0.0)
        outputs = []
        for value in check["values"]:
            changed = data.copy()
            changed[column] = value
            outputs.append(scorer.out(changed))
        worst, moved = _spread(outputs, scorer.task, tolerance)
        ok = moved == 0
        return CheckResult(
            name,
            kind,
            ok,
            f"setting {column} to each of {check['values']} "
            f"moved the output on {moved:,} of {len(data):,} rows (largest "
            f"change {_fmt(worst)}, tolerance {tolerance:g})",
            float(worst),
        )
    if kind == "directional":
        column = check["column"]
        if column not in data.columns:
            raise ValidationError(f"the data has no column {column!r}")
        if scorer.task == "multiclass":
            raise ValidationError("directional checks need a binary or regression model")
        tolerance = check.get("tolerance", 1e-9)
        before = scorer.out(data)
        changed = data.copy()
        changed[column] = pd.to_numeric(changed[column], errors="coerce") + check["change"]
        after = scorer.out(changed)
        delta = after.astype(float) - before.astype(float)
        expect = check["expect"]
        bad = {
            "increase": delta <= tolerance,
            "decrease": delta >= -tolerance,
            "not_increase": delta > tolerance,
            "not_decrease": delta < -tolerance,
        }[expect]
        count = int(np.sum(bad))
        allowed = check.get("max_share", 0.0)
        share = count / max(len(data), 1)
        return CheckResult(
            name,
            kind,
            share <= allowed,
            f"{column} {check['change']:+g}: the output went against "
            f"'{expect}' on {count:,} of {len(data):,} rows ({share:.1%}; "
            f"allowed {allowed:.1%}; mean change "
            f"{float(np.mean(delta)):+.4f})",
            float(count),
        )
    if kind == "golden":
        tolerance = check.get("tolerance", 1e-6)
        records = pd.DataFrame(
            [{k: v for k, v in r.items() if k != "expected"} for r in check["records"]]
        )
        expected = [r["expected"] for r in check["records"]]
        predicted = np.asarray(scorer.model.predict(scorer.frame(records)))
        wrong = []
        for index, (want, got) in enumerate(zip(expected, predicted, strict=True)):
            got_value = got.item() if hasattr(got, "item") else got
            same = (
                abs(float(got_value) - float(want)) <= tolerance
                if scorer.task == "regression"
                else str(got_value) == str(want)
            )
            if not same:
                wrong.append(f"record {index + 1}: expected {want!r}, got {got_value!r}")
        return CheckResult(
            name,
            kind,
            not wrong,
            "; ".join(wrong[:5])
            if wrong
            else f"all {len(expected)} records give their expected output",
            float(len(wrong)),
        )
    if kind == "output":
        X = scorer.frame(data)
        predicted = np.asarray(scorer.model.predict(X))
        problems = []
        if scorer.task == "regression":
            values = predicted.astype(float)
            if not np.all(np.isfinite(values)):
                problems.append("non-finite predictions")
            low, high = check.get("min"), check.get("max")
            if low is not None and float(values.min()) < low:
                problems.append(f"a prediction {values.min():.4g} below {low:g}")
            if high is not None and float(values.max()) > high:
                problems.append(f"a prediction {values.max():.4g} above {high:g}")
        else:
            known = {str(c) for c in scorer.output.get("classes", [])}
            unknown = {str(p.item() if hasattr(p, "item") else p) for p in predicted} - known
            if unknown:
                problems.append(
                    f"predicted classes outside the training classes: {sorted(unknown)}"
                )
            if hasattr(scorer.model, "predict_proba"):
                proba = np.asarray(scorer.model.predict_proba(X), dtype=float)
                if proba.min() < -1e-9 or proba.max() > 1 + 1e-9:
                    problems.append("probabilities outside [0, 1]")
                if not np.allclose(proba.sum(axis=1), 1.0, atol=1e-6):
                    problems.append("probabilities that do not sum to 1")
        return CheckResult(
            name,
            kind,
            not problems,
            "; ".join(problems) or f"{len(predicted):,} outputs of the right type and range",
        )
    # latency
    rows = int(check["rows"])
    sample = data.sample(n=rows, replace=len(data) < rows, random_state=0)
    X = scorer.frame(sample)
    timings = []
    # One scoring thread: with OpenMP's default of a thread per core, a model such as
    # gradient boosting waits at a barrier per tree, and on a machine busy with other work
    # that took a 20 ms scoring to 2.4 s. One thread measures the model, not the load.
    with threadpool_limits(limits=1):
        for _ in range(5):
            started = time.perf_counter()
            scorer.model.predict(X)
            timings.append((time.perf_counter() - started) * 1000)
    median = float(np.median(timings))
    return CheckResult(
        name,
        kind,
        median <= check["max_ms"],
        f"median {median:.1f} ms for {rows:,} rows over 5 runs on one thread "
        f"(limit {check['max_ms']:g} ms)",
        median,
    )


def _spread(outputs: list[np.ndarray], task: str, tolerance: float) -> tuple[float, int]:
    if task == "multiclass":
        stacked = np.stack([o.astype(str) for o in outputs])
        moved = int(np.sum(np.any(stacked != stacked[0], axis=0)))
        return float(moved > 0), moved
    stacked = np.stack([o.astype(float) for o in outputs])
    span = stacked.max(axis=0) - stacked.min(axis=0)
    return float(span.max(initial=0.0)), int(np.sum(span > tolerance + 1e-12))


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{float(value):.4f}"
