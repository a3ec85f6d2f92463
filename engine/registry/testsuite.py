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

__all__ = ["CheckResult", "SuiteReport", "load_suite", "parse_suite", "run_suite", "suite_hash"]

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from engine.errors import ValidationError
from engine.registry.suite_checks import CheckResult, _default_name, _run_one, _Scorer
from engine.registry.suite_definition import (
    load_suite,
    parse_suite,
    suite_hash,
)


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
