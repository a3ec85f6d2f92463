"""A model test suite's definition: the TOML a user writes (its kinds of check and their
fields, see testsuite.py for an example), parsed and bounded before anything runs, and its
hash."""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from pathlib import Path
from typing import Any

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
                    f"{where}: check {number} '{field}' must be {what}. Got {repr(value)[:60]}."
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
                f"{', '.join(EXPECT)}. Got {clean['expect']!r}."
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
