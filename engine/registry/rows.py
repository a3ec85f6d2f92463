"""Registry rows as the other parts see them: entities from rows, and the checks a stored
version must pass before it is believed — its manifest's signature and the approval that put
it in production."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.audit.bound import stored_sha256
from engine.audit.record import unb64, verify_ed25519
from engine.errors import IntegrityError
from engine.objects.sealed import SEALER
from engine.registry import foureyes
from engine.registry.entities import (
    DECISION_CONTEXT,
    MANIFEST_CONTEXT,
    Approval,
    ApprovalCheck,
    ModelVersion,
    RegisteredModel,
    StageEvent,
    sha256_text,
)
from engine.registry.gates import (
    policy_from_text,
)
from engine.security.users import user_names
from engine.store.schema import (
    ApprovalRow,
    ModelTestRow,
    ModelVersionRow,
    RegisteredModelRow,
    SigningKeyRow,
    StageEventRow,
)

if TYPE_CHECKING:
    from engine.registry.lookups import Lookups


def check_manifest(service: Lookups, session: Any, row: ModelVersionRow, label: str) -> None:
    key = session.scalars(
        select(SigningKeyRow).where(SigningKeyRow.key_id == row.signer_key_id)
    ).first()
    if key is None:
        raise IntegrityError(f"The key that signed {label} is not in this workspace.")
    text = manifest_text(session, row)
    try:
        sig = unb64(row.manifest_sig)
    except ValueError:
        sig = b""
    if not verify_ed25519(key.public_key, sig, MANIFEST_CONTEXT + bytes.fromhex(sha256_text(text))):
        raise IntegrityError(
            f"The signature of {label} does not match its manifest; "
            "the registry record was altered.",
            hint="Do not use this version; restore metadata.db from a "
            "backup and check the audit log.",
        )
    manifest = json.loads(text)
    if (manifest.get("model_object") or manifest.get("model_sha256")) != row.model_object_id:
        raise IntegrityError(
            f"{label} points at a different model file than its signed manifest names."
        )


def version_entity(
    service: Lookups,
    session: Any,
    row: ModelVersionRow,
    model_row: RegisteredModelRow,
    project: str,
    names: dict[str, str] | None = None,
) -> ModelVersion:
    names = user_names(session) if names is None else names
    manifest = json.loads(manifest_text(session, row))
    lineage = manifest.get("lineage", {})
    return ModelVersion(
        id=row.id,
        model=model_row.name,
        project=project,
        version=row.version,
        stage=row.stage,
        description=row.description,
        tags=json.loads(row.tags),
        manifest=manifest,
        registered=row.registered,
        registered_by=names.get(row.registered_by, manifest.get("registered_by_name", "")),
        trained_by=names.get(row.trained_by, lineage.get("trained_by_name", "")),
    )


def model_entity(
    service: Lookups, session: Any, row: RegisteredModelRow, project: str
) -> RegisteredModel:
    versions = session.scalars(
        select(ModelVersionRow)
        .where(ModelVersionRow.model_id == row.id)
        .order_by(ModelVersionRow.version)
    ).all()
    names = user_names(session)  # once for every version, not once each
    return RegisteredModel(
        id=row.id,
        name=row.name,
        project=project,
        description=row.description,
        policy=policy_from_text(row.policy),
        versions=tuple(version_entity(service, session, v, row, project, names) for v in versions),
    )


def approval_entity(
    service: Lookups, session: Any, row: ApprovalRow, ref: str, names: dict[str, str] | None = None
) -> Approval:
    names = user_names(session) if names is None else names
    added = (
        foureyes.approver(session, row.decided_by, row.decided)
        if row.decided_by and row.decided
        else None
    )
    return Approval(
        id=row.id,
        version=ref,
        status=row.status,
        requested_by=names.get(row.requested_by, row.requested_by),
        requested=row.requested,
        note=row.note,
        evidence=json.loads(row.evidence),
        evidence_hash=row.evidence_hash,
        decided_by=names.get(row.decided_by or "", row.decided_by or ""),
        decided=row.decided or "",
        reason=row.reason,
        approver_added_by=names.get(added.added_by, added.added_by) if added else "",
        approver_added=added.added if added else "",
    )


def approval_check(service: Lookups, session: Any, row: ModelVersionRow, ref: str) -> ApprovalCheck:
    approval = session.scalars(
        select(ApprovalRow)
        .where(ApprovalRow.version_id == row.id, ApprovalRow.status == "approved")
        .order_by(ApprovalRow.decided.desc())
    ).first()
    if approval is None:
        return ApprovalCheck(False, f"{ref} has no approval", None)
    entity = approval_entity(service, session, approval, ref)

    def bad(why: str) -> ApprovalCheck:
        return ApprovalCheck(False, f"the approval of {ref} does not hold: {why}", entity)

    try:
        decision = json.loads(approval.decision)
    except ValueError:
        return bad("the decision record is damaged")
    key = session.scalars(
        select(SigningKeyRow).where(SigningKeyRow.key_id == approval.decision_key_id)
    ).first()
    if key is None or key.user_id != approval.decided_by:
        return bad("the validator's key is unknown")
    try:
        sig = unb64(approval.decision_sig)
    except ValueError:
        return bad("the signature is damaged")
    if not verify_ed25519(
        key.public_key, sig, DECISION_CONTEXT + bytes.fromhex(sha256_text(approval.decision))
    ):
        return bad("the validator's signature does not match the decision")
    if decision.get("decision") != "approved" or decision.get("version_id") != row.id:
        return bad("the signed decision is for something else")
    if (
        sha256_text(approval.evidence) != approval.evidence_hash
        or decision.get("evidence_sha256") != approval.evidence_hash
    ):
        return bad("the evidence differs from what the validator signed")
    try:
        evidence = json.loads(approval.evidence)
    except ValueError:
        return bad("the evidence is damaged")
    text = manifest_text(session, row)
    model_sha256 = json.loads(text).get("model_sha256")
    if (
        evidence.get("model_sha256") != model_sha256
        or decision.get("model_sha256") != model_sha256
        or evidence.get("manifest_sha256") != sha256_text(text)
    ):
        return bad("the evidence is for a different model file or manifest")
    names = user_names(session)
    doubts = foureyes.flags(
        session,
        approver_id=approval.decided_by or "",
        requested=approval.requested,
        decided=approval.decided or "",
        requested_by=approval.requested_by,
        trained_by=row.trained_by or "",
        names=names,
    )
    return ApprovalCheck(
        True,
        f"approved by {names.get(approval.decided_by, '?')} on "
        f"{approval.decided}, signature valid"
        + (f"; FLAGGED (four-eyes): {'; '.join(doubts)}" if doubts else ""),
        entity,
        tuple(doubts),
    )


def manifest_text(session: Any, row: ModelVersionRow) -> str:
    """A version's signed canonical manifest (sealed in the database)."""
    return SEALER.open_text(session, row.manifest, f"model_versions/{row.id}/manifest")


def test_fields(row: ModelTestRow) -> dict[str, Any]:
    """What a model test's registry.test entry records, as the row now says."""
    return {
        "passed": row.passed,
        "failures": row.failures,
        "suite_sha256": row.suite_sha256,
        "stored_sha256": stored_sha256(row.report),
    }


def trained_on(session: Any, dataset_version_ids: Iterable[str]) -> list[tuple[str, str, str]]:
    """(model version id, NAME@V, dataset version id) of every registered version trained
    on one of `dataset_version_ids` (retention flags them when that data is erased)."""
    return [
        (version.id, f"{model.name}@{version.version}", str(version.dataset_version_id))
        for version, model in session.execute(
            select(ModelVersionRow, RegisteredModelRow)
            .join(RegisteredModelRow, ModelVersionRow.model_id == RegisteredModelRow.id)
            .where(ModelVersionRow.dataset_version_id.in_(list(dataset_version_ids)))
        )
    ]


def version_refs(session: Any, version_ids: Iterable[str], project_id: str) -> dict[str, str]:
    """NAME@V of each of `version_ids` that belongs to the project."""
    return {
        version_id: f"{name}@{number}"
        for version_id, name, number in session.execute(
            select(ModelVersionRow.id, RegisteredModelRow.name, ModelVersionRow.version)
            .join(RegisteredModelRow, ModelVersionRow.model_id == RegisteredModelRow.id)
            .where(
                ModelVersionRow.id.in_(list(version_ids)),
                RegisteredModelRow.project_id == project_id,
            )
        )
    }


def stage_events(session: Any, model_id: str) -> list[StageEvent]:
    """Every stage change of a registered model's versions, oldest first."""
    events = session.execute(
        select(StageEventRow, ModelVersionRow)
        .join(ModelVersionRow, StageEventRow.version_id == ModelVersionRow.id)
        .where(StageEventRow.model_id == model_id)
        .order_by(StageEventRow.id)
    ).all()
    names = user_names(session)
    return [
        StageEvent(
            version=v.version,
            from_stage=e.from_stage,
            to_stage=e.to_stage,
            time=e.time,
            by=names.get(e.actor, e.actor),
            reason=e.reason,
            approval=e.approval_id,
        )
        for e, v in events
    ]
