"""The registry's shared lookups: lookups, entities from rows, gate contexts, stage moves,
version records, and verified loading (manifest signature, model hash, approval)."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select

from engine.audit.bound import SignedIndex, logged_tags, stored_sha256
from engine.audit.canonical import canonical_json
from engine.audit.log import AuditLog
from engine.audit.record import b64, unb64, verify_ed25519
from engine.errors import IntegrityError, NotFound, ValidationError
from engine.objects.sealed import SEALER
from engine.objects.store import ObjectStore
from engine.projects import ProjectService, logged_tier
from engine.registry import foureyes
from engine.registry.entities import (
    DECISION_CONTEXT,
    MANIFEST_CONTEXT,
    Approval,
    ApprovalCheck,
    ModelVersion,
    RegisteredModel,
    sha256_text,
)
from engine.registry.gates import (
    DEFAULT_TIERS,
    GateContext,
    Policy,
    default_policy,
    policy_from_text,
)
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.settings import logged_setting
from engine.store.schema import (
    ApprovalRow,
    DatasetVersionRow,
    ModelTestRow,
    ModelVersionRow,
    RegisteredModelRow,
    SigningKeyRow,
    StageEventRow,
)

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.training.service import TrainingService


class GateEvidence(Protocol):
    """What another area recorded about a version, for the fairness and documentation gates
    (governance answers; engine/workspace/seams.py passes it in)."""

    def latest_disparity(
        self, actor: Actor, version_id: str, attribute: str
    ) -> dict[str, Any] | None: ...

    def card_complete(self, actor: Actor, version: ModelVersion) -> dict[str, Any]: ...


class Lookups:
    """What every part of the registry reads through: the services around it, finding
    models and versions, entities from rows, gate contexts, stage moves, version records,
    verified loading. The versions service is this plus registering; the other parts take
    it in their constructor."""

    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        data: DataService,
        training: TrainingService,
        confirm: Callable[[Actor, str], None],
        workspace_id: str,
        clock: Callable[[], datetime],
    ) -> None:
        self._access = access
        self._audit = audit
        self._objects = objects
        self._data = data
        self._training = training
        self._confirm = confirm
        self._workspace_id = workspace_id
        self._clock = clock
        self.gate_evidence: GateEvidence | None = None

    @property
    def workspace_id(self) -> str:
        return self._workspace_id

    def models(self, actor: Actor, project: str | None = None) -> list[RegisteredModel]:
        with self._access.reading(actor, "registry.read", "models") as session:
            project_row = ProjectService.find(session, project)
            rows = session.scalars(
                select(RegisteredModelRow)
                .where(RegisteredModelRow.project_id == project_row.id)
                .order_by(RegisteredModelRow.name_key)
            ).all()
            return [self.model_entity(session, r, project_row.name) for r in rows]

    def model(self, actor: Actor, name: str, project: str | None = None) -> RegisteredModel:
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, project_name = self.find_model(session, name, project)
            return self.model_entity(session, row, project_name)

    def version(self, actor: Actor, ref: str, project: str | None = None) -> ModelVersion:
        """NAME@V, NAME@stage (dev, staging, production) or NAME (its production version)."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, project_name = self.find_version(session, ref, project)
            return self.version_entity(session, row, model_row, project_name)

    def history(self, actor: Actor, name: str, project: str | None = None) -> list[dict[str, Any]]:
        """Every stage change of a model's versions, oldest first."""
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, _ = self.find_model(session, name, project)
            events = session.execute(
                select(StageEventRow, ModelVersionRow)
                .join(ModelVersionRow, StageEventRow.version_id == ModelVersionRow.id)
                .where(StageEventRow.model_id == row.id)
                .order_by(StageEventRow.id)
            ).all()
            names = user_names(session)
            return [
                {
                    "version": v.version,
                    "from": e.from_stage,
                    "to": e.to_stage,
                    "time": e.time,
                    "by": names.get(e.actor, e.actor),
                    "reason": e.reason,
                    "approval": e.approval_id,
                }
                for e, v in events
            ]

    def policy_for(
        self, actor: Actor, version: ModelVersion, model: RegisteredModel
    ) -> tuple[Policy, str, str]:
        """The gates that apply to `version`, where they come from ("model", "default",
        "model+default", "opted-out" or "none") and why, in words. In a project of risk
        tier medium or above the default gates (gates.default_policy) apply on top of the
        model's own policy — an analyst cannot drop them by writing a weaker policy; only an
        administrator can, with the default_gates setting (audited, shown in compliance).
        The setting, the tier and the tags are read from the signed log."""
        own = model.policy
        with self._access.reading(actor, "registry.read", f"model:{model.name}") as session:
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
            c for c, t in self.dataset_tags(actor, version).items() if "sensitive" in t
        )
        default = default_policy(version.manifest["task"], sensitive)
        gates = own.gates + tuple(g for g in default.gates if g not in own.gates)
        return (
            Policy(gates),
            "model+default" if own.gates else "default",
            f"the project's default gates (risk tier {tier})"
            + (" with the model's own policy" if own.gates else ""),
        )

    def dataset_tags(self, actor: Actor, version: ModelVersion) -> dict[str, list[str]]:
        """The column tags of the dataset the version was trained on, as the signed log set
        them (none when it was trained elsewhere)."""
        version_id = version.lineage.get("dataset_version")
        if (
            "imported" in version.manifest
            or not version_id
            or version.manifest.get("workspace") != self._workspace_id
        ):
            return {}
        with self._access.reading(actor, "registry.read", f"model:{version.ref}") as session:
            row = session.get(DatasetVersionRow, version_id)
            return logged_tags(session, row.dataset_id) if row is not None else {}

    def context(self, actor: Actor, version: ModelVersion, model: RegisteredModel) -> GateContext:
        lineage = version.lineage
        local = (
            version.manifest.get("workspace") == self._workspace_id
            and "imported" not in version.manifest
        )
        context = self.gate_context(
            actor,
            model,
            version.version,
            version.manifest["task"],
            version.metrics,
            lineage.get("dataset_version") if local else None,
            lineage.get("dataset_ref", ""),
            version.project,
            lambda suite: self.latest_test(actor, version, suite),
        )
        if self.gate_evidence is not None:
            context.extra["fairness"] = functools.partial(
                self.gate_evidence.latest_disparity, actor, version.id
            )
            context.extra["card"] = functools.partial(
                self.gate_evidence.card_complete, actor, version
            )
        context.extra["features"] = [c["name"] for c in version.signature.get("inputs", [])]
        # read once (a replay of signed entries) for the review gate and the evidence pack
        context.extra["tags"] = functools.cache(lambda: self.dataset_tags(actor, version))
        return context

    def gate_context(
        self,
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
            for result in self._data.contracts.results(actor, dataset_ref, project):
                stored = result["contract"]
                if (
                    (stored.lower() == contract.lower())
                    if exact
                    else name_key(stored.split("@")[0]) == wanted
                ):
                    return {"passed": result["passed"], "contract": stored, "id": result["id"]}
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

    def move(
        self,
        session: Any,
        row: ModelVersionRow,
        stage: str,
        actor: Actor,
        reason: str,
        now: str,
        approval_id: str | None = None,
    ) -> None:
        session.add(
            StageEventRow(
                model_id=row.model_id,
                version_id=row.id,
                from_stage=row.stage,
                to_stage=stage,
                time=now,
                actor=actor.user_id,
                reason=reason,
                approval_id=approval_id,
            )
        )
        row.stage = stage

    def insert_version(
        self,
        session: Any,
        actor: Actor,
        model_row: RegisteredModelRow,
        number: int,
        manifest: dict[str, Any],
        *,
        run_id: str | None,
        dataset_version_id: str | None,
        trained_by: str,
        description: str,
        stage: str = "dev",
    ) -> ModelVersionRow:
        text = canonical_json(manifest).decode("utf-8")
        signature = actor.sign(MANIFEST_CONTEXT + bytes.fromhex(sha256_text(text)))
        row_id = "mv_" + os.urandom(6).hex()
        # the manifest lists the categories and ranges seen in training: sealed (the
        # signature covers the plaintext; objects/sealed.py)
        row = ModelVersionRow(
            id=row_id,
            model_id=model_row.id,
            version=number,
            manifest=SEALER.seal(session, actor, text, f"model_versions/{row_id}/manifest"),
            manifest_sig=b64(signature),
            signer_key_id=actor.key_id,
            model_object_id=manifest.get("model_object") or manifest["model_sha256"],
            run_id=run_id,
            dataset_version_id=dataset_version_id,
            trained_by=trained_by,
            registered_by=actor.user_id,
            registered=manifest["registered"],
            stage=stage,
            description=description,
            tags="{}",
        )
        session.add(row)
        session.add(
            StageEventRow(
                model_id=model_row.id,
                version_id=row.id,
                from_stage="",
                to_stage=stage,
                time=manifest["registered"],
                actor=actor.user_id,
                reason="registered",
            )
        )
        return row

    def verify(self, actor: Actor, ref: str, project: str | None = None) -> ModelVersion:
        """Check the version's manifest signature (and, in production, its approval);
        raise IntegrityError naming what does not hold."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, project_name = self.find_version(session, ref, project)
            label = f"{model_row.name}@{row.version}"
            self.check_manifest(session, row, label)
            if row.stage == "production":
                held = self.approval_check(session, row, label)
                if not held.valid:
                    raise IntegrityError(
                        f"{held.detail}; the production version is not loaded.",
                        hint="Roll back, or have it approved again.",
                    )
            return self.version_entity(session, row, model_row, project_name)

    def check_manifest(self, session: Any, row: ModelVersionRow, label: str) -> None:
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
        if not verify_ed25519(
            key.public_key, sig, MANIFEST_CONTEXT + bytes.fromhex(sha256_text(text))
        ):
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

    def load(self, actor: Actor, ref: str, project: str | None = None) -> tuple[ModelVersion, Any]:
        """The verified version and its fitted model (skops, with only the manifest's
        trusted types)."""
        from engine.training.modelio import loads

        self._access.require(actor, "registry.read", f"model:{ref}")
        version = self.verify(actor, ref, project)
        data = self._objects.get_bytes(actor, version.model_object)
        if sha256_text(data) != version.model_sha256:
            raise IntegrityError(f"The model file of {version.ref} does not match its hash.")
        return version, loads(
            data, list(version.manifest["model_types"]), f"The model file of {version.ref}"
        )

    def find_model(
        self, session: Any, name: str, project: str | None
    ) -> tuple[RegisteredModelRow, str]:
        project_row = ProjectService.find(session, project)
        row = session.scalars(
            select(RegisteredModelRow).where(
                RegisteredModelRow.project_id == project_row.id,
                RegisteredModelRow.name_key == name_key((name or "").strip()),
            )
        ).first()
        if row is None:
            raise NotFound(
                f"There is no registered model {name!r} in {project_row.name}.",
                hint="`airlock model list` shows them; `airlock model register "
                "RUN NAME` creates one.",
            )
        return row, project_row.name

    def find_version(
        self, session: Any, ref: str, project: str | None
    ) -> tuple[ModelVersionRow, RegisteredModelRow, str]:
        text = (ref or "").strip()
        name, _, which = text.partition("@")
        which = which.strip().lower() or "production"
        model_row, project_name = self.find_model(session, name, project)
        query = select(ModelVersionRow).where(ModelVersionRow.model_id == model_row.id)
        if which.isdigit():
            row = session.scalars(query.where(ModelVersionRow.version == int(which))).first()
        elif which in ("dev", "staging", "production"):
            row = session.scalars(
                query.where(ModelVersionRow.stage == which).order_by(ModelVersionRow.version.desc())
            ).first()
        elif which == "latest":
            row = session.scalars(query.order_by(ModelVersionRow.version.desc())).first()
        else:
            raise ValidationError(
                f"Name a version as MODEL@NUMBER or MODEL@STAGE (dev, "
                f"staging, production, latest). Got {text!r}."
            )
        if row is None:
            raise NotFound(
                f"{model_row.name} has no version {which}.",
                hint=f"`airlock model show {model_row.name}` lists its versions.",
            )
        return row, model_row, project_name

    def version_entity(
        self,
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

    def model_entity(self, session: Any, row: RegisteredModelRow, project: str) -> RegisteredModel:
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
            versions=tuple(self.version_entity(session, v, row, project, names) for v in versions),
        )

    def approval_entity(
        self, session: Any, row: ApprovalRow, ref: str, names: dict[str, str] | None = None
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

    def latest_test(self, actor: Actor, version: ModelVersion, suite: str) -> dict[str, Any] | None:
        with self._access.reading(actor, "registry.read", f"model:{version.ref}") as session:
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

    def approval_check(self, session: Any, row: ModelVersionRow, ref: str) -> ApprovalCheck:
        approval = session.scalars(
            select(ApprovalRow)
            .where(ApprovalRow.version_id == row.id, ApprovalRow.status == "approved")
            .order_by(ApprovalRow.decided.desc())
        ).first()
        if approval is None:
            return ApprovalCheck(False, f"{ref} has no approval", None)
        entity = self.approval_entity(session, approval, ref)

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
