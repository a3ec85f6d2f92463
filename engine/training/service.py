"""Experiments and runs: train (validate, search, fit, evaluate, explain), record each run
once when it ends — finished, cancelled or failed — with its model (skops, encrypted),
curves, environment and hashes, in one audited transaction; list, show, compare, re-run.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import AirlockError, Cancelled, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.store import ObjectStore
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import (
    EnvironmentRow,
    ExperimentRow,
    RunRow,
)
from engine.training.analysis import compare, explain_row, rerun, suggest
from engine.training.entities import (
    DEFAULT_EXPERIMENT,
    Comparison,
    Experiment,
    Rerun,
    Run,
    Suggestion,
    _json,
    record_digest,
)
from engine.training.lookups import find_run, run_entity
from engine.training.records import check_experiment_name, log_run, record_derived, record_run
from engine.training.spec import RunSpec

if TYPE_CHECKING:
    from engine.data.datasets import DatasetVersion
    from engine.data.service import DataService
    from engine.settings import SettingsService
    from engine.training.explain import RowExplanation
    from engine.training.tracked import CodeRun, Split


__all__ = [
    "DEFAULT_EXPERIMENT",
    "Comparison",
    "Experiment",
    "FitCheck",
    "Rerun",
    "Run",
    "TrainingService",
    "record_digest",
]


class FitCheck(Protocol):
    """A check that must pass before a model is fitted on a dataset version, given the
    version's column tags (governance's DPIA requirement; engine/workspace/seams.py adds it)."""

    def before_fit(
        self, actor: Actor, version: DatasetVersion, tags: dict[str, list[str]]
    ) -> None: ...


class TrainingService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        data: DataService,
        settings: SettingsService,
        clock: Callable[[], datetime],
    ) -> None:
        self._access = access
        self._audit = audit
        self._objects = objects
        self._data = data
        self._settings = settings
        self.fit_checks: list[FitCheck] = []
        self._clock = clock
        # Rows that never change once written, remembered to spare a query per run:
        # (project_id, experiment name key) -> experiment row id; stored environment hashes.
        self._experiments: dict[tuple[str, str], ExperimentRow] = {}
        self._projects: dict[str, tuple[str, str]] = {}  # name key -> (id, name)
        self._environments: set[str] = set()

    # -- reading ---------------------------------------------------------------------------
    def experiments(self, actor: Actor, project: str | None = None) -> list[Experiment]:
        with self._access.reading(actor, "training.read", "experiments") as session:
            project_row = ProjectService.find(session, project)
            counts = dict(
                session.execute(
                    select(RunRow.experiment_id, func.count(RunRow.id)).group_by(
                        RunRow.experiment_id
                    )
                ).all()
            )
            return [
                Experiment(r.id, r.name, project_row.name, int(counts.get(r.id, 0)), r.created)
                for r in session.scalars(
                    select(ExperimentRow)
                    .where(ExperimentRow.project_id == project_row.id)
                    .order_by(ExperimentRow.name_key)
                )
            ]

    def runs(
        self, actor: Actor, project: str | None = None, experiment: str | None = None
    ) -> list[Run]:
        with self._access.reading(actor, "training.read", "runs") as session:
            project_row = ProjectService.find(session, project)
            query = (
                select(RunRow, ExperimentRow)
                .join(ExperimentRow, RunRow.experiment_id == ExperimentRow.id)
                .where(ExperimentRow.project_id == project_row.id)
            )
            if experiment is not None:
                query = query.where(ExperimentRow.name_key == name_key(experiment))
            rows = session.execute(query.order_by(ExperimentRow.name_key, RunRow.number)).all()
            project_name = project_row.name
        refs = self._data.version_refs(actor, [r.dataset_version_id for r, _ in rows])
        return [run_entity(r, e, project_name, refs) for r, e in rows]

    def run(self, actor: Actor, ref: str, project: str | None = None) -> Run:
        """A run by id (`run_…`) or by `EXPERIMENT#NUMBER`."""
        with self._access.reading(actor, "training.read", f"run:{ref}") as session:
            row, experiment, owner = find_run(self, session, ref, project)
        refs = self._data.version_refs(actor, [row.dataset_version_id])
        return run_entity(row, experiment, owner, refs)

    def environment(self, actor: Actor, run: Run) -> dict[str, Any]:
        with self._access.reading(actor, "training.read", f"run:{run.id}") as session:
            row = session.get(EnvironmentRow, run.environment_hash)
            return json.loads(row.body) if row else {}

    def artifacts(self, actor: Actor, run: Run) -> dict[str, Any]:
        """Curves, importance, dependence, learning curve, search results (decrypted)."""
        self._access.require(actor, "training.read", f"run:{run.id}")
        if run.artifacts_object_id is None:
            return {}
        return json.loads(self._objects.get_bytes(actor, run.artifacts_object_id))

    def load_model(self, actor: Actor, run: Run) -> Any:
        """The fitted pipeline, read through skops with only its recorded, allowed types."""
        from engine.training.modelio import loads

        self._access.require(actor, "training.read", f"run:{run.id}")
        if run.model_object_id is None:
            raise NotFound(f"Run {run.ref} has no model ({run.status}).")
        return loads(
            self._objects.get_bytes(actor, run.model_object_id),
            list(run.model_types),
            f"The model of run {run.ref}",
            self.trusted_code(actor),
        )

    def trusted_code(self, actor: Actor) -> tuple[str, ...]:
        """The modules whose classes a model may hold, as the signed log last set the
        trusted_code setting (an edit of the settings table changes nothing)."""
        from engine.settings import logged_setting, trusted_code

        with self._access.reading(actor, "training.read", "settings") as session:
            return trusted_code(logged_setting(session, "trusted_code"))

    def compare(self, actor: Actor, refs: list[str], project: str | None = None) -> Comparison:
        return compare(self, actor, refs, project)

    # -- tracking (any code may log a run) -------------------------------------------------
    def log_run(
        self,
        actor: Actor,
        experiment: str,
        params: dict[str, Any],
        metrics: dict[str, float],
        *,
        project: str | None = None,
        model: str = "",
        notes: list[str] | None = None,
    ) -> Run:
        """Record a finished run with the given parameters and metrics (one transaction,
        one audit entry)."""
        return log_run(
            self, actor, experiment, params, metrics, project=project, model=model, notes=notes
        )

    # -- runs from Python code (the airlock package) --------------------------------------
    def split(self, actor: Actor, dataset: str, target: str, **options: Any) -> Split:
        """The train and test rows a catalog run on `dataset` and `target` would use, for
        a run from code (audited as an export of the rows into a Python session). Options:
        project, features, exclude, test_size, seed, task, positive, experiment."""
        from engine.training.tracked import declared_split

        return declared_split(self, actor, dataset, target, **options)

    def record_code_run(self, actor: Actor, code: CodeRun) -> Run:
        """Record a run from code when it ends (one transaction, one audit entry); its
        model is checked and evaluated (engine/training/tracked.py)."""
        from engine.training.tracked import record

        return record(self, actor, code)

    # -- training --------------------------------------------------------------------------
    def scheduler(self, actor: Actor) -> str | None:
        address = (
            os.environ.get("AIRLOCK_DASK_SCHEDULER")
            or self._settings.all(actor).get("dask_scheduler")
            or ""
        )
        return address.strip() or None

    def train(
        self,
        actor: Actor,
        spec: RunSpec,
        *,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        rerun_of: str | None = None,
    ) -> Run:
        """Run `spec` to the end and record it. A cancel records the run as cancelled (no
        model) and raises Cancelled; a bad spec or bad data raises before anything is
        recorded."""
        spec.check()
        self._access.require(actor, "training.run", f"experiment:{spec.experiment}")
        check_experiment_name(spec.experiment)
        started, clock_start = format_time(self._clock()), time.perf_counter()
        report(progress, 0.01, "reading the data")
        version = self._data.version(actor, spec.dataset, project)
        spec.dataset = version.ref
        tags = self._tags(actor, version)
        for fit_check in self.fit_checks:
            fit_check.before_fit(actor, version, tags)
        frame = self._data.read_table(actor, version).to_pandas()
        check(cancel)
        from engine.training.prepare import prepare

        prepared = prepare(frame, spec, list(version.schema), tags)
        recipe_hash = hashlib.sha256(_json(spec.recipe).encode()).hexdigest() if spec.recipe else ""
        common: dict[str, Any] = dict(
            spec=spec.as_json(),
            task=prepared.task,
            target=spec.target,
            model=spec.model,
            version_id=version.id,
            dataset_hash=version.content_hash,
            recipe_hash=recipe_hash,
            started=started,
        )
        try:
            from engine.training.fit import fit

            result = fit(spec, prepared, self.scheduler(actor), progress, cancel)
        except Cancelled:
            record_run(
                self,
                actor,
                version.project,
                spec.experiment,
                status="cancelled",
                params=spec.params,
                metrics={},
                notes=prepared.notes,
                seconds=time.perf_counter() - clock_start,
                rerun_of=rerun_of,
                **common,
            )
            raise
        except AirlockError:
            raise
        except Exception as exc:  # a model failing on these data: recorded, then reported
            record_run(
                self,
                actor,
                version.project,
                spec.experiment,
                status="failed",
                params=spec.params,
                metrics={},
                notes=prepared.notes,
                seconds=time.perf_counter() - clock_start,
                rerun_of=rerun_of,
                error=f"{type(exc).__name__}: {exc}",
                **common,
            )
            raise ValidationError(
                f"Training {spec.model} on {version.ref} failed: {exc}",
                hint="The run is recorded as failed; try other hyperparameters or another model.",
            ) from exc
        report(progress, 0.97, "saving the model")
        return record_run(
            self,
            actor,
            version.project,
            spec.experiment,
            status="finished",
            params=result["params"],
            metrics=result["metrics"],
            notes=prepared.notes + result["notes"],
            seconds=time.perf_counter() - clock_start,
            rerun_of=rerun_of,
            model=spec.model,
            fitted=result["model"],
            artifacts=result["artifacts"],
            cancel=cancel,
            **{k: v for k, v in common.items() if k != "model"},
        )

    def suggest(
        self, actor: Actor, dataset_ref: str, target: str, project: str | None = None
    ) -> Suggestion:
        """What a run on this target would use by default: the task, the features (and why
        others are left out), the classes. For forms, before the user starts a run."""
        return suggest(self, actor, dataset_ref, target, project)

    def rerun(
        self,
        actor: Actor,
        ref: str,
        project: str | None = None,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Rerun:
        return rerun(self, actor, ref, project, progress=progress, cancel=cancel)

    def explain_row(
        self, actor: Actor, ref: str, row: int, project: str | None = None
    ) -> RowExplanation:
        """Explain the prediction for row `row` (counted from 1) of the run's dataset."""
        return explain_row(self, actor, ref, row, project)

    def prepared(
        self, actor: Actor, run: Run, features: list[str] | None = None
    ) -> tuple[Any, Any, dict[str, list[str]]]:
        """A trained run's data as it was trained on (features, target, final test rows),
        the dataset's rows it kept (every column, aligned with the features), and the
        dataset's column tags. `features`: the fitted model's own (a column tagged after
        training — `sex`, say — would otherwise drop out of the features chosen today)."""
        import dataclasses

        from engine.training.prepare import prepare

        if not run.dataset or not run.spec:
            raise ValidationError(f"Run {run.ref} was logged, not trained on a dataset.")
        spec = RunSpec.from_json(run.spec)
        if features:
            spec = dataclasses.replace(spec, features=list(features))
        version = self._data.version(actor, run.dataset, run.project)
        frame = self._data.read_table(actor, version).to_pandas()
        tags = self._tags(actor, version)
        prepared = prepare(frame, spec, list(version.schema), tags)
        kept = frame[frame[spec.target].notna()].reset_index(drop=True)
        return prepared, kept, tags

    def record_derived(
        self,
        actor: Actor,
        base: Run,
        *,
        model: str,
        fitted: Any,
        params: dict[str, Any],
        metrics: dict[str, Any],
        notes: list[str],
        started: str,
        seconds: float,
    ) -> Run:
        """Record a run derived from `base` — same data, target and task, another model
        (a fairness-mitigated one); audited as a training run like any other."""
        return record_derived(
            self,
            actor,
            base,
            model=model,
            fitted=fitted,
            params=params,
            metrics=metrics,
            notes=notes,
            started=started,
            seconds=seconds,
        )

    def _tags(self, actor: Actor, version: Any) -> dict[str, list[str]]:
        for dataset in self._data.datasets(actor, version.project):
            if dataset.name == version.dataset:
                return dict(dataset.column_tags)
        return {}
