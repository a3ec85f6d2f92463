"""The registry's public service.

A registered version points at the run's model object (content-addressed, so the model hash
is the object id) and carries a manifest — model hash, the types skops must trust, the input
signature, a metrics snapshot, lineage — signed by the user who registered it. Only stage,
tags and description change afterwards, each change audited.

Stages: dev → staging → production, and archived. Promotion to staging and the request for
production pass the model's gates (engine/registry/gates.py). Production needs a validator's
approval (four-eyes): the approver re-enters their password, may not have trained or
requested the version, and signs a decision bound to the SHA-256 of the evidence pack (model
hash, manifest hash, metrics, gate results, policy). If the evidence changed between request
and approval, the approval is refused. Loading a version checks the manifest's signature and
the model hash, and for a production version the approval, before skops reads a byte.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.audit.canonical import canonical_json
from engine.audit.log import AuditLog
from engine.audit.record import b64, format_time, unb64, verify_ed25519
from engine.errors import AlreadyExists, IntegrityError, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.projects import ProjectService
from engine.registry.gates import GateContext, GateResult, Policy, policy_from_text
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.objects import ObjectStore
from engine.store.schema import (
    ApprovalRow,
    ModelVersionRow,
    RegisteredModelRow,
    SigningKeyRow,
    StageEventRow,
    TrustedKeyRow,
    UserRow,
)

STAGES = ("dev", "staging", "production", "archived")
MANIFEST_FORMAT = "airlock-model-version/1"
EVIDENCE_FORMAT = "airlock-evidence/1"
DECISION_FORMAT = "airlock-approval/1"
MANIFEST_CONTEXT = b"airlock/model-manifest/v1\n"
DECISION_CONTEXT = b"airlock/approval-decision/v1\n"


def sha256_text(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def check_model_name(name: str) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > 80 or not all(c.isalnum() or c in "-_." for c in clean):
        raise ValidationError(f"A model name uses letters, digits, '-', '_' and '.', at most "
                              f"80 characters. Got {name!r} instead.")
    return clean


@dataclass(frozen=True)
class ModelVersion:
    id: str
    model: str
    project: str
    version: int
    stage: str
    description: str
    tags: dict[str, str]
    manifest: dict[str, Any]
    registered: str
    registered_by: str  # user name
    trained_by: str  # user name (as recorded for imported versions)

    @property
    def ref(self) -> str:
        return f"{self.model}@{self.version}"

    @property
    def model_sha256(self) -> str:
        return str(self.manifest["model_sha256"])

    @property
    def metrics(self) -> dict[str, float | None]:
        return dict(self.manifest.get("metrics", {}))

    @property
    def signature(self) -> dict[str, Any]:
        return dict(self.manifest["signature"])

    @property
    def lineage(self) -> dict[str, Any]:
        return dict(self.manifest.get("lineage", {}))


@dataclass(frozen=True)
class RegisteredModel:
    id: str
    name: str
    project: str
    description: str
    policy: Policy
    versions: tuple[ModelVersion, ...]

    def in_stage(self, stage: str) -> list[ModelVersion]:
        return [v for v in self.versions if v.stage == stage]

    @property
    def production(self) -> ModelVersion | None:
        found = self.in_stage("production")
        return found[0] if found else None


@dataclass(frozen=True)
class Approval:
    id: str
    version: str  # NAME@V
    status: str  # pending approved rejected withdrawn
    requested_by: str
    requested: str
    note: str
    evidence: dict[str, Any]
    evidence_hash: str
    decided_by: str
    decided: str
    reason: str


@dataclass(frozen=True)
class Transition:
    version: ModelVersion
    from_stage: str
    to_stage: str
    gates: tuple[GateResult, ...]


@dataclass(frozen=True)
class ApprovalCheck:
    valid: bool
    detail: str
    approval: Approval | None


class GateFailed(ValidationError):
    """A transition refused by the model's gates; `.gates` holds every result."""

    def __init__(self, message: str, gates: list[GateResult], hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.gates = gates


def _failures(gates: list[GateResult]) -> str:
    return "; ".join(f"{g.gate}: {g.detail}" for g in gates if not g.passed)


class RegistryService:
    def __init__(self, access: AccessControl, audit: AuditLog, objects: ObjectStore,
                 data: Any, training: Any, confirm: Callable[[Actor, str], None],
                 workspace_id: str, clock: Callable[[], datetime]) -> None:
        self._access = access
        self._audit = audit
        self._objects = objects
        self._data = data
        self._training = training
        self._confirm = confirm
        self._workspace_id = workspace_id
        self._clock = clock

    # -- reading ---------------------------------------------------------------------------
    def models(self, actor: Actor, project: str | None = None) -> list[RegisteredModel]:
        with self._access.reading(actor, "registry.read", "models") as session:
            project_row = ProjectService.find(session, project)
            rows = session.scalars(select(RegisteredModelRow).where(
                RegisteredModelRow.project_id == project_row.id)
                .order_by(RegisteredModelRow.name_key)).all()
            return [self._model_entity(session, r, project_row.name) for r in rows]

    def model(self, actor: Actor, name: str, project: str | None = None) -> RegisteredModel:
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, project_name = self._find_model(session, name, project)
            return self._model_entity(session, row, project_name)

    def version(self, actor: Actor, ref: str, project: str | None = None) -> ModelVersion:
        """NAME@V, NAME@stage (dev, staging, production) or NAME (its production version)."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, project_name = self._find_version(session, ref, project)
            return self._version_entity(session, row, model_row, project_name)

    def approvals(self, actor: Actor, *, status: str | None = None,
                  project: str | None = None) -> list[Approval]:
        """Requests for production, newest first (optionally only those with `status`)."""
        with self._access.reading(actor, "registry.read", "approvals") as session:
            project_row = ProjectService.find(session, project)
            query = select(ApprovalRow, ModelVersionRow, RegisteredModelRow).join(
                ModelVersionRow, ApprovalRow.version_id == ModelVersionRow.id).join(
                RegisteredModelRow, ModelVersionRow.model_id == RegisteredModelRow.id).where(
                RegisteredModelRow.project_id == project_row.id)
            if status:
                query = query.where(ApprovalRow.status == status)
            rows = session.execute(query.order_by(ApprovalRow.requested.desc())).all()
            return [self._approval_entity(session, a, f"{m.name}@{v.version}")
                    for a, v, m in rows]

    def awaiting(self, actor: Actor, project: str | None = None) -> list[Approval]:
        """Pending requests this user may decide (a validator who did not train or request
        the version)."""
        if actor.role != "validator":
            return []
        out = []
        for approval in self.approvals(actor, status="pending", project=project):
            version = self.version(actor, approval.version, project)
            if self._conflict(actor, version, approval) is None:
                out.append(approval)
        return out

    def history(self, actor: Actor, name: str, project: str | None = None
                ) -> list[dict[str, Any]]:
        """Every stage change of a model's versions, oldest first."""
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, _ = self._find_model(session, name, project)
            events = session.execute(select(StageEventRow, ModelVersionRow).join(
                ModelVersionRow, StageEventRow.version_id == ModelVersionRow.id).where(
                StageEventRow.model_id == row.id).order_by(StageEventRow.id)).all()
            names = self._user_names(session)
            return [{"version": v.version, "from": e.from_stage, "to": e.to_stage,
                     "time": e.time, "by": names.get(e.actor, e.actor), "reason": e.reason,
                     "approval": e.approval_id} for e, v in events]

    # -- registering -----------------------------------------------------------------------
    def register(self, actor: Actor, run_ref: str, name: str, *, description: str = "",
                 project: str | None = None) -> ModelVersion:
        """Register a finished run's model as the next version of `name` (created on first
        use), in stage dev."""
        clean = check_model_name(name)
        self._access.require(actor, "registry.register", f"model:{clean}")
        run = self._training.run(actor, run_ref, project)
        if run.status != "finished" or run.model_object_id is None:
            raise ValidationError(f"Run {run.ref} has no model to register ({run.status}).",
                                  hint="Register a finished run made by `airlock train`.")
        if not run.dataset:
            raise ValidationError(f"Run {run.ref} was logged without a dataset; only trained "
                                  "runs can be registered.")
        fitted = self._training.load_model(actor, run)
        from engine.registry.signature import build_signature

        features = [str(n) for n in getattr(fitted, "feature_names_in_", [])]
        version = self._data.version(actor, run.dataset, project)
        present = {c["name"] for c in version.schema}
        table = self._data.read_table(actor, version,
                                      columns=[c for c in features if c in present])
        frame = table.to_pandas()
        classes = list(run.metrics.get("classes") or [])
        signature = build_signature(fitted, frame, run.task, classes)
        if run.task == "binary":
            signature["output"]["positive"] = run.metrics.get("positive")
        env = self._training.environment(actor, run)
        with self._access.change(actor, "registry.register", f"model:{clean}") as session:
            project_row = ProjectService.find(session, project)
            model_row = session.scalars(select(RegisteredModelRow).where(
                RegisteredModelRow.project_id == project_row.id,
                RegisteredModelRow.name_key == name_key(clean))).first()
            if model_row is None:
                model_row = RegisteredModelRow(
                    id="mdl_" + os.urandom(6).hex(), project_id=project_row.id, name=clean,
                    name_key=name_key(clean), description=description.strip(), policy="",
                    policy_hash="", created=format_time(self._clock()),
                    created_by=actor.user_id)
                session.add(model_row)
                session.flush()
            again = session.scalars(select(ModelVersionRow).where(
                ModelVersionRow.model_id == model_row.id,
                ModelVersionRow.run_id == run.id)).first()
            if again is not None:
                raise AlreadyExists(f"Run {run.ref} is already version {again.version} of "
                                    f"{model_row.name}.")
            number = len(session.scalars(select(ModelVersionRow.id).where(
                ModelVersionRow.model_id == model_row.id)).all()) + 1
            trainer = session.get(UserRow, run.created_by)
            now = format_time(self._clock())
            manifest = {
                "format": MANIFEST_FORMAT, "workspace": self._workspace_id,
                "model": model_row.name, "version": number,
                "model_sha256": run.model_object_id, "model_types": list(run.model_types),
                "signature": signature, "task": run.task, "target": run.target,
                "algorithm": run.model, "primary": run.primary,
                "metrics": {k: v for k, v in run.headline().items()},
                "lineage": {
                    "run": run.id, "run_ref": run.ref, "experiment": run.experiment,
                    "dataset_version": version.id, "dataset_ref": version.ref,
                    "dataset_hash": run.dataset_hash, "recipe_hash": run.recipe_hash,
                    "environment": run.environment_hash,
                    "trained_by": run.created_by,
                    "trained_by_name": trainer.name if trainer else "",
                    "trained": run.finished},
                "packages": env.get("packages", {}), "python": env.get("python", ""),
                "registered": now, "registered_by": actor.user_id,
                "registered_by_name": actor.name}
            row = self._insert_version(session, actor, model_row, number, manifest,
                                       run_id=run.id, dataset_version_id=version.id,
                                       trained_by=run.created_by,
                                       description=description.strip())
            self._audit.append(session, actor, "registry.register", f"model-version:{row.id}", {
                "version": f"{model_row.name}@{number}", "run": run.ref, "run_id": run.id,
                "model_sha256": run.model_object_id,
                "manifest_sha256": sha256_text(row.manifest)})
            return self._version_entity(session, row, model_row, project_row.name)

    def _insert_version(self, session: Any, actor: Actor, model_row: RegisteredModelRow,
                        number: int, manifest: dict[str, Any], *, run_id: str | None,
                        dataset_version_id: str | None, trained_by: str,
                        description: str, stage: str = "dev") -> ModelVersionRow:
        text = canonical_json(manifest).decode("utf-8")
        signature = actor.sign(MANIFEST_CONTEXT + bytes.fromhex(sha256_text(text)))
        row = ModelVersionRow(
            id="mv_" + os.urandom(6).hex(), model_id=model_row.id, version=number,
            manifest=text, manifest_sig=b64(signature), signer_key_id=actor.key_id,
            model_object_id=manifest["model_sha256"], run_id=run_id,
            dataset_version_id=dataset_version_id, trained_by=trained_by,
            registered_by=actor.user_id, registered=manifest["registered"], stage=stage,
            description=description, tags="{}")
        session.add(row)
        session.add(StageEventRow(model_id=model_row.id, version_id=row.id, from_stage="",
                                  to_stage=stage, time=manifest["registered"],
                                  actor=actor.user_id, reason="registered"))
        return row

    # -- editing ---------------------------------------------------------------------------
    def edit(self, actor: Actor, ref: str, *, description: str | None = None,
             tags: dict[str, str] | None = None, project: str | None = None) -> ModelVersion:
        """Change a version's description and/or tags (set a tag to "" to remove it)."""
        with self._access.change(actor, "registry.edit", f"model:{ref}") as session:
            row, model_row, project_name = self._find_version(session, ref, project)
            changes: dict[str, Any] = {}
            if description is not None and description.strip() != row.description:
                changes["description"] = {"from": row.description, "to": description.strip()}
                row.description = description.strip()
            if tags:
                current = json.loads(row.tags)
                for key, value in tags.items():
                    key = key.strip()
                    if not key or len(key) > 60:
                        raise ValidationError(f"A tag name has 1 to 60 characters. Got "
                                              f"{key!r}.")
                    if current.get(key, "") != value:
                        changes.setdefault("tags", {})[key] = {"from": current.get(key),
                                                               "to": value or None}
                        if value:
                            current[key] = str(value)[:300]
                        else:
                            current.pop(key, None)
                row.tags = json.dumps(current, sort_keys=True)
            if not changes:
                raise ValidationError("Nothing to change.")
            self._audit.append(session, actor, "registry.edit", f"model-version:{row.id}",
                               {"version": f"{model_row.name}@{row.version}", **changes})
            return self._version_entity(session, row, model_row, project_name)

    def set_policy(self, actor: Actor, name: str, policy: Policy,
                   project: str | None = None) -> RegisteredModel:
        """Replace a model's gate policy (an empty policy removes every gate)."""
        with self._access.change(actor, "registry.edit", f"model:{name}") as session:
            row, project_name = self._find_model(session, name, project)
            old = row.policy_hash
            row.policy, row.policy_hash = policy.as_text(), policy.hash
            self._audit.append(session, actor, "registry.policy", f"model:{row.id}", {
                "model": row.name, "gates": len(policy.gates), "policy_sha256": policy.hash,
                "previous_sha256": old})
            return self._model_entity(session, row, project_name)

    # -- gates and stages ------------------------------------------------------------------
    def gates(self, actor: Actor, ref: str, stage: str,
              project: str | None = None) -> list[GateResult]:
        """The model's gates for `stage`, evaluated on the version as it is now."""
        version = self.version(actor, ref, project)
        model = self.model(actor, version.model, project)
        return model.policy.evaluate(stage, self._context(actor, version, model))

    def _context(self, actor: Actor, version: ModelVersion,
                 model: RegisteredModel) -> GateContext:
        champion = model.production
        lineage = version.lineage
        dataset_ref = lineage.get("dataset_ref", "")
        dataset_id = lineage.get("dataset_version") if lineage.get("dataset_version") and \
            version.manifest.get("workspace") == self._workspace_id else None

        def contract_result(contract: str) -> dict[str, Any] | None:
            wanted = name_key(contract.split("@")[0])
            exact = "@" in contract
            for result in self._data.contracts.results(actor, dataset_ref, version.project):
                stored = str(result["report"].get("contract", ""))
                if (stored.lower() == contract.lower()) if exact else \
                        name_key(stored.split("@")[0]) == wanted:
                    return {"passed": result["passed"], "contract": stored, "id": result["id"]}
            return None

        return GateContext(
            model=version.model, version=version.version, task=version.manifest["task"],
            metrics=version.metrics,
            champion=(champion.version, champion.metrics) if champion else None,
            dataset_version_id=dataset_id, dataset_ref=dataset_ref,
            contract_result=contract_result)

    def set_stage(self, actor: Actor, ref: str, stage: str, *, reason: str = "",
                  project: str | None = None) -> Transition:
        """Move a version to dev, staging or archived. Staging passes the staging gates;
        production is reached only through an approved request."""
        stage = (stage or "").strip().lower()
        if stage == "production":
            raise ValidationError("Production needs a validator's approval.",
                                  hint="Move the version to staging, then `airlock model "
                                       "request` it; a validator approves it.")
        if stage not in STAGES:
            raise ValidationError(f"The stage must be one of dev, staging, archived. Got "
                                  f"{stage!r} instead.")
        self._access.require(actor, "registry.promote", f"model:{ref}")
        version = self.version(actor, ref, project)
        if version.stage == "production":
            raise ValidationError(f"{version.ref} is in production.",
                                  hint="Roll back, or approve another version, to replace it.")
        if version.stage == stage:
            raise ValidationError(f"{version.ref} is already in {stage}.")
        results: list[GateResult] = []
        if stage == "staging":
            model = self.model(actor, version.model, project)
            results = model.policy.evaluate("staging", self._context(actor, version, model))
            if not all(g.passed for g in results):
                raise GateFailed(f"{version.ref} cannot move to staging — {_failures(results)}.",
                                 results, hint="`airlock model gates` shows every gate.")
        with self._access.change(actor, "registry.promote", f"model:{ref}") as session:
            row, model_row, project_name = self._find_version(session, version.ref, project)
            if row.stage != version.stage:
                raise ValidationError(f"{version.ref} changed stage meanwhile; try again.")
            now = format_time(self._clock())
            withdrawn = []
            for pending in session.scalars(select(ApprovalRow).where(
                    ApprovalRow.version_id == row.id, ApprovalRow.status == "pending")):
                pending.status, pending.decided = "withdrawn", now
                pending.decided_by, pending.reason = actor.user_id, f"moved to {stage}"
                withdrawn.append(pending.id)
            self._move(session, row, stage, actor, reason or f"moved to {stage}", now)
            self._audit.append(session, actor, "registry.stage", f"model-version:{row.id}", {
                "version": f"{model_row.name}@{row.version}", "from": version.stage,
                "to": stage, "reason": reason, "gates": [g.as_json() for g in results],
                **({"withdrawn_requests": withdrawn} if withdrawn else {})})
            entity = self._version_entity(session, row, model_row, project_name)
        return Transition(entity, version.stage, stage, tuple(results))

    def _move(self, session: Any, row: ModelVersionRow, stage: str, actor: Actor,
              reason: str, now: str, approval_id: str | None = None) -> None:
        session.add(StageEventRow(model_id=row.model_id, version_id=row.id,
                                  from_stage=row.stage, to_stage=stage, time=now,
                                  actor=actor.user_id, reason=reason, approval_id=approval_id))
        row.stage = stage

    # -- four-eyes approval ----------------------------------------------------------------
    def evidence(self, actor: Actor, ref: str, project: str | None = None) -> dict[str, Any]:
        """The evidence pack a validator decides on, as it is now."""
        version = self.version(actor, ref, project)
        model = self.model(actor, version.model, project)
        gates = model.policy.evaluate("production", self._context(actor, version, model))
        champion = model.production
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row = session.get(ModelVersionRow, version.id)
            manifest_sha = sha256_text(row.manifest)
        return {
            "format": EVIDENCE_FORMAT, "model": version.model, "version": version.version,
            "version_id": version.id, "model_sha256": version.model_sha256,
            "manifest_sha256": manifest_sha, "task": version.manifest["task"],
            "primary": version.manifest.get("primary", ""), "metrics": version.metrics,
            "lineage": version.lineage, "policy_sha256": model.policy.hash,
            "gates": [g.as_json() for g in gates],
            "champion": {"version": champion.version, "model_sha256": champion.model_sha256,
                         "metrics": champion.metrics} if champion else None}

    def request(self, actor: Actor, ref: str, *, note: str = "",
                project: str | None = None) -> Approval:
        """Ask for a staging version to go to production. The production gates must pass;
        the evidence pack is fixed (hashed) now."""
        self._access.require(actor, "registry.request", f"model:{ref}")
        version = self.version(actor, ref, project)
        if version.stage != "staging":
            raise ValidationError(f"{version.ref} is in {version.stage}; only a staging "
                                  "version can be requested for production.",
                                  hint=f"`airlock model stage {version.ref} staging` first.")
        evidence = self.evidence(actor, version.ref, project)
        failing = [GateResult(g["gate"], g["kind"], g["passed"], g["detail"])
                   for g in evidence["gates"]]
        if not all(g.passed for g in failing):
            raise GateFailed(f"{version.ref} does not pass the production gates — "
                             f"{_failures(failing)}.", failing)
        text = canonical_json(evidence).decode("utf-8")
        with self._access.change(actor, "registry.request", f"model:{ref}") as session:
            row, model_row, _ = self._find_version(session, version.ref, project)
            if row.stage != "staging":
                raise ValidationError(f"{version.ref} changed stage meanwhile; try again.")
            if session.scalars(select(ApprovalRow).where(
                    ApprovalRow.version_id == row.id,
                    ApprovalRow.status == "pending")).first() is not None:
                raise AlreadyExists(f"{version.ref} already awaits a decision.")
            approval = ApprovalRow(
                id="apr_" + os.urandom(6).hex(), version_id=row.id, status="pending",
                requested_by=actor.user_id, requested=format_time(self._clock()),
                note=note.strip(), evidence=text, evidence_hash=sha256_text(text),
                reason="", decision="", decision_sig="", decision_key_id="")
            session.add(approval)
            self._audit.append(session, actor, "registry.request", f"model-version:{row.id}", {
                "version": version.ref, "approval": approval.id,
                "evidence_sha256": approval.evidence_hash, "note": note.strip()[:300]})
            return self._approval_entity(session, approval, version.ref)

    def _pending(self, session: Any, row: ModelVersionRow, ref: str) -> ApprovalRow:
        pending = session.scalars(select(ApprovalRow).where(
            ApprovalRow.version_id == row.id, ApprovalRow.status == "pending")).first()
        if pending is None:
            raise NotFound(f"{ref} has no pending request for production.",
                           hint="An analyst requests it with `airlock model request`.")
        return pending

    def _conflict(self, actor: Actor, version: ModelVersion, approval: Approval) -> str | None:
        """Why `actor` may not decide on `version` (four-eyes), or None."""
        lineage = version.lineage
        if lineage.get("trained_by") == actor.user_id or (
                lineage.get("trained_by_name") and
                name_key(lineage["trained_by_name"]) == name_key(actor.name)):
            return "you trained this version; another validator must decide (four-eyes)"
        if approval.requested_by == actor.name:
            return "you requested this promotion; another validator must decide (four-eyes)"
        return None

    def withdraw(self, actor: Actor, ref: str, *, reason: str = "",
                 project: str | None = None) -> Approval:
        """The requester (or an administrator) withdraws a pending request."""
        with self._access.change(actor, "registry.request", f"model:{ref}") as session:
            row, model_row, _ = self._find_version(session, ref, project)
            approval = self._pending(session, row, f"{model_row.name}@{row.version}")
            if approval.requested_by != actor.user_id and actor.role != "admin":
                raise ValidationError("Only whoever requested it (or an administrator) can "
                                      "withdraw a request.")
            approval.status, approval.decided = "withdrawn", format_time(self._clock())
            approval.decided_by, approval.reason = actor.user_id, reason.strip()
            self._audit.append(session, actor, "registry.withdraw", f"model-version:{row.id}",
                               {"version": f"{model_row.name}@{row.version}",
                                "approval": approval.id, "reason": reason.strip()[:300]})
            return self._approval_entity(session, approval, f"{model_row.name}@{row.version}")

    def approve(self, actor: Actor, ref: str, *, password: str, reason: str,
                project: str | None = None) -> Approval:
        """A validator approves: the version goes to production (the current production
        version is archived)."""
        return self._decide(actor, ref, "approved", password, reason, project)

    def reject(self, actor: Actor, ref: str, *, password: str, reason: str,
               project: str | None = None) -> Approval:
        return self._decide(actor, ref, "rejected", password, reason, project)

    def _decide(self, actor: Actor, ref: str, decision: str, password: str, reason: str,
                project: str | None) -> Approval:
        action = "registry.approve"
        self._access.require(actor, action, f"model:{ref}")
        if not (reason or "").strip():
            raise ValidationError("Give a reason for the decision; it is signed with it.")
        version = self.version(actor, ref, project)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, _ = self._find_version(session, version.ref, project)
            pending = self._approval_entity(session, self._pending(session, row, version.ref),
                                            version.ref)
        conflict = self._conflict(actor, version, pending)
        if conflict:
            self._access.deny(actor, action, f"model-version:{version.id}", conflict)
            from engine.errors import PermissionDenied

            raise PermissionDenied(f"You may not decide on {version.ref}: {conflict}.",
                                   hint="Ask another validator.")
        self._confirm(actor, password)
        now_evidence = self.evidence(actor, version.ref, project)
        now_text = canonical_json(now_evidence).decode("utf-8")
        if decision == "approved" and sha256_text(now_text) != pending.evidence_hash:
            changed = sorted(k for k in now_evidence
                             if now_evidence[k] != pending.evidence.get(k))
            raise ValidationError(
                f"The evidence for {version.ref} changed since it was requested "
                f"({', '.join(changed) or 'its content'}); the request cannot be approved.",
                hint="Reject it, or ask the requester to withdraw it and request again.")
        now = format_time(self._clock())
        body = {"format": DECISION_FORMAT, "approval": pending.id, "model": version.model,
                "version": version.version, "version_id": version.id,
                "model_sha256": version.model_sha256,
                "evidence_sha256": pending.evidence_hash, "decision": decision,
                "reason": reason.strip(), "time": now, "validator": actor.user_id,
                "validator_name": actor.name, "key_id": actor.key_id,
                "password_confirmed": True}
        text = canonical_json(body).decode("utf-8")
        signature = actor.sign(DECISION_CONTEXT + bytes.fromhex(sha256_text(text)))
        with self._access.change(actor, action, f"model-version:{version.id}") as session:
            row, model_row, _ = self._find_version(session, version.ref, project)
            approval = self._pending(session, row, version.ref)
            if approval.id != pending.id or row.stage != "staging":
                raise ValidationError(f"{version.ref} changed meanwhile; look again.")
            approval.status, approval.decided, approval.decided_by = decision, now, \
                actor.user_id
            approval.reason, approval.decision = reason.strip(), text
            approval.decision_sig, approval.decision_key_id = b64(signature), actor.key_id
            archived = None
            if decision == "approved":
                current = session.scalars(select(ModelVersionRow).where(
                    ModelVersionRow.model_id == row.model_id,
                    ModelVersionRow.stage == "production")).first()
                if current is not None:
                    self._move(session, current, "archived", actor,
                               f"replaced by version {row.version}", now, approval.id)
                    archived = current.version
                self._move(session, row, "production", actor, reason.strip(), now,
                           approval.id)
            self._audit.append(session, actor, action, f"model-version:{row.id}", {
                "version": version.ref, "approval": approval.id, "decision": decision,
                "reason": reason.strip()[:300], "evidence_sha256": approval.evidence_hash,
                "decision_sha256": sha256_text(text), "password_confirmed": True,
                **({"archived_version": archived} if archived else {})})
            return self._approval_entity(session, approval, version.ref)

    def check_approval(self, actor: Actor, ref: str,
                       project: str | None = None) -> ApprovalCheck:
        """Whether a production version's approval holds: the validator's signature over
        the decision, the decision bound to the evidence hash, the evidence to this
        version's model and manifest."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, _ = self._find_version(session, ref, project)
            return self._check_approval(session, row, f"{model_row.name}@{row.version}")

    def _check_approval(self, session: Any, row: ModelVersionRow, ref: str) -> ApprovalCheck:
        approval = session.scalars(select(ApprovalRow).where(
            ApprovalRow.version_id == row.id, ApprovalRow.status == "approved")
            .order_by(ApprovalRow.decided.desc())).first()
        if approval is None:
            return ApprovalCheck(False, f"{ref} has no approval", None)
        entity = self._approval_entity(session, approval, ref)

        def bad(why: str) -> ApprovalCheck:
            return ApprovalCheck(False, f"the approval of {ref} does not hold: {why}", entity)

        try:
            decision = json.loads(approval.decision)
        except ValueError:
            return bad("the decision record is damaged")
        key = session.scalars(select(SigningKeyRow).where(
            SigningKeyRow.key_id == approval.decision_key_id)).first()
        if key is None or key.user_id != approval.decided_by:
            return bad("the validator's key is unknown")
        try:
            sig = unb64(approval.decision_sig)
        except ValueError:
            return bad("the signature is damaged")
        if not verify_ed25519(key.public_key, sig, DECISION_CONTEXT +
                              bytes.fromhex(sha256_text(approval.decision))):
            return bad("the validator's signature does not match the decision")
        if decision.get("decision") != "approved" or decision.get("version_id") != row.id:
            return bad("the signed decision is for something else")
        if sha256_text(approval.evidence) != approval.evidence_hash or \
                decision.get("evidence_sha256") != approval.evidence_hash:
            return bad("the evidence differs from what the validator signed")
        try:
            evidence = json.loads(approval.evidence)
        except ValueError:
            return bad("the evidence is damaged")
        if evidence.get("model_sha256") != row.model_object_id or \
                decision.get("model_sha256") != row.model_object_id or \
                evidence.get("manifest_sha256") != sha256_text(row.manifest):
            return bad("the evidence is for a different model file or manifest")
        names = self._user_names(session)
        return ApprovalCheck(True, f"approved by {names.get(approval.decided_by, '?')} on "
                                   f"{approval.decided}, signature valid", entity)

    def rollback(self, actor: Actor, name: str, *, reason: str,
                 project: str | None = None) -> Transition:
        """Put the previous production version back into production (its approval must
        still hold); the current one is archived."""
        if not (reason or "").strip():
            raise ValidationError("Give a reason for the rollback.")
        with self._access.change(actor, "registry.rollback", f"model:{name}") as session:
            model_row, project_name = self._find_model(session, name, project)
            current = session.scalars(select(ModelVersionRow).where(
                ModelVersionRow.model_id == model_row.id,
                ModelVersionRow.stage == "production")).first()
            if current is None:
                raise ValidationError(f"{model_row.name} has no production version to roll "
                                      "back.")
            previous = None
            events = session.scalars(select(StageEventRow).where(
                StageEventRow.model_id == model_row.id,
                StageEventRow.to_stage == "production").order_by(StageEventRow.id.desc()))
            for event in events:
                if event.version_id != current.id:
                    previous = session.get(ModelVersionRow, event.version_id)
                    break
            if previous is None:
                raise ValidationError(f"{model_row.name}@{current.version} is the first "
                                      "production version; there is nothing to roll back to.",
                                      hint="Archive it instead if it must stop serving.")
            ref = f"{model_row.name}@{previous.version}"
            held = self._check_approval(session, previous, ref)
            if not held.valid:
                raise IntegrityError(f"Cannot roll back to {ref}: {held.detail}.")
            now = format_time(self._clock())
            self._move(session, current, "archived", actor, f"rolled back: {reason.strip()}",
                       now)
            from_stage = previous.stage
            self._move(session, previous, "production", actor,
                       f"rollback: {reason.strip()}", now)
            self._audit.append(session, actor, "registry.rollback", f"model:{model_row.id}", {
                "model": model_row.name, "from_version": current.version,
                "to_version": previous.version, "reason": reason.strip()[:300]})
            entity = self._version_entity(session, previous, model_row, project_name)
        return Transition(entity, from_stage, "production", ())

    # -- loading ---------------------------------------------------------------------------
    def verify(self, actor: Actor, ref: str, project: str | None = None) -> ModelVersion:
        """Check the version's manifest signature (and, in production, its approval);
        raise IntegrityError naming what does not hold."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, project_name = self._find_version(session, ref, project)
            label = f"{model_row.name}@{row.version}"
            self._check_manifest(session, row, label)
            if row.stage == "production":
                held = self._check_approval(session, row, label)
                if not held.valid:
                    raise IntegrityError(f"{held.detail}; the production version is not "
                                         "loaded.", hint="Roll back, or have it approved "
                                                         "again.")
            return self._version_entity(session, row, model_row, project_name)

    def _check_manifest(self, session: Any, row: ModelVersionRow, label: str) -> None:
        key = session.scalars(select(SigningKeyRow).where(
            SigningKeyRow.key_id == row.signer_key_id)).first()
        if key is None:
            raise IntegrityError(f"The key that signed {label} is not in this workspace.")
        try:
            sig = unb64(row.manifest_sig)
        except ValueError:
            sig = b""
        if not verify_ed25519(key.public_key, sig,
                              MANIFEST_CONTEXT + bytes.fromhex(sha256_text(row.manifest))):
            raise IntegrityError(f"The signature of {label} does not match its manifest; "
                                 "the registry record was altered.",
                                 hint="Do not use this version; restore metadata.db from a "
                                      "backup and check the audit log.")
        manifest = json.loads(row.manifest)
        if manifest.get("model_sha256") != row.model_object_id:
            raise IntegrityError(f"{label} points at a different model file than its signed "
                                 "manifest names.")

    def load(self, actor: Actor, ref: str, project: str | None = None
             ) -> tuple[ModelVersion, Any]:
        """The verified version and its fitted model (skops, with only the manifest's
        trusted types)."""
        from engine.training.modelio import loads

        self._access.require(actor, "registry.read", f"model:{ref}")
        version = self.verify(actor, ref, project)
        data = self._objects.get_bytes(actor, version.model_sha256)
        if sha256_text(data) != version.model_sha256:
            raise IntegrityError(f"The model file of {version.ref} does not match its hash.")
        return version, loads(data, list(version.manifest["model_types"]),
                              f"The model file of {version.ref}")

    # -- scoring ---------------------------------------------------------------------------
    def score(self, actor: Actor, ref: str, source: str | Path, out: str | Path, *,
              strict: bool = False, decimals: int | None = 4, keep: str | None = None,
              project: str | None = None, progress: Progress | None = None,
              cancel: CancelToken | None = None) -> dict[str, Any]:
        """Score a CSV/Parquet/Excel file with a version and write the input with its
        predictions (and probabilities) to `out` (.csv or .parquet). `keep` also stores the
        scored rows as a dataset version (for monitoring)."""
        import pandas as pd
        import pyarrow as pa

        from engine.data.importer import read_table_from_file
        from engine.registry.signature import check_input, score_frame
        from engine.store.files import atomic_write

        target = Path(out)
        if target.suffix.lower() not in (".csv", ".parquet"):
            raise ValidationError(f"Write scores to a .csv or .parquet file. Got "
                                  f"{target.name!r}.")
        if not target.parent.is_dir():
            raise ValidationError(f"There is no folder {target.parent}.")
        if decimals is not None and not 0 <= decimals <= 15:
            raise ValidationError(f"Decimals go from 0 to 15. Got {decimals}.")
        self._access.require(actor, "registry.score", f"model:{ref}")
        report(progress, 0.02, "checking the model")
        version, model = self.load(actor, ref, project)
        report(progress, 0.1, "reading the input")
        table, source_sha = read_table_from_file(Path(source), progress=None, cancel=cancel)
        frame = table.to_pandas()
        check(cancel)
        checked = check_input(frame, version.signature, version.ref, strict=strict)
        report(progress, 0.4, f"scoring {len(frame):,} rows")
        import time

        started = time.perf_counter()
        scores = score_frame(model, checked, version.signature, decimals)
        seconds = time.perf_counter() - started
        check(cancel)
        result = pd.concat([frame.reset_index(drop=True),
                            scores.reset_index(drop=True)], axis=1)
        clash = [c for c in scores.columns if c in frame.columns]
        if clash:
            raise ValidationError(f"The input already has columns named {', '.join(clash)}.",
                                  hint="Rename them; the scores are written under these "
                                       "names.")
        report(progress, 0.8, "writing the scores")
        if target.suffix.lower() == ".csv":
            data = result.to_csv(index=False).encode("utf-8")
        else:
            import io

            import pyarrow.parquet as pq

            sink = io.BytesIO()
            pq.write_table(pa.Table.from_pandas(result, preserve_index=False), sink)
            data = sink.getvalue()
        kept = None
        if keep:
            stored = self._data.import_table(
                actor, pa.Table.from_pandas(result, preserve_index=False), keep,
                project=project, describe={"source_name": Path(source).name,
                                           "source_sha256": source_sha, "format": "scored",
                                           "note": f"scored by {version.ref}"}, cancel=cancel)
            kept = stored.version.ref
        with self._access.change(actor, "registry.score", f"model-version:{version.id}") \
                as session:
            self._audit.append(session, actor, "registry.score",
                               f"model-version:{version.id}", {
                                   "version": version.ref, "input": Path(source).name,
                                   "input_sha256": source_sha, "rows": len(result),
                                   "output": target.name,
                                   "output_sha256": sha256_text(data),
                                   "unseen_categories": {c: sum(v.values()) for c, v in
                                                         checked.unseen.items()},
                                   **({"kept_as": kept} if kept else {})})
            atomic_write(target, data)
        report(progress, 1.0, "done")
        return {"version": version.ref, "rows": len(result), "output": str(target),
                "notes": list(checked.notes), "unseen": checked.unseen,
                "extra_columns": list(checked.extra), "kept": kept, "seconds": seconds,
                "columns": list(scores.columns)}

    def champion_challenger(self, actor: Actor, name: str, challenger: str, dataset: str, *,
                            project: str | None = None) -> dict[str, Any]:
        """Score the production version and a challenger on the same dataset version (which
        holds the target) and put their metrics side by side."""
        from engine.registry.signature import check_input
        from engine.training import evaluate as ev

        model = self.model(actor, name, project)
        champion = model.production
        if champion is None:
            raise ValidationError(f"{model.name} has no production version to compare "
                                  "against.")
        challenger_version = self.version(actor, challenger if "@" in challenger
                                          else f"{model.name}@{challenger}", project)
        if challenger_version.model != model.name:
            raise ValidationError(f"{challenger_version.ref} is not a version of {model.name}.")
        data_version = self._data.version(actor, dataset, project)
        frame = self._data.read_table(actor, data_version).to_pandas()
        rows = []
        for version in (champion, challenger_version):
            target = version.manifest["target"]
            if target not in frame.columns:
                raise ValidationError(f"{data_version.ref} has no column {target!r} (the "
                                      f"target of {version.ref}).")
            keep = frame[target].notna()
            _, fitted = self.load(actor, version.ref, project)
            checked = check_input(frame.loc[keep], version.signature, version.ref)
            output = version.signature["output"]
            predicted, proba = ev.scores(fitted, checked.frame, output["task"])
            metrics = ev.metrics(frame.loc[keep, target], predicted, proba, output["task"],
                                 list(output.get("classes", [])), output.get("positive"))
            rows.append({"version": version.ref, "stage": version.stage,
                         "rows": int(keep.sum()), "metrics": metrics})
        primary = champion.manifest.get("primary") or next(iter(rows[0]["metrics"]), "")
        from engine.training.spec import LOWER_IS_BETTER

        a, b = rows[0]["metrics"].get(primary), rows[1]["metrics"].get(primary)
        winner = None
        if a is not None and b is not None:
            better = (b < a) if primary in LOWER_IS_BETTER else (b > a)
            winner = challenger_version.ref if better else champion.ref
        return {"dataset": data_version.ref, "primary": primary, "champion": rows[0],
                "challenger": rows[1], "winner": winner}

    # -- deployment bundles ----------------------------------------------------------------
    def export_bundle(self, actor: Actor, ref: str, out: str | Path, *,
                      project: str | None = None) -> dict[str, Any]:
        """Write a signed deployment bundle of a version (verified first) to `out`."""
        from engine.registry import bundle
        from engine.registry.score_template import __file__ as template
        from engine.store.files import atomic_write

        target = Path(out)
        if target.suffix.lower() != ".zip":
            raise ValidationError(f"A bundle is a .zip file. Got {target.name!r}.")
        if not target.parent.is_dir():
            raise ValidationError(f"There is no folder {target.parent}.")
        self._access.require(actor, "registry.export", f"model:{ref}")
        version, _ = self.load(actor, ref, project)
        model_bytes = self._objects.get_bytes(actor, version.model_sha256)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, _, _ = self._find_version(session, version.ref, project)
            signer = session.scalars(select(SigningKeyRow).where(
                SigningKeyRow.key_id == row.signer_key_id)).first()
            approval = None
            if version.stage == "production":
                decided = session.scalars(select(ApprovalRow).where(
                    ApprovalRow.version_id == row.id, ApprovalRow.status == "approved")
                    .order_by(ApprovalRow.decided.desc())).first()
                key = session.scalars(select(SigningKeyRow).where(
                    SigningKeyRow.key_id == decided.decision_key_id)).first()
                approval = {"decision": decided.decision, "signature": decided.decision_sig,
                            "key_id": decided.decision_key_id,
                            "public_key": b64(key.public_key),
                            "evidence": decided.evidence,
                            "evidence_sha256": decided.evidence_hash}
            text, signature = row.manifest, row.manifest_sig
        files = {
            "model.skops": model_bytes,
            "requirements.txt": bundle.requirements(version.manifest.get("packages", {}))
            .encode(),
            "score.py": Path(template).read_bytes(),
            "Dockerfile": bundle.dockerfile(version.manifest.get("python", "")).encode(),
        }
        log = actor.log_signer
        key_fp = bundle.fingerprint(log.public_key)
        files["README.txt"] = bundle.readme(version.ref, key_fp).encode()
        manifest = {
            "format": bundle.BUNDLE_FORMAT, "model": version.model,
            "version": version.version, "stage": version.stage,
            "exported": format_time(self._clock()), "exported_by": actor.name,
            "workspace": self._workspace_id,
            "workspace_key": {"name": log.name, "public_key": b64(log.public_key),
                              "fingerprint": key_fp},
            "version_manifest": text, "version_manifest_sig": signature,
            "version_signer": {"key_id": signer.key_id, "name": signer.name,
                               "public_key": b64(signer.public_key)},
            "approval": approval, "model_card": None,
            "files": {name: hashlib.sha256(data).hexdigest()
                      for name, data in files.items()}}
        raw, sig = bundle.sign_manifest(manifest, log.sign)
        files["manifest.json"], files["manifest.sig"] = raw, sig
        data = bundle.build_zip(files)
        digest = hashlib.sha256(data).hexdigest()
        with self._access.change(actor, "registry.export", f"model-version:{version.id}") \
                as session:
            self._audit.append(session, actor, "registry.export",
                               f"model-version:{version.id}", {
                                   "version": version.ref, "file": target.name,
                                   "bundle_sha256": digest,
                                   "model_sha256": version.model_sha256,
                                   "key_fingerprint": key_fp})
            atomic_write(target, data)
        return {"version": version.ref, "file": str(target), "sha256": digest,
                "fingerprint": key_fp, "files": sorted(files)}

    def verify_bundle(self, path: str | Path) -> Any:
        """Check a bundle on its own (no workspace state needed)."""
        from engine.registry.bundle import verify_bundle

        return verify_bundle(Path(path))

    def trusted_keys(self, actor: Actor) -> list[dict[str, str]]:
        with self._access.reading(actor, "registry.read", "trusted-keys") as session:
            return [{"fingerprint": k.fingerprint, "name": k.name, "added": k.added}
                    for k in session.scalars(select(TrustedKeyRow))]

    def trust(self, actor: Actor, path: str | Path, fingerprint: str) -> dict[str, str]:
        """Trust the key that signed a bundle, after the administrator confirmed its
        fingerprint (compared out of band)."""
        checked = self.verify_bundle(path)
        given = (fingerprint or "").replace(" ", "").lower()
        if given != checked.key_fingerprint:
            raise ValidationError(f"The bundle is signed by key {checked.key_fingerprint}, "
                                  f"not {fingerprint!r}.",
                                  hint="Compare the fingerprint with the exporting team out "
                                       "of band before trusting it.")
        with self._access.change(actor, "registry.import", "trusted-keys") as session:
            if session.get(TrustedKeyRow, checked.key_fingerprint) is None:
                session.add(TrustedKeyRow(fingerprint=checked.key_fingerprint,
                                          name=checked.key_name, public_key=checked.public_key,
                                          added=format_time(self._clock()),
                                          added_by=actor.user_id))
                self._audit.append(session, actor, "registry.trust",
                                   f"key:{checked.key_fingerprint[:16]}",
                                   {"fingerprint": checked.key_fingerprint,
                                    "name": checked.key_name})
        return {"fingerprint": checked.key_fingerprint, "name": checked.key_name}

    def import_bundle(self, actor: Actor, path: str | Path, *, name: str | None = None,
                      project: str | None = None) -> ModelVersion:
        """Verify a bundle and register its model here as a new dev version, with its
        provenance (source workspace, version, manifest, approval) in the manifest."""
        checked = self.verify_bundle(path)
        self._access.require(actor, "registry.import", "bundle")
        own = checked.public_key == actor.log_signer.public_key
        with self._access.reading(actor, "registry.read", "trusted-keys") as session:
            trusted = session.get(TrustedKeyRow, checked.key_fingerprint) is not None
        if not (trusted or own):
            raise IntegrityError(
                f"{Path(path).name} is signed by workspace key {checked.key_fingerprint}, "
                "which this workspace does not trust.",
                hint="Compare the fingerprint with the exporting team, then: airlock bundle "
                     f"trust {Path(path).name} --fingerprint {checked.key_fingerprint}")
        from engine.training.modelio import check_types

        source = checked.version_manifest
        check_types(checked.files["model.skops"], list(source["model_types"]),
                    f"model.skops in {Path(path).name}")
        clean = check_model_name(name or source["model"])
        with self._objects.writer(actor, "model") as out:
            out.write(checked.files["model.skops"])
            finished = out.finish()
            with self._access.change(actor, "registry.import", f"model:{clean}") as session:
                project_row = ProjectService.find(session, project)
                model_row = session.scalars(select(RegisteredModelRow).where(
                    RegisteredModelRow.project_id == project_row.id,
                    RegisteredModelRow.name_key == name_key(clean))).first()
                if model_row is None:
                    model_row = RegisteredModelRow(
                        id="mdl_" + os.urandom(6).hex(), project_id=project_row.id,
                        name=clean, name_key=name_key(clean), description="", policy="",
                        policy_hash="", created=format_time(self._clock()),
                        created_by=actor.user_id)
                    session.add(model_row)
                    session.flush()
                for existing in session.scalars(select(ModelVersionRow).where(
                        ModelVersionRow.model_id == model_row.id)):
                    if json.loads(existing.manifest).get("imported", {}).get(
                            "bundle_sha256") == checked.sha256:
                        raise AlreadyExists(f"This bundle is already {model_row.name}@"
                                            f"{existing.version}.")
                ref = self._objects.install(session, actor, finished, audit=False)
                out.installed()
                number = len(session.scalars(select(ModelVersionRow.id).where(
                    ModelVersionRow.model_id == model_row.id)).all()) + 1
                now = format_time(self._clock())
                manifest = dict(source)
                manifest.update({
                    "workspace": self._workspace_id, "model": model_row.name,
                    "version": number, "registered": now, "registered_by": actor.user_id,
                    "registered_by_name": actor.name,
                    "imported": {
                        "bundle": Path(path).name, "bundle_sha256": checked.sha256,
                        "source_workspace": source.get("workspace"),
                        "source_version": f"{source['model']}@{source['version']}",
                        "source_manifest_sha256": sha256_text(
                            checked.manifest["version_manifest"]),
                        "source_stage": checked.manifest.get("stage"),
                        "source_approval": (json.loads(checked.manifest["approval"]
                                                       ["decision"])
                                            if checked.manifest.get("approval") else None),
                        "exported_by": checked.manifest.get("exported_by"),
                        "exported": checked.manifest.get("exported"),
                        "key_fingerprint": checked.key_fingerprint,
                        "own_workspace": own}})
                assert ref.id == manifest["model_sha256"]
                row = self._insert_version(session, actor, model_row, number, manifest,
                                           run_id=None, dataset_version_id=None,
                                           trained_by="", description="")
                self._audit.append(session, actor, "registry.import",
                                   f"model-version:{row.id}", {
                                       "version": f"{model_row.name}@{number}",
                                       **{k: v for k, v in manifest["imported"].items()
                                          if k != "source_approval"}})
                return self._version_entity(session, row, model_row, project_row.name)

    # -- lookups ---------------------------------------------------------------------------
    def _find_model(self, session: Any, name: str, project: str | None
                    ) -> tuple[RegisteredModelRow, str]:
        project_row = ProjectService.find(session, project)
        row = session.scalars(select(RegisteredModelRow).where(
            RegisteredModelRow.project_id == project_row.id,
            RegisteredModelRow.name_key == name_key((name or "").strip()))).first()
        if row is None:
            raise NotFound(f"There is no registered model {name!r} in {project_row.name}.",
                           hint="`airlock model list` shows them; `airlock model register "
                                "RUN NAME` creates one.")
        return row, project_row.name

    def _find_version(self, session: Any, ref: str, project: str | None
                      ) -> tuple[ModelVersionRow, RegisteredModelRow, str]:
        text = (ref or "").strip()
        name, _, which = text.partition("@")
        which = which.strip().lower() or "production"
        model_row, project_name = self._find_model(session, name, project)
        query = select(ModelVersionRow).where(ModelVersionRow.model_id == model_row.id)
        if which.isdigit():
            row = session.scalars(query.where(ModelVersionRow.version == int(which))).first()
        elif which in ("dev", "staging", "production"):
            row = session.scalars(query.where(ModelVersionRow.stage == which)
                                  .order_by(ModelVersionRow.version.desc())).first()
        elif which == "latest":
            row = session.scalars(query.order_by(ModelVersionRow.version.desc())).first()
        else:
            raise ValidationError(f"Name a version as MODEL@NUMBER or MODEL@STAGE (dev, "
                                  f"staging, production, latest). Got {text!r}.")
        if row is None:
            raise NotFound(f"{model_row.name} has no version {which}.",
                           hint=f"`airlock model show {model_row.name}` lists its versions.")
        return row, model_row, project_name

    @staticmethod
    def _user_names(session: Any) -> dict[str, str]:
        return {u.id: u.name for u in session.scalars(select(UserRow))}

    def _version_entity(self, session: Any, row: ModelVersionRow,
                        model_row: RegisteredModelRow, project: str) -> ModelVersion:
        names = self._user_names(session)
        manifest = json.loads(row.manifest)
        lineage = manifest.get("lineage", {})
        return ModelVersion(
            id=row.id, model=model_row.name, project=project, version=row.version,
            stage=row.stage, description=row.description, tags=json.loads(row.tags),
            manifest=manifest, registered=row.registered,
            registered_by=names.get(row.registered_by, manifest.get("registered_by_name", "")),
            trained_by=names.get(row.trained_by, lineage.get("trained_by_name", "")))

    def _model_entity(self, session: Any, row: RegisteredModelRow,
                      project: str) -> RegisteredModel:
        versions = session.scalars(select(ModelVersionRow).where(
            ModelVersionRow.model_id == row.id).order_by(ModelVersionRow.version)).all()
        return RegisteredModel(
            id=row.id, name=row.name, project=project, description=row.description,
            policy=policy_from_text(row.policy),
            versions=tuple(self._version_entity(session, v, row, project) for v in versions))

    def _approval_entity(self, session: Any, row: ApprovalRow, ref: str) -> Approval:
        names = self._user_names(session)
        return Approval(
            id=row.id, version=ref, status=row.status,
            requested_by=names.get(row.requested_by, row.requested_by),
            requested=row.requested, note=row.note, evidence=json.loads(row.evidence),
            evidence_hash=row.evidence_hash,
            decided_by=names.get(row.decided_by or "", row.decided_by or ""),
            decided=row.decided or "", reason=row.reason)

