"""The registry's shared lookups: lookups, entities from rows, gate contexts, stage moves,
version records, and verified loading (manifest signature, model hash, approval)."""

from __future__ import annotations

__all__ = ["GateEvidence", "Lookups", "manifest_text", "test_fields"]

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select

from engine.audit.bound import logged_tags
from engine.audit.canonical import canonical_json
from engine.audit.log import AuditLog
from engine.audit.record import b64, format_time
from engine.errors import IntegrityError, NotFound, ValidationError
from engine.objects.sealed import SEALER
from engine.objects.store import ObjectStore
from engine.projects import ProjectService
from engine.registry.entities import (
    MANIFEST_CONTEXT,
    Approval,
    ApprovalCheck,
    ModelVersion,
    RegisteredModel,
    StageEvent,
    sha256_text,
)
from engine.registry.gate_inputs import gate_context, gate_context_of, latest_test, policy_for
from engine.registry.gates import (
    GateContext,
    Policy,
)
from engine.registry.rows import (
    approval_check,
    approval_entity,
    check_manifest,
    manifest_text,
    model_entity,
    stage_events,
    test_fields,
    version_entity,
)
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import (
    ApprovalRow,
    DatasetVersionRow,
    ModelVersionRow,
    RegisteredModelRow,
    StageEventRow,
)

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.training.service import TrainingService


class CardState(Protocol):
    """How far a version's model card is (governance's CardStatus)."""

    @property
    def saved(self) -> str | None: ...  # the newest saved card's id

    @property
    def number(self) -> int: ...

    @property
    def missing(self) -> Sequence[str]: ...


class GateEvidence(Protocol):
    """What another area recorded about a version, for the fairness and documentation gates
    (governance answers; engine/workspace/seams.py passes it in)."""

    def latest_disparity(
        self, actor: Actor, version_id: str, attribute: str
    ) -> dict[str, Any] | None: ...

    def card_complete(self, actor: Actor, version: ModelVersion) -> CardState: ...


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
            return [model_entity(self, session, r, project_row.name) for r in rows]

    def model(self, actor: Actor, name: str, project: str | None = None) -> RegisteredModel:
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, project_name = self.find_model(session, name, project)
            return model_entity(self, session, row, project_name)

    def version(self, actor: Actor, ref: str, project: str | None = None) -> ModelVersion:
        """NAME@V, NAME@stage (dev, staging, production) or NAME (its production version)."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, project_name = self.find_version(session, ref, project)
            return version_entity(self, session, row, model_row, project_name)

    def history(self, actor: Actor, name: str, project: str | None = None) -> list[StageEvent]:
        """Every stage change of a model's versions, oldest first."""
        with self._access.reading(actor, "registry.read", f"model:{name}") as session:
            row, _ = self.find_model(session, name, project)
            return stage_events(session, row.id)

    def policy_for(
        self, actor: Actor, version: ModelVersion, model: RegisteredModel
    ) -> tuple[Policy, str, str]:
        """The gates that apply to `version`, where they come from ("model", "default",
        "model+default", "opted-out" or "none") and why, in words. In a project of risk
        tier medium or above the default gates (gates.default_policy) apply on top of the
        model's own policy — an analyst cannot drop them by writing a weaker policy; only an
        administrator can, with the default_gates setting (audited, shown in compliance).
        The setting, the tier and the tags are read from the signed log."""
        return policy_for(self, actor, version, model)

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
        return gate_context_of(self, actor, version, model)

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
        return gate_context(
            self, actor, model, number, task, metrics, dataset_id, dataset_ref, project, test_result
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
            check_manifest(self, session, row, label)
            if row.stage == "production":
                held = approval_check(self, session, row, label)
                if not held.valid:
                    raise IntegrityError(
                        f"{held.detail}; the production version is not loaded.",
                        hint="Roll back, or have it approved again.",
                    )
            return version_entity(self, session, row, model_row, project_name)

    def check_manifest(self, session: Any, row: ModelVersionRow, label: str) -> None:
        return check_manifest(self, session, row, label)

    def load(self, actor: Actor, ref: str, project: str | None = None) -> tuple[ModelVersion, Any]:
        """The verified version and its fitted model (skops, with only the manifest's
        trusted types)."""
        from engine.training.modelio import loads

        self._access.require(actor, "registry.read", f"model:{ref}")
        version = self.verify(actor, ref, project)
        data = self._objects.get_bytes(actor, version.model_object)
        if sha256_text(data) != version.model_sha256:
            raise IntegrityError(f"The model file of {version.ref} does not match its hash.")
        # trusted code the manifest names, if the workspace still trusts it
        listed = set(self._training.trusted_code(actor))
        code = [m for m in version.manifest.get("trusted_code", []) if m in listed]
        return version, loads(
            data, list(version.manifest["model_types"]), f"The model file of {version.ref}", code
        )

    def model_row_for(
        self, session: Any, actor: Actor, project_id: str, name: str, description: str = ""
    ) -> RegisteredModelRow:
        """The registered model `name` of the project, created (flushed, in this
        transaction) on first use."""
        row = session.scalars(
            select(RegisteredModelRow).where(
                RegisteredModelRow.project_id == project_id,
                RegisteredModelRow.name_key == name_key(name),
            )
        ).first()
        if row is None:
            row = RegisteredModelRow(
                id="mdl_" + os.urandom(6).hex(),
                project_id=project_id,
                name=name,
                name_key=name_key(name),
                description=description,
                policy="",
                policy_hash="",
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            session.add(row)
            session.flush()
        return row

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
        return version_entity(self, session, row, model_row, project, names)

    def model_entity(self, session: Any, row: RegisteredModelRow, project: str) -> RegisteredModel:
        return model_entity(self, session, row, project)

    def approval_entity(
        self, session: Any, row: ApprovalRow, ref: str, names: dict[str, str] | None = None
    ) -> Approval:
        return approval_entity(self, session, row, ref, names)

    def latest_test(self, actor: Actor, version: ModelVersion, suite: str) -> dict[str, Any] | None:
        return latest_test(self, actor, version, suite)

    def approval_check(self, session: Any, row: ModelVersionRow, ref: str) -> ApprovalCheck:
        return approval_check(self, session, row, ref)
