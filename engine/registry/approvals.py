"""Four-eyes approval: the evidence pack, requests, signed decisions, the check that an
approval still holds, and rollback."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import select

from engine.audit.canonical import canonical_json
from engine.audit.record import b64, format_time
from engine.errors import AlreadyExists, IntegrityError, NotFound, ValidationError
from engine.projects import ProjectService
from engine.registry.entities import (
    DECISION_CONTEXT,
    DECISION_FORMAT,
    Approval,
    ApprovalCheck,
    GateFailed,
    ModelVersion,
    Transition,
    _failures,
    sha256_text,
)
from engine.registry.evidence_pack import evidence_pack
from engine.registry.gates import GateResult
from engine.registry.parts import Part
from engine.registry.rows import approval_check, approval_entity, version_entity
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import (
    ApprovalRow,
    ModelVersionRow,
    RegisteredModelRow,
    StageEventRow,
)


class ApprovalService(Part):
    def all(
        self, actor: Actor, *, status: str | None = None, project: str | None = None
    ) -> list[Approval]:
        """Requests for production, newest first (optionally only those with `status`)."""
        with self._access.reading(actor, "registry.read", "approvals") as session:
            project_row = ProjectService.find(session, project)
            query = (
                select(ApprovalRow, ModelVersionRow, RegisteredModelRow)
                .join(ModelVersionRow, ApprovalRow.version_id == ModelVersionRow.id)
                .join(RegisteredModelRow, ModelVersionRow.model_id == RegisteredModelRow.id)
                .where(RegisteredModelRow.project_id == project_row.id)
            )
            if status:
                query = query.where(ApprovalRow.status == status)
            rows = session.execute(query.order_by(ApprovalRow.requested.desc())).all()
            names = user_names(session)
            return [
                approval_entity(self._versions, session, a, f"{m.name}@{v.version}", names)
                for a, v, m in rows
            ]

    def evidence(self, actor: Actor, ref: str, project: str | None = None) -> dict[str, Any]:
        """The evidence pack a validator decides on, as it is now."""
        return evidence_pack(self, actor, ref, project)

    def request(
        self, actor: Actor, ref: str, *, note: str = "", project: str | None = None
    ) -> Approval:
        """Ask for a staging version to go to production. The production gates must pass;
        the evidence pack is fixed (hashed) now."""
        self._access.require(actor, "registry.request", f"model:{ref}")
        version = self._versions.version(actor, ref, project)
        if version.stage != "staging":
            raise ValidationError(
                f"{version.ref} is in {version.stage}; only a staging "
                "version can be requested for production.",
                hint=f"`airlock model stage {version.ref} staging` first.",
            )
        evidence = evidence_pack(self, actor, version.ref, project)
        failing = [
            GateResult(g["gate"], g["kind"], g["passed"], g["detail"]) for g in evidence["gates"]
        ]
        if not all(g.passed for g in failing):
            raise GateFailed(
                f"{version.ref} does not pass the production gates — {_failures(failing)}.", failing
            )
        text = canonical_json(evidence).decode("utf-8")
        with self._access.change(actor, "registry.request", f"model:{ref}") as session:
            row, _model_row, _ = self._versions.find_version(session, version.ref, project)
            if row.stage != "staging":
                raise ValidationError(f"{version.ref} changed stage meanwhile; try again.")
            if (
                session.scalars(
                    select(ApprovalRow).where(
                        ApprovalRow.version_id == row.id, ApprovalRow.status == "pending"
                    )
                ).first()
                is not None
            ):
                raise AlreadyExists(f"{version.ref} already awaits a decision.")
            approval = ApprovalRow(
                id="apr_" + os.urandom(6).hex(),
                version_id=row.id,
                status="pending",
                requested_by=actor.user_id,
                requested=format_time(self._clock()),
                note=note.strip(),
                evidence=text,
                evidence_hash=sha256_text(text),
                reason="",
                decision="",
                decision_sig="",
                decision_key_id="",
            )
            session.add(approval)
            self._audit.append(
                session,
                actor,
                "registry.request",
                f"model-version:{row.id}",
                {
                    "version": version.ref,
                    "approval": approval.id,
                    "evidence_sha256": approval.evidence_hash,
                    "note": note.strip()[:300],
                },
            )
            return approval_entity(self._versions, session, approval, version.ref)

    def _pending(self, session: Any, row: ModelVersionRow, ref: str) -> ApprovalRow:
        pending = session.scalars(
            select(ApprovalRow).where(
                ApprovalRow.version_id == row.id, ApprovalRow.status == "pending"
            )
        ).first()
        if pending is None:
            raise NotFound(
                f"{ref} has no pending request for production.",
                hint="An analyst requests it with `airlock model request`.",
            )
        return pending

    def _conflict(self, actor: Actor, version: ModelVersion, approval: Approval) -> str | None:
        """Why `actor` may not decide on `version` (four-eyes), or None."""
        lineage = version.lineage
        if lineage.get("trained_by") == actor.user_id or (
            lineage.get("trained_by_name")
            and name_key(lineage["trained_by_name"]) == name_key(actor.name)
        ):
            return "you trained this version; another validator must decide (four-eyes)"
        if approval.requested_by == actor.name:
            return "you requested this promotion; another validator must decide (four-eyes)"
        return None

    def awaiting(self, actor: Actor, project: str | None = None) -> list[Approval]:
        """Pending requests this user may decide (a validator who did not train or request
        the version)."""
        if actor.role != "validator":
            return []
        out = []
        for approval in self.all(actor, status="pending", project=project):
            version = self._versions.version(actor, approval.version, project)
            if self._conflict(actor, version, approval) is None:
                out.append(approval)
        return out

    def withdraw(
        self, actor: Actor, ref: str, *, reason: str = "", project: str | None = None
    ) -> Approval:
        """The requester (or an administrator) withdraws a pending request."""
        with self._access.change(actor, "registry.request", f"model:{ref}") as session:
            row, model_row, _ = self._versions.find_version(session, ref, project)
            approval = self._pending(session, row, f"{model_row.name}@{row.version}")
            if approval.requested_by != actor.user_id and actor.role != "admin":
                raise ValidationError(
                    "Only whoever requested it (or an administrator) can withdraw a request."
                )
            approval.status, approval.decided = "withdrawn", format_time(self._clock())
            approval.decided_by, approval.reason = actor.user_id, reason.strip()
            self._audit.append(
                session,
                actor,
                "registry.withdraw",
                f"model-version:{row.id}",
                {
                    "version": f"{model_row.name}@{row.version}",
                    "approval": approval.id,
                    "reason": reason.strip()[:300],
                },
            )
            return approval_entity(
                self._versions, session, approval, f"{model_row.name}@{row.version}"
            )

    def approve(
        self, actor: Actor, ref: str, *, password: str, reason: str, project: str | None = None
    ) -> Approval:
        """A validator approves: the version goes to production (the current production
        version is archived)."""
        return self._decide(actor, ref, "approved", password, reason, project)

    def reject(
        self, actor: Actor, ref: str, *, password: str, reason: str, project: str | None = None
    ) -> Approval:
        return self._decide(actor, ref, "rejected", password, reason, project)

    def _decide(
        self, actor: Actor, ref: str, decision: str, password: str, reason: str, project: str | None
    ) -> Approval:
        action = "registry.approve"
        self._access.require(actor, action, f"model:{ref}")
        if not (reason or "").strip():
            raise ValidationError("Give a reason for the decision; it is signed with it.")
        version = self._versions.version(actor, ref, project)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, _, _ = self._versions.find_version(session, version.ref, project)
            pending = approval_entity(
                self._versions, session, self._pending(session, row, version.ref), version.ref
            )
        conflict = self._conflict(actor, version, pending)
        if conflict:
            self._access.deny(actor, action, f"model-version:{version.id}", conflict)
            from engine.errors import PermissionDenied

            raise PermissionDenied(
                f"You may not decide on {version.ref}: {conflict}.", hint="Ask another validator."
            )
        self._confirm(actor, password)
        now_evidence = evidence_pack(self, actor, version.ref, project)
        now_text = canonical_json(now_evidence).decode("utf-8")
        if decision == "approved" and sha256_text(now_text) != pending.evidence_hash:
            changed = sorted(k for k in now_evidence if now_evidence[k] != pending.evidence.get(k))
            raise ValidationError(
                f"The evidence for {version.ref} changed since it was requested "
                f"({', '.join(changed) or 'its content'}); the request cannot be approved.",
                hint="Reject it, or ask the requester to withdraw it and request again.",
            )
        now = format_time(self._clock())
        body = {
            "format": DECISION_FORMAT,
            "approval": pending.id,
            "model": version.model,
            "version": version.version,
            "version_id": version.id,
            "model_sha256": version.model_sha256,
            "evidence_sha256": pending.evidence_hash,
            "decision": decision,
            "reason": reason.strip(),
            "time": now,
            "validator": actor.user_id,
            "validator_name": actor.name,
            "key_id": actor.key_id,
            "password_confirmed": True,
        }
        text = canonical_json(body).decode("utf-8")
        signature = actor.sign(DECISION_CONTEXT + bytes.fromhex(sha256_text(text)))
        with self._access.change(actor, action, f"model-version:{version.id}") as session:
            row, _model_row, _ = self._versions.find_version(session, version.ref, project)
            approval = self._pending(session, row, version.ref)
            if approval.id != pending.id or row.stage != "staging":
                raise ValidationError(f"{version.ref} changed meanwhile; look again.")
            approval.status, approval.decided, approval.decided_by = decision, now, actor.user_id
            approval.reason, approval.decision = reason.strip(), text
            approval.decision_sig, approval.decision_key_id = b64(signature), actor.key_id
            archived = None
            if decision == "approved":
                current = session.scalars(
                    select(ModelVersionRow).where(
                        ModelVersionRow.model_id == row.model_id,
                        ModelVersionRow.stage == "production",
                    )
                ).first()
                if current is not None:
                    self._versions.move(
                        session,
                        current,
                        "archived",
                        actor,
                        f"replaced by version {row.version}",
                        now,
                        approval.id,
                    )
                    archived = current.version
                self._versions.move(
                    session, row, "production", actor, reason.strip(), now, approval.id
                )
            self._audit.append(
                session,
                actor,
                action,
                f"model-version:{row.id}",
                {
                    "version": version.ref,
                    "approval": approval.id,
                    "decision": decision,
                    "reason": reason.strip()[:300],
                    "evidence_sha256": approval.evidence_hash,
                    "decision_sha256": sha256_text(text),
                    "password_confirmed": True,
                    **({"archived_version": archived} if archived else {}),
                },
            )
            return approval_entity(self._versions, session, approval, version.ref)

    def check_approval(self, actor: Actor, ref: str, project: str | None = None) -> ApprovalCheck:
        """Whether a production version's approval holds: the validator's signature over
        the decision, the decision bound to the evidence hash, the evidence to this
        version's model and manifest."""
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, model_row, _ = self._versions.find_version(session, ref, project)
            return approval_check(self._versions, session, row, f"{model_row.name}@{row.version}")

    def rollback(
        self, actor: Actor, name: str, *, reason: str, project: str | None = None
    ) -> Transition:
        """Put the previous production version back into production (its approval must
        still hold); the current one is archived."""
        if not (reason or "").strip():
            raise ValidationError("Give a reason for the rollback.")
        with self._access.change(actor, "registry.rollback", f"model:{name}") as session:
            model_row, project_name = self._versions.find_model(session, name, project)
            current = session.scalars(
                select(ModelVersionRow).where(
                    ModelVersionRow.model_id == model_row.id, ModelVersionRow.stage == "production"
                )
            ).first()
            if current is None:
                raise ValidationError(f"{model_row.name} has no production version to roll back.")
            previous = None
            events = session.scalars(
                select(StageEventRow)
                .where(
                    StageEventRow.model_id == model_row.id, StageEventRow.to_stage == "production"
                )
                .order_by(StageEventRow.id.desc())
            )
            for event in events:
                if event.version_id != current.id:
                    previous = session.get(ModelVersionRow, event.version_id)
                    break
            if previous is None:
                raise ValidationError(
                    f"{model_row.name}@{current.version} is the first "
                    "production version; there is nothing to roll back to.",
                    hint="Archive it instead if it must stop serving.",
                )
            ref = f"{model_row.name}@{previous.version}"
            held = approval_check(self._versions, session, previous, ref)
            if not held.valid:
                raise IntegrityError(f"Cannot roll back to {ref}: {held.detail}.")
            now = format_time(self._clock())
            self._versions.move(
                session, current, "archived", actor, f"rolled back: {reason.strip()}", now
            )
            from_stage = previous.stage
            self._versions.move(
                session, previous, "production", actor, f"rollback: {reason.strip()}", now
            )
            self._audit.append(
                session,
                actor,
                "registry.rollback",
                f"model:{model_row.id}",
                {
                    "model": model_row.name,
                    "from_version": current.version,
                    "to_version": previous.version,
                    "reason": reason.strip()[:300],
                },
            )
            entity = version_entity(self._versions, session, previous, model_row, project_name)
        return Transition(entity, from_stage, "production", ())
