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

import json
from typing import Any

from sqlalchemy import select

from engine.audit.record import format_time
from engine.errors import AlreadyExists, ValidationError
from engine.projects import ProjectService
from engine.registry.entities import (
    MANIFEST_FORMAT,
    STAGES,
    GateFailed,
    ModelVersion,
    Transition,
    _failures,
    check_model_name,
    sha256_text,
)
from engine.registry.gate_inputs import gate_context_of
from engine.registry.gates import GateResult
from engine.registry.lookups import Lookups, manifest_text
from engine.registry.rows import version_entity
from engine.security.actor import Actor
from engine.store.schema import (
    ApprovalRow,
    ModelVersionRow,
    UserRow,
)


class VersionService(Lookups):
    def from_run(
        self, actor: Actor, run_ref: str, project: str | None
    ) -> tuple[Any, Any, dict[str, Any], Any]:
        """A finished run, its fitted model, the model's input signature (from the run's
        training data) and that dataset version."""
        from engine.registry.signature import build_signature

        run = self._training.run(actor, run_ref, project)
        if run.status != "finished" or run.model_object_id is None:
            raise ValidationError(
                f"Run {run.ref} has no model to register ({run.status}).",
                hint="Register a finished run made by `airlock train`.",
            )
        if not run.dataset:
            raise ValidationError(
                f"Run {run.ref} was logged without a dataset; only trained runs can be registered."
            )
        fitted = self._training.load_model(actor, run)
        features = [str(n) for n in getattr(fitted, "feature_names_in_", [])]
        version = self._data.version(actor, run.dataset, project)
        present = {c["name"] for c in version.schema}
        frame = self._data.read_table(
            actor, version, columns=[c for c in features if c in present]
        ).to_pandas()
        signature = build_signature(fitted, frame, run.task, list(run.metrics.get("classes") or []))
        if run.task == "binary":
            signature["output"]["positive"] = run.metrics.get("positive")
        return run, fitted, signature, version

    def register(
        self,
        actor: Actor,
        run_ref: str,
        name: str,
        *,
        description: str = "",
        project: str | None = None,
    ) -> ModelVersion:
        """Register a finished run's model as the next version of `name` (created on first
        use), in stage dev."""
        clean = check_model_name(name)
        self._access.require(actor, "registry.register", f"model:{clean}")
        run, _fitted, signature, version = self.from_run(actor, run_ref, project)
        env = self._training.environment(actor, run)
        model_sha256 = self._objects.sha256(actor, run.model_object_id)
        with self._access.change(actor, "registry.register", f"model:{clean}") as session:
            project_row = ProjectService.find(session, project)
            model_row = self.model_row_for(
                session, actor, project_row.id, clean, description.strip()
            )
            again = session.scalars(
                select(ModelVersionRow).where(
                    ModelVersionRow.model_id == model_row.id, ModelVersionRow.run_id == run.id
                )
            ).first()
            if again is not None:
                raise AlreadyExists(
                    f"Run {run.ref} is already version {again.version} of {model_row.name}."
                )
            number = (
                len(
                    session.scalars(
                        select(ModelVersionRow.id).where(ModelVersionRow.model_id == model_row.id)
                    ).all()
                )
                + 1
            )
            trainer = session.get(UserRow, run.created_by)
            now = format_time(self._clock())
            manifest = {
                "format": MANIFEST_FORMAT,
                "workspace": self._workspace_id,
                "model": model_row.name,
                "version": number,
                # the plain hash (bundles are checked with it elsewhere) and this
                # workspace's keyed object name
                "model_sha256": model_sha256,
                "model_object": run.model_object_id,
                "model_types": list(run.model_types),
                # modules of trusted code the model holds (the trusted_code setting)
                **(
                    {"trusted_code": list(run.spec["trusted_code"])}
                    if run.spec.get("trusted_code")
                    else {}
                ),
                "signature": signature,
                "task": run.task,
                "target": run.target,
                "algorithm": run.model,
                "primary": run.primary,
                "metrics": {k: v for k, v in run.headline().items()},
                "lineage": {
                    "run": run.id,
                    "run_ref": run.ref,
                    "experiment": run.experiment,
                    "dataset_version": version.id,
                    "dataset_ref": version.ref,
                    "dataset_hash": run.dataset_hash,
                    "recipe_hash": run.recipe_hash,
                    "environment": run.environment_hash,
                    "trained_by": run.created_by,
                    "trained_by_name": trainer.name if trainer else "",
                    "trained": run.finished,
                },
                "packages": env.get("packages", {}),
                "python": env.get("python", ""),
                "registered": now,
                "registered_by": actor.user_id,
                "registered_by_name": actor.name,
            }
            row = self.insert_version(
                session,
                actor,
                model_row,
                number,
                manifest,
                run_id=run.id,
                dataset_version_id=version.id,
                trained_by=run.created_by,
                description=description.strip(),
            )
            self._audit.append(
                session,
                actor,
                "registry.register",
                f"model-version:{row.id}",
                {
                    "version": f"{model_row.name}@{number}",
                    "run": run.ref,
                    "run_id": run.id,
                    "model_object": run.model_object_id,
                    "manifest_sha256": sha256_text(manifest_text(session, row)),
                },
            )
            return version_entity(self, session, row, model_row, project_row.name)

    def edit(
        self,
        actor: Actor,
        ref: str,
        *,
        description: str | None = None,
        tags: dict[str, str] | None = None,
        project: str | None = None,
    ) -> ModelVersion:
        """Change a version's description and/or tags (set a tag to "" to remove it)."""
        with self._access.change(actor, "registry.edit", f"model:{ref}") as session:
            row, model_row, project_name = self.find_version(session, ref, project)
            changes: dict[str, Any] = {}
            if description is not None and description.strip() != row.description:
                changes["description"] = {"from": row.description, "to": description.strip()}
                row.description = description.strip()
            if tags:
                current = json.loads(row.tags)
                for key, value in tags.items():
                    key = key.strip()
                    if not key or len(key) > 60:
                        raise ValidationError(f"A tag name has 1 to 60 characters. Got {key!r}.")
                    if current.get(key, "") != value:
                        changes.setdefault("tags", {})[key] = {
                            "from": current.get(key),
                            "to": value or None,
                        }
                        if value:
                            current[key] = str(value)[:300]
                        else:
                            current.pop(key, None)
                row.tags = json.dumps(current, sort_keys=True)
            if not changes:
                raise ValidationError("Nothing to change.")
            self._audit.append(
                session,
                actor,
                "registry.edit",
                f"model-version:{row.id}",
                {"version": f"{model_row.name}@{row.version}", **changes},
            )
            return version_entity(self, session, row, model_row, project_name)

    def set_stage(
        self, actor: Actor, ref: str, stage: str, *, reason: str = "", project: str | None = None
    ) -> Transition:
        """Move a version to dev, staging or archived. Staging passes the staging gates;
        production is reached only through an approved request."""
        stage = (stage or "").strip().lower()
        if stage == "production":
            raise ValidationError(
                "Production needs a validator's approval.",
                hint="Move the version to staging, then `airlock model "
                "request` it; a validator approves it.",
            )
        if stage not in STAGES:
            raise ValidationError(
                f"The stage must be one of dev, staging, archived. Got {stage!r}."
            )
        self._access.require(actor, "registry.promote", f"model:{ref}")
        version = self.version(actor, ref, project)
        if version.stage == "production":
            raise ValidationError(
                f"{version.ref} is in production.",
                hint="Roll back, or approve another version, to replace it.",
            )
        if version.stage == stage:
            raise ValidationError(f"{version.ref} is already in {stage}.")
        results: list[GateResult] = []
        if stage == "staging":
            model = self.model(actor, version.model, project)
            policy = self.policy_for(actor, version, model)[0]
            results = policy.evaluate("staging", gate_context_of(self, actor, version, model))
            if not all(g.passed for g in results):
                raise GateFailed(
                    f"{version.ref} cannot move to staging — {_failures(results)}.",
                    results,
                    hint="`airlock model gates` shows every gate.",
                )
        with self._access.change(actor, "registry.promote", f"model:{ref}") as session:
            row, model_row, project_name = self.find_version(session, version.ref, project)
            if row.stage != version.stage:
                raise ValidationError(f"{version.ref} changed stage meanwhile; try again.")
            now = format_time(self._clock())
            withdrawn = []
            for pending in session.scalars(
                select(ApprovalRow).where(
                    ApprovalRow.version_id == row.id, ApprovalRow.status == "pending"
                )
            ):
                pending.status, pending.decided = "withdrawn", now
                pending.decided_by, pending.reason = actor.user_id, f"moved to {stage}"
                withdrawn.append(pending.id)
            self.move(session, row, stage, actor, reason or f"moved to {stage}", now)
            self._audit.append(
                session,
                actor,
                "registry.stage",
                f"model-version:{row.id}",
                {
                    "version": f"{model_row.name}@{row.version}",
                    "from": version.stage,
                    "to": stage,
                    "reason": reason,
                    "gates": [g.as_json() for g in results],
                    **({"withdrawn_requests": withdrawn} if withdrawn else {}),
                },
            )
            entity = version_entity(self, session, row, model_row, project_name)
        return Transition(entity, version.stage, stage, tuple(results))
