"""A monitor's definition, checked field by field before it is stored or run (the format is
described in engine/monitoring/monitors.py, which re-exports these names)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from engine.durations import duration_seconds
from engine.errors import ValidationError
from engine.monitoring.baselines import parse_baseline
from engine.monitoring.drift import DriftOptions

LEVELS = ("ok", "warning", "alert")


def seconds(text: str, field: str) -> int:
    return duration_seconds(text, field, allow_zero=True)


def parse_monitor(body: dict[str, Any], where: str = "the monitor") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValidationError(
            f"{where} must be a table (TOML) or an object (JSON). Got {type(body).__name__}."
        )
    name = str(body.get("name", "")).strip()
    if not re.match(r"^[\w][\w.\-]{0,79}$", name):
        raise ValidationError(f"{where}: 'name' uses letters, digits, '.', '-' and '_'.")
    for needed in ("reference", "current"):
        if not isinstance(body.get(needed), str) or not body[needed].strip():
            raise ValidationError(f"{where} needs '{needed}' (a dataset, NAME or NAME@V).")
    unknown = set(body) - {
        "name",
        "reference",
        "current",
        "columns",
        "every",
        "levels",
        "drift",
        "actions",
        "baseline",
        "time_column",
        "anomalies",
        "performance",
    }
    if unknown:
        raise ValidationError(f"{where} has unknown fields: {', '.join(sorted(unknown))}.")
    levels = {
        "warning": 0.2,
        "alert": 0.5,
        "hysteresis": 1,
        "cooldown": "1d",
        **body.get("levels", {}),
    }
    if not 0 < float(levels["warning"]) <= float(levels["alert"]) <= 1:
        raise ValidationError(
            f"{where}: levels need 0 < warning ≤ alert ≤ 1. Got "
            f"{levels['warning']} and {levels['alert']}."
        )
    if not isinstance(levels["hysteresis"], int) or not 1 <= levels["hysteresis"] <= 50:
        raise ValidationError(f"{where}: 'hysteresis' is a whole number of runs from 1 to 50.")
    seconds(levels["cooldown"], "cooldown")
    if body.get("every"):
        duration_seconds(body["every"], "every")  # a schedule of 0 would run at every tick
    if str(body["reference"]).strip().lower() == str(body["current"]).strip().lower():
        raise ValidationError(
            f"{where} compares {body['reference']} with itself: it could never drift.",
            hint="Name the data set whose new versions it should check as 'current'.",
        )
    known = {f.name for f in fields(DriftOptions)}
    drift = dict(body.get("drift", {}))
    if set(drift) - known:
        raise ValidationError(
            f"{where}: unknown drift options: {', '.join(sorted(set(drift) - known))}."
        )
    if {"drift_share", "warning_share"} & set(drift):
        raise ValidationError(
            f"{where}: the levels set when the dataset drifts (warning and "
            "alert); drop drift_share/warning_share from [drift]."
        )
    DriftOptions(**drift).check()
    actions = dict(body.get("actions", {}))
    if set(actions) - {"alert_folder", "mail", "pipeline"}:
        raise ValidationError(f"{where}: actions are alert_folder, mail and pipeline.")
    if "mail" in actions and (
        not isinstance(actions["mail"], list)
        or not all(isinstance(a, str) and "@" in a for a in actions["mail"])
    ):
        raise ValidationError(f"{where}: 'mail' is a list of addresses.")
    if "time_column" in body and (
        not isinstance(body["time_column"], str) or not body["time_column"].strip()
    ):
        raise ValidationError(f"{where}: 'time_column' names the column holding each row's date.")
    if not isinstance(body.get("anomalies", True), bool):
        raise ValidationError(f"{where}: 'anomalies' is true or false.")
    return {
        "name": name,
        "reference": body["reference"].strip(),
        "current": body["current"].strip(),
        "columns": body.get("columns"),
        "every": body.get("every"),
        "levels": levels,
        "drift": drift,
        "actions": actions,
        "baseline": parse_baseline(body.get("baseline"), where),
        "time_column": body.get("time_column"),
        "anomalies": body.get("anomalies", True),
        "performance": parse_performance(body.get("performance"), where),
    }


PERFORMANCE_FIELDS = {
    "model",
    "reference",
    "labels",
    "id",
    "label_column",
    "metric",
    "chunk",
    "outside",
    "fairness",
}


def parse_performance(body: Any, where: str) -> dict[str, Any] | None:
    """A model's performance on each checked batch, per chunk against the reference band:
    `outside` (2) chunks whose realised value is outside raise an alert; as many whose
    estimate (no labels yet) is outside, or one realised, raise a warning — one chunk in a
    band of ±3σ from ten reference chunks can leave it by chance. `fairness` (columns):
    the four-fifths rule per chunk — a chunk whose parity ratio's 95 % interval lies wholly
    below 0.8 warns, `outside` of them alert."""
    if body is None:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("model"), str):
        raise ValidationError(
            f"{where}: [performance] needs 'model' (NAME for its production version, or NAME@V)."
        )
    if set(body) - PERFORMANCE_FIELDS:
        raise ValidationError(
            f"{where}: [performance] has unknown fields: "
            f"{', '.join(sorted(set(body) - PERFORMANCE_FIELDS))}."
        )
    if "labels" in body and not body.get("id"):
        raise ValidationError(
            f"{where}: [performance] labels need 'id', the column they share with the batches."
        )
    if not isinstance(body.get("outside", 2), int) or not 1 <= body.get("outside", 2) <= 100:
        raise ValidationError(f"{where}: [performance] outside is a number of chunks, 1 to 100.")
    if "chunk" in body and (not isinstance(body["chunk"], int) or body["chunk"] < 10):
        raise ValidationError(f"{where}: [performance] chunk is a number of rows, 10 or more.")
    if "fairness" in body and (
        not isinstance(body["fairness"], list)
        or not all(isinstance(a, str) and a for a in body["fairness"])
    ):
        raise ValidationError(f"{where}: [performance] fairness is a list of columns.")
    from engine.monitoring.performance import METRICS

    if body.get("metric", "roc_auc") not in METRICS:
        raise ValidationError(f"{where}: [performance] metric is one of {', '.join(METRICS)}.")
    return dict(body)


def drift_options(definition: Mapping[str, Any]) -> DriftOptions:
    """A monitor's drift options, its levels as the dataset-drift thresholds: what it
    reports and what `airlock drift --monitor NAME` reports are one definition."""
    levels = definition["levels"]
    return DriftOptions(
        **{
            **definition.get("drift", {}),
            "warning_share": float(levels["warning"]),
            "drift_share": float(levels["alert"]),
        }
    )
