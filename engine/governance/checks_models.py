"""Compliance checks of the models: the inventory, revalidation, monitoring, fairness, model
cards and lineage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.governance.controls import Check, share
from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.governance.compliance import ComplianceService


def check_inventory(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    info = ctx["info"]
    owner, tier = bool(info.owner), bool(info.risk_tier)
    rows = [(m.name, m.production.ref if m.production else "-") for m in ctx["models"]]
    status = "met" if owner and tier else "partial"
    return Check(
        "inventory",
        status,
        f"Project {info.name!r}: owner {'set' if owner else 'NOT set'}, risk "
        f"tier {info.risk_tier}; {len(rows)} registered model(s).",
        tuple((f"{name}: production {prod}", "airlock governance inventory") for name, prod in rows)
        or (("No registered model yet.", "airlock model list"),),
    )


def check_revalidation(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    rows = [r for r in service._inventory.rows(actor, ctx["project"]) if r.stage == "production"]
    if not rows:
        return Check(
            "revalidation", "partial", "No model in production: nothing to revalidate yet."
        )
    good = sum(1 for r in rows if r.last_validation and not r.overdue)
    return Check(
        "revalidation",
        share(good, len(rows)),
        "Production models are revalidated within 365 days of their last validation.",
        tuple(
            (
                f"{r.version}: validated {r.last_validation[:10] or 'never'}, due "
                f"{r.next_due[:10] or '-'}{' (OVERDUE)' if r.overdue else ''}",
                "airlock governance inventory",
            )
            for r in rows
        ),
    )


def check_monitoring(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    live = ctx["live"]
    if not live:
        return Check(
            "monitoring",
            "partial",
            "No model in staging or production: nothing to monitor yet.",
        )
    monitors = service._monitors.monitors(actor, ctx["project"])
    evidence, good = [], 0
    for version in live:
        dataset = version.lineage.get("dataset_ref", "")
        watching = sorted(
            m.name for m in monitors if m.watches(version.model, version.ref, dataset)
        )
        good += bool(watching)
        evidence.append(
            (
                f"{version.ref}: " + (", ".join(watching) if watching else "NO monitor"),
                "airlock monitor list",
            )
        )
    return Check(
        "monitoring",
        share(good, len(live)),
        "Models in staging and production are watched for drift and performance.",
        tuple(evidence),
    )


def check_fairness(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    live = ctx["live"]
    if not live:
        return Check("fairness", "partial", "No model in staging or production yet.")
    evidence, good, reported = [], 0, 0
    for version in live:
        reports = service._fairness.reports(actor, version.ref, project=ctx["project"])
        if not reports:
            evidence.append(
                (
                    f"{version.ref}: no fairness report.",
                    f"airlock governance fairness {version.ref}",
                )
            )
            continue
        flags = reports[0].report.flags
        good += not flags
        reported += 1
        evidence.append(
            (
                f"{version.ref}: report {reports[0].id} "
                + ("; ".join(flags) if flags else "passes the four-fifths rule"),
                f"airlock governance reports {version.ref}",
            )
        )
    status = share(good, len(live))
    return Check(
        "fairness",
        "partial" if status == "missing" and reported else status,
        "Each model in staging or production has a stored fairness report "
        "without four-fifths flags.",
        tuple(evidence),
    )


def check_model_cards(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    live = ctx["live"]
    if not live:
        return Check("model_cards", "partial", "No model in staging or production yet.")
    evidence, good = [], 0
    for version in live:
        state = service._cards.complete(actor, version)
        ok = bool(state.saved) and not state.missing
        good += ok
        text = (
            "no saved card"
            if not state.saved
            else f"card #{state.number} "
            + ("complete" if not state.missing else "lacks " + ", ".join(state.missing))
        )
        evidence.append((f"{version.ref}: {text}", f"airlock governance card {version.ref}"))
    return Check(
        "model_cards",
        share(good, len(live)),
        "Each model in staging or production has a complete model card "
        "(intended use, data, metrics per group, fairness, attack risks, "
        "approvals, monitoring plan).",
        tuple(evidence),
    )


def check_lineage(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    versions = ctx["versions"]
    if not versions:
        return Check("lineage", "partial", "No registered model yet.")
    good = sum(1 for v in versions if v.lineage.get("dataset_hash"))
    return Check(
        "lineage",
        share(good, len(versions)),
        "Each model version records its run, dataset version and the data's "
        "content hash in its signed manifest.",
        (
            (
                f"{good} of {len(versions)} versions carry their data's hash.",
                "airlock model show MODEL@V",
            ),
        ),
    )
