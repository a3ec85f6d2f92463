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

import hashlib
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import ValidationError
from engine.training.spec import LOWER_IS_BETTER

GATED_STAGES = ("staging", "production")


@dataclass(frozen=True)
class GateResult:
    gate: str  # a short description of the gate, e.g. "roc_auc ≥ 0.75"
    kind: str
    passed: bool
    detail: str  # why it passes or fails, in words

    def as_json(self) -> dict[str, Any]:
        return {"gate": self.gate, "kind": self.kind, "passed": self.passed, "detail": self.detail}


@dataclass
class GateContext:
    """What a gate may look at: the version's recorded metrics and lineage, the current
    production version's metrics, and lookups into other areas' recorded results."""

    model: str
    version: int
    task: str
    metrics: dict[str, float | None]
    champion: tuple[int, dict[str, float | None]] | None  # (version, metrics)
    dataset_version_id: str | None
    dataset_ref: str
    # contract name -> the latest stored validation of the training data against it, as
    # {"passed": bool, "contract": "name@v", "id": ...}, or None when there is none
    contract_result: Callable[[str], dict[str, Any] | None]
    # suite name -> the latest stored report of a model test suite on this version, as
    # {"passed": bool, "failures": int, "id": ...}, or None
    test_result: Callable[[str], dict[str, Any] | None] = lambda _suite: None
    extra: dict[str, Any] = field(default_factory=dict)


Evaluator = Callable[[dict[str, Any], GateContext], GateResult]


@dataclass(frozen=True)
class GateKind:
    name: str
    fields: dict[str, type]  # required fields and their types (besides kind and stages)
    evaluate: Evaluator
    describe: str
    optional: dict[str, type] = field(default_factory=dict)  # and these, when given


KINDS: dict[str, GateKind] = {}


def register_kind(kind: GateKind) -> None:
    KINDS[kind.name] = kind


def _metric(body: dict[str, Any], ctx: GateContext) -> tuple[str, float | None]:
    name = body["metric"]
    return name, ctx.metrics.get(name)


def _min_metric(body: dict[str, Any], ctx: GateContext) -> GateResult:
    name, value = _metric(body, ctx)
    parts = []
    if "min" in body:
        parts.append(f"≥ {body['min']:g}")
    if "max" in body:
        parts.append(f"≤ {body['max']:g}")
    label = f"{name} " + " and ".join(parts)
    if value is None:
        return GateResult(
            label, "min_metric", False, f"version {ctx.version} has no recorded {name}"
        )
    ok = ("min" not in body or value >= body["min"]) and ("max" not in body or value <= body["max"])
    return GateResult(label, "min_metric", ok, f"{name} is {value:.4f}")


def _max_drop(body: dict[str, Any], ctx: GateContext) -> GateResult:
    name, value = _metric(body, ctx)
    allowed = float(body["max_drop"])
    label = f"{name} at most {allowed:g} worse than production"
    if ctx.champion is None:
        return GateResult(label, "max_drop", True, "no version is in production yet")
    champion_version, champion_metrics = ctx.champion
    if champion_version == ctx.version:
        return GateResult(label, "max_drop", True, "this version is the production version")
    best = champion_metrics.get(name)
    if value is None or best is None:
        missing_in = ctx.version if value is None else champion_version
        return GateResult(label, "max_drop", False, f"{name} is missing for version {missing_in}")
    drop = (value - best) if name in LOWER_IS_BETTER else (best - value)
    ok = drop <= allowed + 1e-12
    return GateResult(
        label,
        "max_drop",
        ok,
        f"{name} {value:.4f} against production (version {champion_version}) "
        f"{best:.4f}: {'a drop' if drop > 0 else 'no drop'} of "
        f"{max(drop, 0.0):.4f}",
    )


def _contract(body: dict[str, Any], ctx: GateContext) -> GateResult:
    name = body["contract"]
    label = f"training data passes contract {name}"
    if not ctx.dataset_version_id:
        return GateResult(
            label, "contract", False, "the version has no training dataset in this workspace"
        )
    result = ctx.contract_result(name)
    if result is None:
        return GateResult(
            label,
            "contract",
            False,
            f"{ctx.dataset_ref} was never validated against {name}: run "
            f"`airlock data validate {ctx.dataset_ref} --contract {name}`",
        )
    return GateResult(
        label,
        "contract",
        bool(result["passed"]),
        f"{ctx.dataset_ref} {'passed' if result['passed'] else 'failed'} "
        f"{result['contract']} (validation {result['id']})",
    )


def _tests(body: dict[str, Any], ctx: GateContext) -> GateResult:
    suite = body["suite"]
    label = f"model test suite {suite} passes"
    result = ctx.test_result(suite)
    if result is None:
        return GateResult(
            label,
            "tests",
            False,
            f"suite {suite} was never run on this version: run `airlock model "
            f"test {ctx.model}@{ctx.version} SUITE.toml`",
        )
    in_sample = str(result.get("rows_used", "")).startswith("IN-SAMPLE")
    return GateResult(
        label,
        "tests",
        bool(result["passed"]),
        (
            "every check passed"
            + (
                " — in-sample: on the rows the model was trained on, so optimistic"
                if in_sample
                else ""
            )
        )
        if result["passed"]
        else f"{result['failures']} checks failed (report {result['id']})",
    )


FAIRNESS_MEASURES = {
    "demographic_parity_ratio": "min",
    "equalized_odds_ratio": "min",
    "demographic_parity_difference": "max",
    "equalized_odds_difference": "max",
}


def _fairness(body: dict[str, Any], ctx: GateContext) -> GateResult:
    """The newest stored fairness report of the version (`airlock governance fairness`)
    meets a bound on a disparity of the attribute — by default the four-fifths rule."""
    attribute = body["attribute"]
    measure = body.get("measure", "demographic_parity_ratio")
    side = FAIRNESS_MEASURES[measure]
    bound = body.get(side, 0.8 if side == "min" else 0.1)
    label = f"{measure} of {attribute} {'≥' if side == 'min' else '≤'} {bound:g}"
    lookup = ctx.extra.get("fairness")
    found = lookup(attribute) if lookup else None
    if found is None:
        return GateResult(
            label,
            "fairness",
            False,
            f"version {ctx.version} has no fairness report: run `airlock "
            f"governance fairness {ctx.model}@{ctx.version}`",
        )
    disparity = found["disparity"]
    value = disparity.get(measure) if disparity else None
    if value is None:
        return GateResult(
            label, "fairness", False, f"report {found['id']} has no {measure} for {attribute}"
        )
    ok = value >= bound - 1e-12 if side == "min" else value <= bound + 1e-12
    return GateResult(
        label,
        "fairness",
        ok,
        f"{measure} is {value:.3f}"
        + _interval(disparity, measure, bound)
        + f" (report {found['id']}, {found['created']})",
    )


def _interval(disparity: dict[str, Any], measure: str, bound: float) -> str:
    """The bootstrap interval of the ratio, and what it says about the point verdict: the
    gate goes by the point value (a 0.72 ratio fails even when a small group's interval
    reaches 0.8), the interval tells the validator how sure that is."""
    low, high = disparity.get("ratio_low"), disparity.get("ratio_high")
    if measure != "demographic_parity_ratio" or low is None or high is None:
        return ""
    value = disparity[measure]
    text = f", 95 % interval {low:.2f}–{high:.2f}"
    if high < bound:
        return text + ": clearly below"
    if value < bound:
        return text + ": below, though the interval reaches the bound (more test rows would tell)"
    if low < bound:
        return text + ": meets it, though the interval reaches below"
    return text


def _reviewed(_body: dict[str, Any], ctx: GateContext) -> GateResult:
    """Every feature whose name suggests a sensitive attribute (sex, age, nationality, …)
    was looked at: tagged sensitive, or dismissed as not_sensitive."""
    from engine.data.pii import sensitive_by_name

    label = "features that look like sensitive attributes are reviewed"
    lookup = ctx.extra.get("tags")
    tags = lookup() if lookup else {}
    open_ = sensitive_by_name(list(ctx.extra.get("features", [])), tags or {})
    if open_:
        return GateResult(
            label,
            "sensitive_reviewed",
            False,
            f"{', '.join(open_)} look(s) like sensitive attributes and nobody "
            f"has tagged them sensitive or not_sensitive in {ctx.dataset_ref}",
        )
    return GateResult(label, "sensitive_reviewed", True, "none left to review")


register_kind(
    GateKind(
        "min_metric",
        {"metric": str},
        _min_metric,
        "the version's metric reaches a bound (`min`, or `max` for errors)",
    )
)
register_kind(
    GateKind(
        "max_drop",
        {"metric": str, "max_drop": float},
        _max_drop,
        "the version is at most `max_drop` worse than production",
    )
)
register_kind(
    GateKind(
        "contract",
        {"contract": str},
        _contract,
        "the training dataset version passed the data contract",
    )
)
register_kind(
    GateKind(
        "tests",
        {"suite": str},
        _tests,
        "the latest run of a model test suite on the version passed",
    )
)


def _card(_body: dict[str, Any], ctx: GateContext) -> GateResult:
    """The version has a saved model card, and the card as the evidence stands now lacks
    nothing (`airlock governance card`)."""
    label = "a complete model card"
    lookup = ctx.extra.get("card")
    found = lookup() if lookup else None
    if found is None or not found["saved"]:
        return GateResult(
            label,
            "card",
            False,
            f"version {ctx.version} has no saved model card: `airlock "
            f"governance card {ctx.model}@{ctx.version} --set …`",
        )
    if found["missing"]:
        return GateResult(
            label, "card", False, f"card {found['number']} lacks: " + "; ".join(found["missing"])
        )
    return GateResult(label, "card", True, f"card {found['number']} is complete")


register_kind(
    GateKind(
        "fairness",
        {"attribute": str},
        _fairness,
        "the version's fairness report meets a disparity bound (default: "
        "demographic parity ratio ≥ 0.8, the four-fifths rule)",
        optional={"measure": str},
    )
)
register_kind(
    GateKind("card", {}, _card, "the version has a saved, complete model card (documentation gate)")
)
register_kind(
    GateKind(
        "sensitive_reviewed",
        {},
        _reviewed,
        "every feature that looks like a sensitive attribute is tagged sensitive or not_sensitive",
    )
)


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
                    f"{where}: gate {number} '{name}' must be a number. Got {value!r} instead."
                )
            if wanted is str and (not isinstance(value, str) or not value.strip()):
                raise ValidationError(
                    f"{where}: gate {number} '{name}' must be text. Got {value!r} instead."
                )
            clean[name] = float(value) if wanted is float else value.strip()
        for name in kind.optional:  # text fields
            if name in gate:
                if not isinstance(gate[name], str) or not gate[name].strip():
                    raise ValidationError(f"{where}: gate {number} '{name}' must be text.")
                clean[name] = gate[name].strip()
        if (
            kind.name == "fairness"
            and clean.get("measure", "demographic_parity_ratio") not in FAIRNESS_MEASURES
        ):
            raise ValidationError(
                f"{where}: gate {number} 'measure' is one of {', '.join(FAIRNESS_MEASURES)}."
            )
        for bound in ("min", "max"):
            if bound in gate:
                if isinstance(gate[bound], bool) or not isinstance(gate[bound], int | float):
                    raise ValidationError(
                        f"{where}: gate {number} '{bound}' must be a "
                        f"number. Got {gate[bound]!r} instead."
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
                f"production. Got {stages!r} instead."
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
