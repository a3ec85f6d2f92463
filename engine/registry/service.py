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
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.audit.bound import SignedIndex, stored_sha256
from engine.audit.record import format_time
from engine.errors import AlreadyExists, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.sealed import SEALER, Shredded
from engine.projects import ProjectService
from engine.registry.approvals import ApprovalsMixin
from engine.registry.base import manifest_text, test_fields
from engine.registry.deploy import DeploymentMixin
from engine.registry.entities import (
    MANIFEST_FORMAT,
    STAGES,
    GateFailed,
    ModelVersion,
    RegisteredModel,
    Transition,
    _failures,
    check_model_name,
    sha256_text,
)
from engine.registry.gates import GateResult, Policy
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import (
    ApprovalRow,
    ModelTestRow,
    ModelVersionRow,
    RegisteredModelRow,
    UserRow,
)

__all__ = ["GateFailed", "RegistryService", "sha256_text"]


class RegistryService(ApprovalsMixin, DeploymentMixin):
    def _from_run(self, actor: Actor, run_ref: str, project: str | None
                  ) -> tuple[Any, Any, dict[str, Any], Any]:
        """A finished run, its fitted model, the model's input signature (from the run's
        training data) and that dataset version."""
        from engine.registry.signature import build_signature

        run = self._training.run(actor, run_ref, project)
        if run.status != "finished" or run.model_object_id is None:
            raise ValidationError(f"Run {run.ref} has no model to register ({run.status}).",
                                  hint="Register a finished run made by `airlock train`.")
        if not run.dataset:
            raise ValidationError(f"Run {run.ref} was logged without a dataset; only trained "
                                  "runs can be registered.")
        fitted = self._training.load_model(actor, run)
        features = [str(n) for n in getattr(fitted, "feature_names_in_", [])]
        version = self._data.version(actor, run.dataset, project)
        present = {c["name"] for c in version.schema}
        frame = self._data.read_table(actor, version, columns=[
            c for c in features if c in present]).to_pandas()
        signature = build_signature(fitted, frame, run.task,
                                    list(run.metrics.get("classes") or []))
        if run.task == "binary":
            signature["output"]["positive"] = run.metrics.get("positive")
        return run, fitted, signature, version

    def test_run(self, actor: Actor, run_ref: str, suite: dict[str, Any], *,
                 dataset: str | None = None, project: str | None = None) -> Any:
        """Run a test suite on a run's model before it is registered (nothing stored; a
        pipeline's evaluate step)."""
        from engine.registry.testsuite import parse_suite

        body = parse_suite(suite)
        self._access.require(actor, "registry.test", f"run:{run_ref}")
        run, fitted, signature, version = self._from_run(actor, run_ref, project)
        explicit = dataset or body.get("dataset")
        held = None if explicit else self._held_out(actor, run)
        return self.run_suite(actor, fitted, signature, run.ref, body, explicit or version.ref,
                              run.target, project, held=held)

    def held_out(self, actor: Actor, run_ref: str, project: str | None = None
                 ) -> tuple[Any, str]:
        """The final test rows of a run (a data frame, every column) and what they are."""
        return self._held_out(actor, self._training.run(actor, run_ref, project))

    def _held_out(self, actor: Actor, run: Any) -> tuple[Any, str]:
        """The rows a suite scores when none are named: the final test rows the run kept
        apart from fitting (a model scored on its own training rows looks better than it
        is — a forest passed "roc_auc 0.978" against a held-out 0.764); without such rows,
        the training rows, labelled in-sample."""
        prepared, kept, _tags = self._training.prepared(actor, run)
        test = int(prepared.test.sum())
        if test:
            return (kept[prepared.test].reset_index(drop=True),
                    f"the {test:,} test rows {run.ref} kept apart from training")
        return (kept, f"IN-SAMPLE: the {len(kept):,} rows {run.ref} was trained on (it kept "
                      "no test rows), so the figures are optimistic")

    def register(self, actor: Actor, run_ref: str, name: str, *, description: str = "",
                 project: str | None = None) -> ModelVersion:
        """Register a finished run's model as the next version of `name` (created on first
        use), in stage dev."""
        clean = check_model_name(name)
        self._access.require(actor, "registry.register", f"model:{clean}")
        run, _fitted, signature, version = self._from_run(actor, run_ref, project)
        env = self._training.environment(actor, run)
        model_sha256 = self._objects.sha256(actor, run.model_object_id)
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
                # the plain hash (bundles are checked with it elsewhere) and this
                # workspace's keyed object name
                "model_sha256": model_sha256, "model_object": run.model_object_id,
                "model_types": list(run.model_types),
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
                "model_object": run.model_object_id,
                "manifest_sha256": sha256_text(manifest_text(session, row))})
            return self._version_entity(session, row, model_row, project_row.name)

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

    def gates(self, actor: Actor, ref: str, stage: str,
              project: str | None = None) -> list[GateResult]:
        """The model's gates for `stage`, evaluated on the version as it is now."""
        version = self.version(actor, ref, project)
        model = self.model(actor, version.model, project)
        policy = self.policy_for(actor, version, model)[0]
        return policy.evaluate(stage, self._context(actor, version, model))

    def candidate_gates(self, actor: Actor, name: str, run_ref: str, stage: str, *,
                        tests: dict[str, dict[str, Any]] | None = None,
                        project: str | None = None) -> list[GateResult]:
        """The gates `stage` of model `name` would apply to a run not registered yet (a
        pipeline checks them before it registers anything). `tests` holds suite reports
        made on the run's model, by suite name."""
        model = self.model(actor, name, project)
        run = self._training.run(actor, run_ref, project)
        version = self._data.version(actor, run.dataset, project)
        known = tests or {}
        context = self._gate_context(
            actor, model, 0, run.task, run.headline(), version.id, version.ref,
            model.project, lambda suite: known.get(name_key(suite)))
        return model.policy.evaluate(stage, context)

    def run_suite(self, actor: Actor, fitted: Any, signature: dict[str, Any], label: str,
                  suite: dict[str, Any], dataset: str, target: str,
                  project: str | None = None, held: tuple[Any, str] | None = None) -> Any:
        """Run a suite on a fitted model (no record): the evaluation data is `dataset`, or
        `held` (rows of it and what they are: _held_out)."""
        import dataclasses

        from engine.registry.testsuite import run_suite

        data_version = self._data.version(actor, dataset, project)
        frame = held[0] if held is not None else \
            self._data.read_table(actor, data_version).to_pandas()
        with self._access.reading(actor, "project.read", "project") as session:
            project_row = ProjectService.find(session, project)
            criteria = {c["metric"]: (c["operator"], c["value"])
                        for c in json.loads(project_row.success_criteria)}
        result = run_suite(suite, fitted, signature, label, frame, data_version.ref, target,
                           criteria)
        return dataclasses.replace(result, rows_used=held[1] if held is not None else
                                   f"every row of {data_version.ref}")

    def test(self, actor: Actor, ref: str, suite: dict[str, Any] | Path, *,
             dataset: str | None = None, project: str | None = None,
             progress: Progress | None = None, cancel: CancelToken | None = None) -> Any:
        """Run a test suite on a version and store the report (audited). The data: the
        `dataset` given, else the suite's, else the version's training dataset version."""
        from engine.registry.testsuite import load_suite, parse_suite, suite_hash

        body = load_suite(suite) if isinstance(suite, Path) else parse_suite(suite)
        self._access.require(actor, "registry.test", f"model:{ref}")
        report(progress, 0.05, "loading the model")
        version, fitted = self.load(actor, ref, project)
        explicit = dataset or body.get("dataset")
        data_ref = explicit or version.lineage.get("dataset_ref")
        run_ref = version.lineage.get("run_ref")
        if not data_ref or not (explicit or run_ref) or ("imported" in version.manifest
                                                         and not explicit):
            raise ValidationError(f"Name the dataset version to test {version.ref} on.",
                                  hint="--dataset NAME@V, or `dataset = …` in the suite.")
        check(cancel)
        report(progress, 0.2, "running the checks")
        held = None if explicit or not run_ref else self._held_out(
            actor, self._training.run(actor, run_ref, project))
        result = self.run_suite(actor, fitted, version.signature, version.ref, body, data_ref,
                                version.manifest["target"], project, held=held)
        check(cancel)
        data_version = self._data.version(actor, result.dataset, project)
        with self._access.change(actor, "registry.test", f"model-version:{version.id}") \
                as session:
            row = ModelTestRow(
                id="mt_" + os.urandom(6).hex(), version_id=version.id,
                suite_name=body["name"], suite_sha256=suite_hash(body),
                suite="", dataset_version_id=data_version.id, report="",
                passed=result.passed, failures=result.failures,
                created=format_time(self._clock()), created_by=actor.user_id)
            # golden records, slice values and the failing examples are data: sealed under
            # the tested version's data key, shredded with it (objects/sealed.py)
            sources = [data_version.object_id]
            row.suite = SEALER.seal(session, actor, body, f"model_tests/{row.id}/suite",
                                    sources)
            row.report = SEALER.seal(session, actor, result.as_json(),
                                     f"model_tests/{row.id}/report", sources)
            session.add(row)
            self._audit.append(session, actor, "registry.test", f"model-version:{version.id}",
                               {"version": version.ref, "suite": body["name"],
                                "suite_sha256": row.suite_sha256, "data": result.dataset,
                                "rows_used": result.rows_used,
                                "passed": result.passed, "failures": result.failures,
                                "report_id": row.id,
                                "stored_sha256": stored_sha256(row.report)})
        report(progress, 1.0, "done")
        return result

    def tests(self, actor: Actor, ref: str, project: str | None = None) -> list[dict[str, Any]]:
        """Stored test reports of a version, newest first."""
        version = self.version(actor, ref, project)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            rows = session.scalars(select(ModelTestRow).where(
                ModelTestRow.version_id == version.id)
                .order_by(ModelTestRow.created.desc())).all()
            names = user_names(session)
            signed = SignedIndex(session, f"model-version:{version.id}", "report_id")
            for r in rows:
                signed.check(r.id, test_fields(r), f"Test report {r.id} of {version.ref}")
            return [{"id": r.id, "suite": r.suite_name, "passed": r.passed,
                     "failures": r.failures, "created": r.created,
                     "by": names.get(r.created_by, r.created_by),
                     "report": _opened(SEALER.open(session, actor, r.report,
                                                   f"model_tests/{r.id}/report"))}
                    for r in rows]

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
            policy = self.policy_for(actor, version, model)[0]
            results = policy.evaluate("staging", self._context(actor, version, model))
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


def _opened(report: Any) -> dict[str, Any]:
    """A stored test report, or what is left of it once the tested data was shredded."""
    if isinstance(report, Shredded):
        return {"shredded": True, "dataset": "(data shredded)", "checks": []}
    return report
