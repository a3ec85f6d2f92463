"""Experiments and runs: train (validate, search, fit, evaluate, explain), record each run
once when it ends — finished, cancelled or failed — with its model (skops, encrypted),
curves, environment and hashes, in one audited transaction; list, show, compare, re-run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import Table, bindparam, func, select

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import AirlockError, Cancelled, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.store import ObjectStore
from engine.projects import DEFAULT_PROJECT, ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import (
    EnvironmentRow,
    ExperimentRow,
    ProjectRow,
    RunRow,
)
from engine.training import environment
from engine.training.spec import LOWER_IS_BETTER, PRIMARY, RunSpec

if TYPE_CHECKING:
    from engine.data.datasets import DatasetVersion
    from engine.data.service import DataService
    from engine.settings import SettingsService

DEFAULT_EXPERIMENT = "default"


@dataclass(frozen=True)
class Run:
    id: str
    experiment: str
    project: str
    number: int
    status: str
    dataset: str  # NAME@V, or "" for a logged run
    task: str
    target: str
    model: str
    spec: dict[str, Any]
    params: dict[str, Any]
    metrics: dict[str, Any]
    notes: tuple[str, ...]
    model_object_id: str | None
    model_types: tuple[str, ...]
    artifacts_object_id: str | None
    environment_hash: str
    dataset_hash: str
    recipe_hash: str
    rerun_of: str | None
    started: str
    finished: str
    seconds: float
    created_by: str
    error: str

    @property
    def ref(self) -> str:
        return f"{self.experiment}#{self.number}"

    @property
    def primary(self) -> str:
        return str(self.metrics.get("primary") or PRIMARY.get(self.task, ""))

    def headline(self) -> dict[str, float | None]:
        """The metrics to show first: test metrics, else the cross-validated means, else
        what was logged."""
        for key in ("test", "cv_mean", "values"):
            if self.metrics.get(key):
                return dict(self.metrics[key])
        return {}


@dataclass(frozen=True)
class Experiment:
    id: str
    name: str
    project: str
    runs: int
    created: str


@dataclass(frozen=True)
class Comparison:
    runs: tuple[Run, ...]
    params: dict[str, list[Any]]  # every parameter, one value per run
    differing: tuple[str, ...]  # parameters whose values differ
    metrics: dict[str, list[float | None]]  # headline metrics, one value per run
    best: dict[str, int]  # metric -> index of the best run


@dataclass(frozen=True)
class Rerun:
    original: Run
    run: Run
    identical: bool  # every metric equal
    mismatched: tuple[str, ...]  # metrics that differ
    environment: tuple[str, ...]  # what differs between the two environments


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, allow_nan=False)


def _finite(value: Any) -> Any:
    """JSON without NaN or infinities (None instead), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return _finite(value.item())
    return value


def record_digest(row: RunRow) -> str:
    """SHA-256 over the stored JSON of the parameters, metrics, spec, notes and model types
    of a run row, one after the other, each followed by a newline."""
    digest = hashlib.sha256()
    for text in (row.params, row.metrics, row.spec, row.notes, row.model_types):
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


_RUN_COLUMNS = [c.key for c in RunRow.__table__.columns]
_INSERT_RUN = cast(Table, RunRow.__table__).insert()
_MAX_RUN_NUMBER = select(func.max(RunRow.number)).where(
    RunRow.experiment_id == bindparam("experiment")
)


class FitCheck(Protocol):
    """A check that must pass before a model is fitted on a dataset version, given the
    version's column tags (governance's DPIA requirement; engine/workspace.py adds it)."""

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
        return [self._entity(r, e, project_name, refs) for r, e in rows]

    def run(self, actor: Actor, ref: str, project: str | None = None) -> Run:
        """A run by id (`run_…`) or by `EXPERIMENT#NUMBER`."""
        with self._access.reading(actor, "training.read", f"run:{ref}") as session:
            row, experiment, owner = self._find(session, ref, project)
        refs = self._data.version_refs(actor, [row.dataset_version_id])
        return self._entity(row, experiment, owner, refs)

    def _find(
        self, session: Any, ref: str, project: str | None
    ) -> tuple[RunRow, ExperimentRow, str]:
        text = (ref or "").strip()
        project_row = ProjectService.find(session, project)
        found = None
        if text.startswith("run_"):
            found = session.execute(
                select(RunRow, ExperimentRow)
                .join(ExperimentRow, RunRow.experiment_id == ExperimentRow.id)
                .where(RunRow.id == text)
            ).first()
        elif "#" in text:
            name, _, number = text.rpartition("#")
            if number.isdigit():
                found = session.execute(
                    select(RunRow, ExperimentRow)
                    .join(ExperimentRow, RunRow.experiment_id == ExperimentRow.id)
                    .where(
                        ExperimentRow.project_id == project_row.id,
                        ExperimentRow.name_key == name_key(name or DEFAULT_EXPERIMENT),
                        RunRow.number == int(number),
                    )
                ).first()
        if found is None:
            raise NotFound(
                f"There is no run {text!r}.",
                hint="Name a run as EXPERIMENT#NUMBER (e.g. default#3) or by its "
                "id; `airlock runs list` shows them.",
            )
        row, experiment = found
        owner = session.get(ProjectRow, experiment.project_id)
        return row, experiment, owner.name if owner else ""

    @staticmethod
    def _entity(row: RunRow, experiment: ExperimentRow, project: str, refs: dict[str, str]) -> Run:
        return Run(
            id=row.id,
            experiment=experiment.name,
            project=project,
            number=row.number,
            status=row.status,
            dataset=refs.get(row.dataset_version_id or "", ""),
            task=row.task,
            target=row.target,
            model=row.model,
            spec=json.loads(row.spec),
            params=json.loads(row.params),
            metrics=json.loads(row.metrics),
            notes=tuple(json.loads(row.notes)),
            model_object_id=row.model_object_id,
            model_types=tuple(json.loads(row.model_types)),
            artifacts_object_id=row.artifacts_object_id,
            environment_hash=row.environment_hash,
            dataset_hash=row.dataset_hash,
            recipe_hash=row.recipe_hash,
            rerun_of=row.rerun_of,
            started=row.started,
            finished=row.finished,
            seconds=row.seconds,
            created_by=row.created_by,
            error=row.error,
        )

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
        )

    def compare(self, actor: Actor, refs: list[str], project: str | None = None) -> Comparison:
        if len(refs) < 2:
            raise ValidationError("Compare at least two runs.")
        runs = tuple(self.run(actor, r, project) for r in refs)
        names = sorted({k for r in runs for k in r.params} | {"model"})
        params = {n: [r.model if n == "model" else r.params.get(n) for r in runs] for n in names}
        # how each was fitted, beside its hyperparameters (compare hid class weights)
        params["class weights"] = [
            "balanced" if (r.spec or {}).get("balanced") else "—" for r in runs
        ]
        params["search"] = [(r.spec or {}).get("search") or "—" for r in runs]
        differing = tuple(
            n
            for n, values in params.items()
            if len({json.dumps(v, sort_keys=True, default=str) for v in values}) > 1
        )
        metric_names = sorted({k for r in runs for k in r.headline()})
        metrics = {m: [r.headline().get(m) for r in runs] for m in metric_names}
        best = {}
        for metric, values in metrics.items():
            present = [(i, v) for i, v in enumerate(values) if v is not None]
            if present:
                pick = min if metric in LOWER_IS_BETTER else max
                best[metric] = pick(present, key=lambda iv: iv[1])[0]
        return Comparison(runs, params, differing, metrics, best)

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
        for name, value in metrics.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValidationError(f"Metric {name!r} must be a number. Got {value!r}.")
        now = format_time(self._clock())
        return self._record(
            actor,
            project,
            experiment,
            status="finished",
            spec={},
            params=params,
            metrics={"values": metrics},
            notes=notes or [],
            task="",
            target="",
            model=model,
            version_id=None,
            dataset_hash="",
            recipe_hash="",
            started=now,
            seconds=0.0,
        )

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
        self._check_experiment_name(spec.experiment)
        started, clock_start = format_time(self._clock()), time.perf_counter()
        report(progress, 0.01, "reading the data")
        version = self._data.version(actor, spec.dataset, project)
        spec.dataset = version.ref
        tags = self._tags(actor, version)
        for fit_check in self.fit_checks:
            fit_check.before_fit(actor, version, tags)
        frame = self._data.read_table(actor, version).to_pandas()
        check(cancel)
        from engine.training.spec import prepare

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
            self._record(
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
            self._record(
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
        return self._record(
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
    ) -> dict[str, Any]:
        """What a run on this target would use by default: the task, the features (and why
        others are left out), the classes. For forms, before the user starts a run."""
        from engine.data.pii import sensitive_by_name
        from engine.training.spec import prepare

        version = self._data.version(actor, dataset_ref, project)
        frame = self._data.read_table(actor, version).to_pandas()
        tags = self._tags(actor, version)
        prepared = prepare(
            frame, RunSpec(version.ref, target, test_size=0), list(version.schema), tags
        )
        columns = [c for c in frame.columns if c != target]
        return {
            "task": prepared.task,
            "features": prepared.features,
            "columns": columns,
            "notes": prepared.notes,
            "classes": [str(c) for c in prepared.classes],
            "positive": None if prepared.positive is None else str(prepared.positive),
            # columns that look like sensitive attributes nobody has reviewed: the form
            # asks to tag or dismiss them before training on them
            "unreviewed": sensitive_by_name(columns, tags),
            "tags": tags,
        }

    def rerun(
        self,
        actor: Actor,
        ref: str,
        project: str | None = None,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Rerun:
        original = self.run(actor, ref, project)
        if not original.spec:
            raise ValidationError(
                f"Run {original.ref} was logged, not trained; there is nothing to re-run."
            )
        if original.spec.get("derived_from"):
            raise ValidationError(
                f"Run {original.ref} was derived from "
                f"{original.spec['derived_from']} (fairness mitigation).",
                hint="Re-run that run, then mitigate it again with `airlock governance mitigate`.",
            )
        spec = RunSpec.from_json(original.spec)
        run = self.train(
            actor,
            spec,
            project=original.project,
            progress=progress,
            cancel=cancel,
            rerun_of=original.id,
        )
        mismatched = []
        for part in ("cv_mean", "test"):
            before, after = original.metrics.get(part) or {}, run.metrics.get(part) or {}
            for name in sorted(set(before) | set(after)):
                if before.get(name) != after.get(name):
                    mismatched.append(f"{part}.{name}: {before.get(name)} → {after.get(name)}")
        differences = environment.differences(
            self.environment(actor, original), self.environment(actor, run)
        )
        return Rerun(original, run, not mismatched, tuple(mismatched), tuple(differences))

    def explain_row(
        self, actor: Actor, ref: str, row: int, project: str | None = None
    ) -> dict[str, Any]:
        """Explain the prediction for row `row` (counted from 1) of the run's dataset."""
        from engine.training.explain import row as explain_row
        from engine.training.spec import prepare

        run = self.run(actor, ref, project)
        model = self.load_model(actor, run)
        spec = RunSpec.from_json(run.spec)
        version = self._data.version(actor, run.dataset, run.project)
        frame = self._data.read_table(actor, version).to_pandas()
        tags = self._tags(actor, version)
        prepared = prepare(frame, spec, list(version.schema), tags)
        classes = list(run.metrics.get("classes") or prepared.classes)
        return explain_row(model, prepared.X, row - 1, run.task, classes, prepared.positive)

    def prepared(
        self, actor: Actor, run: Run, features: list[str] | None = None
    ) -> tuple[Any, Any, dict[str, list[str]]]:
        """A trained run's data as it was trained on (features, target, final test rows),
        the dataset's rows it kept (every column, aligned with the features), and the
        dataset's column tags. `features`: the fitted model's own (a column tagged after
        training — `sex`, say — would otherwise drop out of the features chosen today)."""
        import dataclasses

        from engine.training.spec import prepare

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
        version = self._data.version(actor, base.dataset, base.project)
        return self._record(
            actor,
            base.project,
            base.experiment,
            status="finished",
            spec={**base.spec, "derived_from": base.ref},
            params=params,
            metrics=metrics,
            notes=notes,
            task=base.task,
            target=base.target,
            model=model,
            version_id=version.id,
            dataset_hash=base.dataset_hash,
            recipe_hash=base.recipe_hash,
            started=started,
            seconds=seconds,
            fitted=fitted,
        )

    def _tags(self, actor: Actor, version: Any) -> dict[str, list[str]]:
        for dataset in self._data.datasets(actor, version.project):
            if dataset.name == version.dataset:
                return dict(dataset.column_tags)
        return {}

    # -- recording -------------------------------------------------------------------------
    @staticmethod
    def _check_experiment_name(name: str) -> None:
        from engine.data.datasets import check_dataset_name

        check_dataset_name(name, "experiment")

    def _record(
        self,
        actor: Actor,
        project: str | None,
        experiment: str,
        *,
        status: str,
        spec: dict[str, Any],
        params: dict[str, Any],
        metrics: dict[str, Any],
        notes: list[str],
        task: str,
        target: str,
        model: str,
        version_id: str | None,
        dataset_hash: str,
        recipe_hash: str,
        started: str,
        seconds: float,
        rerun_of: str | None = None,
        error: str = "",
        fitted: Any = None,
        artifacts: dict[str, Any] | None = None,
        cancel: CancelToken | None = None,
    ) -> Run:
        self._check_experiment_name(experiment)
        env = environment.fingerprint()
        writers = []
        with contextlib.ExitStack() as stack:  # a writer not installed is removed on exit
            model_types: list[str] = []
            if fitted is not None:
                from engine.training.modelio import dumps

                data, model_types = dumps(fitted)
                out = stack.enter_context(self._objects.writer(actor, "model", cancel=cancel))
                out.write(data)
                writers.append(("model", out, out.finish()))
            if artifacts:
                out = stack.enter_context(
                    self._objects.writer(actor, "runartifacts", cancel=cancel)
                )
                out.write(_json(_finite(artifacts)).encode("utf-8"))
                writers.append(("artifacts", out, out.finish()))
            with self._access.change(actor, "training.run", f"experiment:{experiment}") as session:
                wanted = name_key(project or DEFAULT_PROJECT)
                if wanted not in self._projects:  # projects are never renamed or removed
                    found = ProjectService.find(session, project)
                    self._projects[wanted] = (found.id, found.name)
                project_id, project_name = self._projects[wanted]
                key = (project_id, name_key(experiment))
                row_experiment = (
                    self._experiments.get(key)
                    or session.scalars(
                        select(ExperimentRow).where(
                            ExperimentRow.project_id == project_id, ExperimentRow.name_key == key[1]
                        )
                    ).first()
                )
                if row_experiment is None:
                    row_experiment = ExperimentRow(
                        id="exp_" + os.urandom(6).hex(),
                        project_id=project_id,
                        name=experiment.strip(),
                        name_key=name_key(experiment),
                        created=format_time(self._clock()),
                        created_by=actor.user_id,
                    )
                    session.add(row_experiment)
                    session.flush()
                if (
                    env["hash"] not in self._environments
                    and session.get(EnvironmentRow, env["hash"]) is None
                ):
                    session.add(EnvironmentRow(hash=env["hash"], body=_json(env)))
                objects = {}
                for name, writer, finished in writers:
                    objects[name] = self._objects.install(session, actor, finished, audit=False).id
                    writer.installed()
                number = (
                    session.execute(_MAX_RUN_NUMBER, {"experiment": row_experiment.id}).scalar()
                    or 0
                ) + 1
                row = RunRow(
                    id="run_" + os.urandom(6).hex(),
                    experiment_id=row_experiment.id,
                    number=number,
                    status=status,
                    dataset_version_id=version_id,
                    task=task,
                    target=target,
                    model=model,
                    spec=_json(_finite(spec)),
                    params=_json(_finite(params)),
                    metrics=_json(_finite(metrics)),
                    notes=_json(list(notes)),
                    model_object_id=objects.get("model"),
                    model_types=_json(model_types),
                    artifacts_object_id=objects.get("artifacts"),
                    environment_hash=env["hash"],
                    dataset_hash=dataset_hash,
                    recipe_hash=recipe_hash,
                    rerun_of=rerun_of,
                    started=started,
                    finished=format_time(self._clock()),
                    seconds=float(seconds),
                    created_by=actor.user_id,
                    error=error,
                )
                # a plain INSERT: the unit-of-work flush of one ORM object cost more than
                # the rest of a logged run (bench/tracking_bench.py)
                session.execute(_INSERT_RUN, [{c: getattr(row, c) for c in _RUN_COLUMNS}])
                headline = (
                    metrics.get("test") or metrics.get("cv_mean") or metrics.get("values") or {}
                )
                primary = metrics.get("primary")
                # The entry holds what identifies the run and a digest of everything it
                # reports (parameters and every metric), so a changed run row is detectable.
                self._audit.append(
                    session,
                    actor,
                    "training.run",
                    f"run:{row.id}",
                    {
                        "run": f"{row_experiment.name}#{number}",
                        "status": status,
                        "dataset_version": version_id,
                        "dataset_hash": dataset_hash,
                        "model": model,
                        "task": task,
                        "target": target,
                        "model_object": objects.get("model"),
                        "environment": env["hash"],
                        "rerun_of": rerun_of,
                        "record_sha256": record_digest(row),
                        **(
                            {"primary": {primary: _finite(headline.get(primary))}}
                            if primary in headline
                            else {}
                        ),
                        **({"error": error[:300]} if error else {}),
                    },
                )
                experiment_row = row_experiment
            # remembered only once committed (a rolled-back insert must not be cached)
            self._experiments[key] = experiment_row
            self._environments.add(env["hash"])
        refs = self._data.version_refs(actor, [version_id]) if version_id else {}
        return self._entity(row, experiment_row, project_name, refs)
