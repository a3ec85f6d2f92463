"""The built-in gate kinds: min_metric, max_drop, contract, tests, fairness, reviewed and
card, each an evaluator registered with gates.register_kind (gates.py explains policies)."""

from __future__ import annotations

from typing import Any

from engine.registry.gate_types import GateContext, GateKind, GateResult, register_kind
from engine.training.spec import LOWER_IS_BETTER


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
    if found is None or not found.saved:
        return GateResult(
            label,
            "card",
            False,
            f"version {ctx.version} has no saved model card: `airlock "
            f"governance card {ctx.model}@{ctx.version} --set …`",
        )
    if found.missing:
        return GateResult(
            label, "card", False, f"card {found.number} lacks: " + "; ".join(found.missing)
        )
    return GateResult(label, "card", True, f"card {found.number} is complete")


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
