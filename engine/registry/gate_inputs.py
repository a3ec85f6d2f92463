"""What a gate is evaluated on: the policy that applies to a version (its own, else the
project's tier default), and the context — metrics, dataset tags, stored test reports and
the evidence governance recorded."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.audit.bound import SignedIndex
from engine.objects.sealed import SEALER
from engine.projects import ProjectService, logged_tier
from engine.registry.entities import (
    ModelVersion,
    RegisteredModel,
)
from engine.registry.gates import (
    DEFAULT_TIERS,
    GateContext,
    Policy,
    default_policy,
)
from engine.registry.rows import test_fields
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.settings import logged_setting
from engine.store.schema import (
    ModelTestRow,
)

if TYPE_CHECKING:
    from engine.registry.lookups import Lookups


def policy_for(
    service: Lookups, actor: Actor, version: ModelVersion, model: RegisteredModel
) -> tuple[Policy, str, str]:
    own = model.policy
    with service._access.reading(actor, "registry.read", f"model:{model.name}") as session:
        tier = logged_tier(session, ProjectService.find(session, model.project).id)
        on = logged_setting(session, "default_gates")
    if tier not in DEFAULT_TIERS:
        why = f"the project's risk tier is {tier}"
        return (
            (own, "model", f"the model's own gate policy; no default gates: {why}")
            if own.gates
            else (Policy(()), "none", f"no gate policy, and {why}")
        )
    if not on:  # an administrator's opt-out: every listing warns
        why = "an administrator turned the default gates off (setting default_gates)"
        return (
            own,
            "opted-out",
            (
                f"the model's own gate policy only: {why}"
                if own.gates
                else f"no gate policy, and {why}"
            ),
        )
    sensitive = sorted(
        c for c, t in service.dataset_tags(actor, version).items() if "sensitive" in t
    )
    default = default_policy(version.manifest["task"], sensitive)
    gates = own.gates + tuple(g for g in default.gates if g not in own.gates)
    return (
        Policy(gates),
        "model+default" if own.gates else "default",
        f"the project's default gates (risk tier {tier})"
        + (" with the model's own policy" if own.gates else ""),
    )


def gate_context_of(
    service: Lookups, actor: Actor, version: ModelVersion, model: RegisteredModel
) -> GateContext:
    lineage = version.lineage
    local = (
        version.manifest.get("workspace") == service._workspace_id
        and "imported" not in version.manifest
    )
    context = gate_context(
        service,
        actor,
        model,
        version.version,
        version.manifest["task"],
        version.metrics,
        lineage.get("dataset_version") if local else None,
        lineage.get("dataset_ref", ""),
        version.project,
        lambda suite: latest_test(service, actor, version, suite),
    )
    if service.gate_evidence is not None:
        context.extra["fairness"] = functools.partial(
            service.gate_evidence.latest_disparity, actor, version.id
        )
        context.extra["card"] = functools.partial(
            service.gate_evidence.card_complete, actor, version
        )
    context.extra["features"] = [c["name"] for c in version.signature.get("inputs", [])]
    # read once (a replay of signed entries) for the review gate and the evidence pack
    context.extra["tags"] = functools.cache(lambda: service.dataset_tags(actor, version))
    return context


def gate_context(
    service: Lookups,
    actor: Actor,
    model: RegisteredModel,
    number: int,
    task: str,
    metrics: dict[str, Any],
    dataset_id: str | None,
    dataset_ref: str,
    project: str,
    test_result: Any,
) -> GateContext:
    champion = model.production

    def contract_result(contract: str) -> dict[str, Any] | None:
        wanted = name_key(contract.split("@")[0])
        exact = "@" in contract
        for result in service._data.contracts.results(actor, dataset_ref, project):
            stored = result.contract
            if (
                (stored.lower() == contract.lower())
                if exact
                else name_key(stored.split("@")[0]) == wanted
            ):
                return {"passed": result.passed, "contract": stored, "id": result.id}
        return None

    return GateContext(
        model=model.name,
        version=number,
        task=task,
        metrics=metrics,
        champion=(champion.version, champion.metrics) if champion else None,
        dataset_version_id=dataset_id,
        dataset_ref=dataset_ref,
        contract_result=contract_result,
        test_result=test_result,
    )


def latest_test(
    service: Lookups, actor: Actor, version: ModelVersion, suite: str
) -> dict[str, Any] | None:
    with service._access.reading(actor, "registry.read", f"model:{version.ref}") as session:
        row = session.scalars(
            select(ModelTestRow)
            .where(
                ModelTestRow.version_id == version.id,
                func.lower(ModelTestRow.suite_name) == suite.strip().lower(),
            )
            .order_by(ModelTestRow.created.desc())
        ).first()
        if row is None:
            return None
        # a gate relies on it: compared with the signed entry that recorded it
        SignedIndex(session, f"model-version:{version.id}", "report_id").check(
            row.id, test_fields(row), f"Test report {row.id} of {version.ref}"
        )
        body = SEALER.open(session, actor, row.report, f"model_tests/{row.id}/report")
        rows_used = body.get("rows_used", "") if isinstance(body, dict) else ""
        return {
            "passed": row.passed,
            "failures": row.failures,
            "id": row.id,
            "suite_sha256": row.suite_sha256,
            "rows_used": rows_used,
        }
