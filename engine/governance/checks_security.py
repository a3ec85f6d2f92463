"""Compliance checks of security and accountability: the verified audit log and its retention,
encryption at rest, access control, four-eyes approval, production gates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.governance.controls import Check, share
from engine.security.actor import Actor
from engine.store.schema import AuditEntryRow, ObjectRow, UserRow

if TYPE_CHECKING:
    from engine.governance.compliance import ComplianceService


def check_audit_log(service: ComplianceService, actor: Actor, _ctx: dict[str, Any]) -> Check:
    from engine.security import rbac

    if not rbac.allowed(actor.role, "audit.verify"):
        return Check(
            "audit_log",
            "partial",
            f"Not verified in this report: the {actor.role} role may not verify "
            "the audit log (administrators, validators and auditors may).",
            (("Verify it as one of them.", "airlock audit verify"),),
        )
    report = service._audit_service.verify(actor)
    status = "met" if report.ok else "missing"
    return Check(
        "audit_log",
        status,
        "The signed, hash-chained audit log verifies."
        if report.ok
        else "The audit log does NOT verify: "
        + "; ".join(f.line() for f in report.findings if f.invalid)[:400],
        ((report.summary(), "airlock audit verify"),),
    )


def check_audit_retention(service: ComplianceService, actor: Actor, _ctx: dict[str, Any]) -> Check:
    days = int(service._settings.all(actor)["audit_retention_days"])
    with service._access.reading(actor, "governance.read", "audit") as session:
        first = session.scalar(select(func.min(AuditEntryRow.time)))
        count = session.scalar(select(func.count()).select_from(AuditEntryRow))
    status = "met" if days >= 365 else "partial"
    return Check(
        "audit_retention",
        status,
        f"Audit entries are kept {days} days at least; pruning inside that period is refused.",
        (
            (f"{count} entries since {str(first)[:10]}; nothing pruned.", "airlock audit log"),
            (f"audit_retention_days = {days}", "airlock settings"),
        ),
    )


def check_encryption_at_rest(
    service: ComplianceService, actor: Actor, _ctx: dict[str, Any]
) -> Check:
    with service._access.reading(actor, "governance.read", "objects") as session:
        rows = session.execute(select(ObjectRow.mk_id, ObjectRow.wrapped_dek)).all()
    current = actor.keyring.mk_id
    live = [r for r in rows if r.wrapped_dek]
    stale = sum(1 for r in live if r.mk_id != current)
    shredded = len(rows) - len(live)
    status = "met" if not stale else "partial"
    return Check(
        "encryption_at_rest",
        status,
        "Every stored object is encrypted (Cobblestone-256, a random data key "
        "per object wrapped by the workspace master key); Argon2id protects "
        "the user keys.",
        (
            (
                f"{len(live)} encrypted objects, {stale} under an earlier master key, "
                f"{shredded} crypto-shredded.",
                "airlock workspace check",
            ),
        ),
    )


def check_access_control(service: ComplianceService, actor: Actor, _ctx: dict[str, Any]) -> Check:
    with service._access.reading(actor, "governance.read", "users") as session:
        users = session.execute(select(UserRow.role, UserRow.disabled)).all()
    roles: dict[str, int] = {}
    for role, disabled in users:
        if not disabled:
            roles[role] = roles.get(role, 0) + 1
    text = ", ".join(f"{n} {r}" for r, n in sorted(roles.items()))
    separated = roles.get("validator", 0) and roles.get("analyst", 0)
    return Check(
        "access_control",
        "met" if separated else "partial",
        "Four roles with least privilege; validators, who approve, cannot "
        "train or register; every denial is logged."
        if separated
        else "No separate validator and analyst accounts: duties are not segregated.",
        (
            (f"Active users: {text}.", "airlock user list"),
            ("The role × action matrix.", "docs/roles.md"),
        ),
    )


def check_four_eyes(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    production = [v for v in ctx["versions"] if v.stage == "production"]
    if not production:
        return Check(
            "four_eyes",
            "partial",
            "No model version is in production yet: there is no approval to show.",
        )
    approvals = [
        a
        for a in service._registry.approvals.all(actor, project=ctx["project"])
        if a.status == "approved"
    ]
    evidence, good = [], 0
    for version in production:
        found = [
            a for a in approvals if a.version == version.ref and a.decided_by != version.trained_by
        ]
        if found:
            good += 1
            evidence.append(
                (
                    f"{version.ref}: trained by {version.trained_by}, approved "
                    f"by {found[-1].decided_by} on {found[-1].decided[:10]} "
                    "(signed, with the evidence hash).",
                    "airlock model approvals",
                )
            )
        else:
            evidence.append(
                (
                    f"{version.ref} is in production without an independent approval.",
                    "airlock model approvals",
                )
            )
    return Check(
        "four_eyes",
        share(good, len(production)),
        "Production needs a validator's approval, never the trainer's own.",
        tuple(evidence),
    )


def check_production_gates(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    """Governance on by default: the default production gates (fairness on tagged
    sensitive attributes, reviewed sensitive features, a complete card) and who turned
    them off, from the signed log."""
    from engine.projects import logged_tier
    from engine.registry.gates import DEFAULT_TIERS
    from engine.settings import logged_setting

    with service._access.reading(actor, "governance.read", "settings") as session:
        on = bool(logged_setting(session, "default_gates"))
        tier = logged_tier(session, ctx["info"].id)
        last = session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.target == "setting:default_gates")
            .order_by(AuditEntryRow.seq.desc())
        ).first()
        who = session.get(UserRow, last.actor_user_id) if last and last.actor_user_id else None
    evidence = [
        (
            f"{v.ref}: "
            + service._registry.versions.policy_for(
                actor, v, next(m for m in ctx["models"] if m.name == v.model)
            )[2],
            f"airlock model gates {v.ref} --stage production",
        )
        for v in ctx["live"]
    ]
    if not on:
        return Check(
            "production_gates",
            "missing",
            "An administrator turned the default production gates off "
            f"({who.name if who else 'unknown'}, {str(last.time)[:10] if last else ''}"
            "): models reach production with only their own gates.",
            (
                ("default_gates = false (setting, in the signed log)", "airlock settings"),
                *evidence,
            ),
        )
    if tier not in DEFAULT_TIERS:
        return Check(
            "production_gates",
            "partial",
            f"Project risk tier {tier}: no default production gates; models "
            "have only their own gates.",
            tuple(evidence),
        )
    return Check(
        "production_gates",
        "met",
        f"Default production gates on (risk tier {tier}): four-fifths fairness "
        "on every attribute tagged sensitive, features that look sensitive "
        "reviewed, a complete model card — on top of each model's own gates.",
        (("default_gates = true", "airlock settings"), *evidence),
    )
