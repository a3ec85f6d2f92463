"""Validating data against a contract with pandera, lazily: every failing rule is reported
with how many rows fail it and sample rows, not only the first failure."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pyarrow as pa

from engine.data.contracts import type_matches
from engine.jobs import CancelToken, check

SAMPLES = 5


@dataclass
class RuleResult:
    rule: str  # e.g. "age: min 18"
    column: str | None
    failures: int
    samples: list[dict[str, Any]] = field(default_factory=list)  # {"row": n, "value": v}


@dataclass
class CheckedRule:
    rule: str  # named as a failing RuleResult would be: "age: min 18"
    column: str | None
    outcome: str  # "passed", "failed", or "not checked" (its column is missing or mistyped)


EXTRA_RULE = "no columns beyond the contract"


@dataclass
class ValidationReport:
    contract: str
    data: str
    rows: int
    passed: bool
    results: list[RuleResult]  # the rules that failed, with their rows
    checked: list[CheckedRule] = field(default_factory=list)  # every rule, failures first

    @property
    def passed_rules(self) -> list[str]:
        return [c.rule for c in self.checked if c.outcome == "passed"]

    @property
    def failures(self) -> int:
        return sum(r.failures for r in self.results)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def contract_rules(contract: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(rule, column) for every rule a contract states, named as `validate` names a
    failure of it."""
    rules: list[tuple[str, str | None]] = []
    bounds = contract.get("rows") or {}
    if bounds.get("min") is not None:
        rules.append((f"rows: at least {bounds['min']:,}", None))
    if bounds.get("max") is not None:
        rules.append((f"rows: at most {bounds['max']:,}", None))
    for rule in contract.get("columns") or []:
        name = rule["name"]
        if rule.get("required", True):
            rules.append((f"{name}: required column", name))
        rules.append((f"{name}: type {rule.get('type')}", name))
        if not rule.get("nullable", True):
            rules.append((f"{name}: no missing values", name))
        if rule.get("unique"):
            rules.append((f"{name}: unique values", name))
        for key in ("min", "max"):
            if rule.get(key) is not None:
                rules.append((f"{name}: {key} {rule[key]}", name))
        if rule.get("allowed") is not None:
            rules.append((f"{name}: allowed values", name))
        if rule.get("pattern"):
            rules.append((f"{name}: pattern {rule['pattern']}", name))
    if not contract.get("allow_extra_columns", False):
        rules.append((EXTRA_RULE, None))
    return rules


def checked_rules(contract: dict[str, Any], results: list[RuleResult]) -> list[CheckedRule]:
    """Every rule of the contract with its outcome, failures first: a passed validation
    lists what it passed, not only "no failures". A column that is missing or of the wrong
    type is not checked further (its other rules are "not checked")."""
    failing = {r.rule: r for r in results}
    blocked = {
        r.column
        for r in results
        if r.column and (r.rule.endswith(": required column") or ": type " in r.rule)
    }
    extras = [r for r in results if r.rule.endswith(": not in the contract")]
    out: list[CheckedRule] = []
    listed: set[str] = set()
    for rule, column in contract_rules(contract):
        if rule == EXTRA_RULE and extras:
            out.extend(CheckedRule(r.rule, r.column, "failed") for r in extras)
            listed.update(r.rule for r in extras)
        elif rule in failing:
            out.append(CheckedRule(rule, column, "failed"))
            listed.add(rule)
        elif column in blocked:
            out.append(CheckedRule(rule, column, "not checked"))
        else:
            out.append(CheckedRule(rule, column, "passed"))
    out.extend(CheckedRule(r.rule, r.column, "failed") for r in results if r.rule not in listed)
    order = {"failed": 0, "not checked": 1, "passed": 2}
    return sorted(out, key=lambda c: order[c.outcome])


def _checks(rule: dict[str, Any]) -> list[Any]:
    import pandera.pandas as pdr

    out = []
    if rule.get("min") is not None:
        out.append(pdr.Check.greater_than_or_equal_to(rule["min"], name=f"min {rule['min']}"))
    if rule.get("max") is not None:
        out.append(pdr.Check.less_than_or_equal_to(rule["max"], name=f"max {rule['max']}"))
    if rule.get("allowed") is not None:
        out.append(pdr.Check.isin(rule["allowed"], name="allowed values"))
    if rule.get("pattern"):
        out.append(pdr.Check.str_matches(rule["pattern"], name=f"pattern {rule['pattern']}"))
    return out


def validate(
    table: pa.Table,
    contract: dict[str, Any],
    contract_ref: str,
    data_ref: str,
    cancel: CancelToken | None = None,
) -> ValidationReport:
    import pandera.pandas as pdr

    results: list[RuleResult] = []
    rows = table.num_rows
    bounds = contract.get("rows") or {}
    if bounds.get("min") is not None and rows < bounds["min"]:
        results.append(
            RuleResult(f"rows: at least {bounds['min']:,}", None, 1, [{"row": None, "value": rows}])
        )
    if bounds.get("max") is not None and rows > bounds["max"]:
        results.append(
            RuleResult(f"rows: at most {bounds['max']:,}", None, 1, [{"row": None, "value": rows}])
        )
    present = {f.name: f.type for f in table.schema}
    columns: dict[str, Any] = {}
    for rule in contract["columns"]:
        name = rule["name"]
        if name not in present:
            if rule.get("required", True):
                results.append(
                    RuleResult(
                        f"{name}: required column", name, 1, [{"row": None, "value": "missing"}]
                    )
                )
            continue
        if not type_matches(rule["type"], present[name]):
            results.append(_type_failure(table, name, rule["type"], present[name]))
            continue
        columns[name] = pdr.Column(
            None,
            checks=_checks(rule),
            nullable=bool(rule.get("nullable", True)),
            unique=bool(rule.get("unique", False)),
            required=False,
        )
    if not contract.get("allow_extra_columns", False):
        for extra in sorted(set(present) - {r["name"] for r in contract["columns"]}):
            results.append(
                RuleResult(
                    f"{extra}: not in the contract",
                    extra,
                    1,
                    [{"row": None, "value": "unexpected column"}],
                )
            )
    check(cancel)
    if columns:
        frame = table.select(list(columns)).to_pandas()
        try:
            pdr.DataFrameSchema(columns).validate(frame, lazy=True)
        except pdr.errors.SchemaErrors as errors:
            results.extend(_collect(errors.failure_cases))
    return ValidationReport(
        contract_ref, data_ref, rows, not results, results, checked_rules(contract, results)
    )


_LABELS = [
    (re.compile(r"^less_than_or_equal_to\((.*)\)$"), r"max \1"),
    (re.compile(r"^greater_than_or_equal_to\((.*)\)$"), r"min \1"),
    (re.compile(r"^isin\(.*\)$", re.S), "allowed values"),
    (re.compile(r"^str_matches\('?(.*?)'?\)$"), r"pattern \1"),
    (re.compile(r"^not_nullable$"), "no missing values"),
    (re.compile(r"^field_uniqueness$"), "unique values"),
]


def format_sample(sample: dict[str, Any]) -> str:
    """'row 12: 1991' for a failing value (floats to 10 significant digits), or the value."""
    value = sample["value"]
    text = f"{value:.10g}" if isinstance(value, float) else repr(value)
    return f"row {sample['row']}: {text}" if sample["row"] else text


def _label(check_name: str) -> str:
    for pattern, label in _LABELS:
        if pattern.match(check_name):
            return pattern.sub(label, check_name)
    return check_name


def _collect(cases: Any) -> list[RuleResult]:
    """Group pandera's failure cases by column and check."""
    grouped: dict[tuple[str, str], RuleResult] = {}
    for case in cases.itertuples(index=False):
        column = str(case.column)
        check_name = str(case.check)
        label = _label(check_name)
        key = (column, label)
        result = grouped.setdefault(key, RuleResult(f"{column}: {label}", column, 0))
        result.failures += 1
        if len(result.samples) < SAMPLES:
            # rows are numbered from 1 (the first data row), as a user counts them
            row = None if case.index is None or case.index != case.index else int(case.index) + 1
            value = case.failure_case
            value = None if value != value else (value.item() if hasattr(value, "item") else value)
            result.samples.append({"row": row, "value": value})
    return list(grouped.values())


def _type_failure(table: pa.Table, name: str, expected: str, kind: pa.DataType) -> RuleResult:
    """A column of the wrong type, with the rows and values that made it so where that can
    be told (numbers expected, text found: the values that are not numbers); it once said
    only the column's type, leaving the analyst to hunt for the row."""
    import pandas as pd

    label = f"{name}: type {expected}"
    if expected in ("integer", "float", "numeric") and (
        pa.types.is_string(kind) or pa.types.is_large_string(kind)
    ):
        values = table.column(name).to_pandas()
        numbers = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & numbers.isna()
        if expected == "integer":
            bad |= numbers.notna() & (numbers % 1 != 0)
        rows = list(bad[bad].index)
        if rows:
            return RuleResult(
                label,
                name,
                len(rows),
                [{"row": int(i) + 1, "value": values[i]} for i in rows[:SAMPLES]],
            )
    return RuleResult(label, name, 1, [{"row": None, "value": str(kind)}])
