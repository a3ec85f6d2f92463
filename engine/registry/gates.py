"""Promotion gates, declared per model in a policy file (TOML):

    [[gate]]
    kind = "min_metric"          # the version's metric is at least `min` (and/or at most
                                 # `max`, for error metrics such as rmse)
    metric = "roc_auc"
    min = 0.75

    [[gate]]
    kind = "max_drop"            # at most `max_drop` below the current production version
    metric = "roc_auc"
    max_drop = 0.02

    [[gate]]
    kind = "contract"            # the training data passed this data contract
    contract = "loans"

    [[gate]]
    kind = "tests"               # the latest run of this model test suite passed
    suite = "credit-checks"      # (engine/registry/testsuite.py)

Each gate applies to `stages` (default: staging and production). Gate kinds are plugged in
through `register_kind`, so later areas (fairness, documentation, model tests) add theirs
through the same interface. A gate reads only recorded evidence, so evaluating it twice on
the same state gives the same result — the approval's evidence hash depends on that.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_TIERS",
    "FAIRNESS_TASKS",
    "GATED_STAGES",
    "KINDS",
    "Evaluator",
    "GateContext",
    "GateKind",
    "GateResult",
    "Policy",
    "default_policy",
    "load_policy",
    "parse_policy",
    "policy_from_text",
    "register_kind",
]

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import ValidationError
from engine.registry import gate_kinds  # the built-in kinds: registered when it loads
from engine.registry.gate_types import (
    KINDS,
    Evaluator,
    GateContext,
    GateKind,
    GateResult,
    register_kind,
)

GATED_STAGES = ("staging", "production")


@dataclass(frozen=True)
class Policy:
    gates: tuple[dict[str, Any], ...]

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.as_text().encode("utf-8")).hexdigest() if self.gates else ""

    def as_text(self) -> str:
        return json.dumps({"gate": list(self.gates)}, sort_keys=True) if self.gates else ""

    def for_stage(self, stage: str) -> list[dict[str, Any]]:
        return [g for g in self.gates if stage in g["stages"]]

    def evaluate(self, stage: str, ctx: GateContext) -> list[GateResult]:
        return [KINDS[g["kind"]].evaluate(g, ctx) for g in self.for_stage(stage)]


def parse_policy(body: dict[str, Any], where: str = "the policy") -> Policy:
    """Check a policy document; every refusal names the gate and the field."""
    if not isinstance(body, dict):
        raise ValidationError(
            f"{where} must be a table (TOML) or an object (JSON). Got {type(body).__name__}."
        )
    unknown = set(body) - {"gate"}
    if unknown:
        raise ValidationError(
            f"{where} has unknown sections: {', '.join(sorted(unknown))}.",
            hint="A policy holds only [[gate]] tables.",
        )
    gates = body.get("gate", [])
    if not isinstance(gates, list):
        raise ValidationError(f"{where}: 'gate' must be a list of [[gate]] tables.")
    checked = []
    for number, gate in enumerate(gates, 1):
        if not isinstance(gate, dict):
            raise ValidationError(f"{where}: gate {number} is not a table.")
        kind = KINDS.get(str(gate.get("kind", "")))
        if kind is None:
            raise ValidationError(
                f"{where}: gate {number} has kind {gate.get('kind')!r}; "
                f"the kinds are {', '.join(sorted(KINDS))}."
            )
        clean: dict[str, Any] = {"kind": kind.name}
        for name, wanted in kind.fields.items():
            if name not in gate:
                raise ValidationError(f"{where}: gate {number} ({kind.name}) needs '{name}'.")
            value = gate[name]
            if wanted is float and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise ValidationError(
                    f"{where}: gate {number} '{name}' must be a number. Got {value!r}."
                )
            if wanted is str and (not isinstance(value, str) or not value.strip()):
                raise ValidationError(
                    f"{where}: gate {number} '{name}' must be text. Got {value!r}."
                )
            clean[name] = float(value) if wanted is float else value.strip()
        for name in kind.optional:  # text fields
            if name in gate:
                if not isinstance(gate[name], str) or not gate[name].strip():
                    raise ValidationError(f"{where}: gate {number} '{name}' must be text.")
                clean[name] = gate[name].strip()
        measures = gate_kinds.FAIRNESS_MEASURES
        if (
            kind.name == "fairness"
            and clean.get("measure", "demographic_parity_ratio") not in measures
        ):
            raise ValidationError(
                f"{where}: gate {number} 'measure' is one of {', '.join(measures)}."
            )
        for bound in ("min", "max"):
            if bound in gate:
                if isinstance(gate[bound], bool) or not isinstance(gate[bound], int | float):
                    raise ValidationError(
                        f"{where}: gate {number} '{bound}' must be a number. Got {gate[bound]!r}."
                    )
                clean[bound] = float(gate[bound])
        if kind.name == "min_metric" and "min" not in clean and "max" not in clean:
            raise ValidationError(
                f"{where}: gate {number} (min_metric) needs 'min' (or "
                "'max', for an error metric such as rmse)."
            )
        stages = gate.get("stages", list(GATED_STAGES))
        if not isinstance(stages, list) or not stages or any(s not in GATED_STAGES for s in stages):
            raise ValidationError(
                f"{where}: gate {number} 'stages' must list staging and/or "
                f"production. Got {stages!r}."
            )
        clean["stages"] = sorted(set(stages))
        extra = set(gate) - set(clean) - {"stages"}
        if extra:
            raise ValidationError(
                f"{where}: gate {number} has unknown fields: {', '.join(sorted(extra))}."
            )
        checked.append(clean)
    return Policy(tuple(checked))


def load_policy(path: Path) -> Policy:
    if not path.is_file():
        raise ValidationError(f"There is no policy file {path}.")
    try:
        body = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path.name} is not valid TOML: {exc}") from exc
    return parse_policy(body, path.name)


def policy_from_text(text: str) -> Policy:
    return parse_policy(json.loads(text)) if text else Policy(())


# Governance on by default: every model in a project of risk tier medium or above gets these
# production gates on top of its own policy (only an administrator turns them off, with the
# `default_gates` setting — audited, and shown in compliance).
DEFAULT_TIERS = ("medium", "high", "critical")
FAIRNESS_TASKS = ("binary", "regression")  # what `governance fairness` assesses


def default_policy(task: str, sensitive: list[str]) -> Policy:
    """Four-fifths on every attribute tagged sensitive (binary and regression models), the
    sensitive-attribute review, and a complete model card — for production."""
    gates: list[dict[str, Any]] = [{"kind": "sensitive_reviewed"}]
    if task in FAIRNESS_TASKS:
        gates += [{"kind": "fairness", "attribute": a} for a in sorted(sensitive)]
    gates.append({"kind": "card"})
    return parse_policy(
        {"gate": [{**g, "stages": ["production"]} for g in gates]}, "the default policy"
    )
