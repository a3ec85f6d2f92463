"""The four-eyes path to production: the model commands request, withdraw, approve,
reject, approvals and rollback."""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.common import (
    project_name,
    prompt_secret,
    session,
    show_number,
)


def _evidence(approval: Any) -> None:
    ev = approval.evidence
    print(f"  evidence sha256 {approval.evidence_hash}")
    print(
        f"  model sha256 {ev['model_sha256']}; trained by "
        f"{ev['lineage'].get('trained_by_name', '?')} on {ev['lineage'].get('dataset_ref')}"
    )
    print(
        "  metrics: " + ", ".join(f"{k} {show_number(v)}" for k, v in sorted(ev["metrics"].items()))
    )
    if ev.get("champion"):
        print(f"  production now: version {ev['champion']['version']}")
    for g in ev["gates"]:
        print(f"  [{'pass' if g['passed'] else 'FAIL'}] {g['gate']} — {g['detail']}")


def cmd_request(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        approval = ws.registry.approvals.request(
            actor, args.ref, note=args.note, project=project_name(args)
        )
    _evidence(approval)
    print(
        f"Requested production for {approval.version} ({approval.id}); a validator who did "
        "not train it decides."
    )
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        approval = ws.registry.approvals.withdraw(
            actor, args.ref, reason=args.reason, project=project_name(args)
        )
    print(f"Withdrew the request for {approval.version}.")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        password = prompt_secret(
            f"Confirm with your password, {actor.name}",
            "AIRLOCK_CONFIRM_PASSWORD",
            what="Your password, to sign the decision,",
        )
        call = (
            ws.registry.approvals.approve
            if args.decision == "approve"
            else ws.registry.approvals.reject
        )
        approval = call(
            actor, args.ref, password=password, reason=args.reason, project=project_name(args)
        )
    print(
        f"{approval.version}: {approval.status} by {approval.decided_by}, signed "
        f"(evidence sha256 {approval.evidence_hash[:16]}…)."
    )
    return 0


def cmd_approvals(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        found = ws.registry.approvals.all(
            actor, status=None if args.all else "pending", project=project_name(args)
        )
        mine = {a.id for a in ws.registry.approvals.awaiting(actor, project_name(args))}
    if not found:
        print("No requests." if args.all else "No pending requests.")
        return 0
    for a in found:
        flag = "  ← yours to decide" if a.id in mine else ""
        print(
            f"{a.version:<20} {a.status:<10} requested by {a.requested_by} {a.requested}"
            f"{(' — decided by ' + a.decided_by + ': ' + a.reason) if a.decided_by else ''}"
            f"{flag}"
        )
        if a.note:
            print(f"  note: {a.note}")
        if a.approver_added_by:
            print(
                f"  the approver's account was added by {a.approver_added_by} on {a.approver_added}"
            )
        if args.evidence:
            _evidence(a)
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        moved = ws.registry.approvals.rollback(
            actor, args.name, reason=args.reason, project=project_name(args)
        )
    print(f"{moved.version.ref} is in production again ({moved.from_stage} → production).")
    return 0
