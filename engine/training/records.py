"""How a run is recorded: one row and one audit entry in one transaction, the fitted model and
artifacts stored as encrypted objects first; runs logged from outside (metrics and
parameters only) and runs derived from another (fairness mitigation) take the same path."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, func, select

from engine.audit.record import format_time
from engine.errors import ValidationError
from engine.jobs import CancelToken
from engine.projects import DEFAULT_PROJECT, ProjectService
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import (
    EnvironmentRow,
    ExperimentRow,
    RunRow,
)
from engine.training import environment
from engine.training.entities import (
    Run,
    _finite,
    _json,
    record_digest,
)
from engine.training.lookups import run_entity

RUN_COLUMNS = [c.key for c in RunRow.__table__.columns]
INSERT_RUN = cast(Table, RunRow.__table__).insert()
MAX_RUN_NUMBER = select(func.max(RunRow.number)).where(
    RunRow.experiment_id == bindparam("experiment")
)

if TYPE_CHECKING:
    from engine.training.service import TrainingService


def log_run(
    service: TrainingService,
    actor: Actor,
    experiment: str,
    params: dict[str, Any],
    metrics: dict[str, float],
    *,
    project: str | None = None,
    model: str = "",
    notes: list[str] | None = None,
) -> Run:
    for name, value in metrics.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(f"Metric {name!r} must be a number. Got {value!r}.")
    now = format_time(service._clock())
    return record_run(
        service,
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


def record_derived(
    service: TrainingService,
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
    version = service._data.version(actor, base.dataset, base.project)
    return record_run(
        service,
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


def check_experiment_name(name: str) -> None:
    from engine.data.datasets import check_dataset_name

    check_dataset_name(name, "experiment")


def record_run(
    service: TrainingService,
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
    dumped: tuple[bytes, list[str]] | None = None,
    files: dict[str, tuple[str, bytes]] | None = None,
    source: str = "",
) -> Run:
    """`dumped`: the model already saved (skops bytes and types); `files`: figures and files
    a run from code logged (name -> (kind, bytes)), each an encrypted object that the
    artifacts list by name; `source`: "python" for a run from code (in the audit entry)."""
    check_experiment_name(experiment)
    env = environment.fingerprint()
    writers = []
    with contextlib.ExitStack() as stack:  # a writer not installed is removed on exit
        model_types: list[str] = []
        if fitted is not None and dumped is None:
            from engine.training.modelio import dumps

            dumped = dumps(fitted)
        if dumped is not None:
            data, model_types = dumped
            out = stack.enter_context(service._objects.writer(actor, "model", cancel=cancel))
            out.write(data)
            writers.append(("model", out, out.finish()))
        listed: dict[str, Any] = {}
        for name, (kind, body) in (files or {}).items():
            out = stack.enter_context(service._objects.writer(actor, "runfile", cancel=cancel))
            out.write(body)
            finished = out.finish()
            writers.append((f"file:{name}", out, finished))
            listed[name] = {"kind": kind, "object": finished.object_id, "size": len(body)}
        if listed:
            artifacts = {**(artifacts or {}), "files": listed}
        if artifacts:
            out = stack.enter_context(service._objects.writer(actor, "runartifacts", cancel=cancel))
            out.write(_json(_finite(artifacts)).encode("utf-8"))
            writers.append(("artifacts", out, out.finish()))
        with service._access.change(actor, "training.run", f"experiment:{experiment}") as session:
            wanted = name_key(project or DEFAULT_PROJECT)
            if wanted not in service._projects:  # projects are never renamed or removed
                found = ProjectService.find(session, project)
                service._projects[wanted] = (found.id, found.name)
            project_id, project_name = service._projects[wanted]
            key = (project_id, name_key(experiment))
            row_experiment = (
                service._experiments.get(key)
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
                    created=format_time(service._clock()),
                    created_by=actor.user_id,
                )
                session.add(row_experiment)
                session.flush()
            if (
                env["hash"] not in service._environments
                and session.get(EnvironmentRow, env["hash"]) is None
            ):
                session.add(EnvironmentRow(hash=env["hash"], body=_json(env)))
            objects: dict[str, str] = {}
            for name, writer, finished in writers:
                if finished.object_id in objects.values():  # two files with the same bytes
                    finished.tmp.unlink(missing_ok=True)
                else:
                    objects[name] = service._objects.install(
                        session, actor, finished, audit=False
                    ).id
                writer.installed()
            number = (
                session.execute(MAX_RUN_NUMBER, {"experiment": row_experiment.id}).scalar() or 0
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
                finished=format_time(service._clock()),
                seconds=float(seconds),
                created_by=actor.user_id,
                error=error,
            )
            # a plain INSERT: the unit-of-work flush of one ORM object cost more than
            # the rest of a logged run (bench/tracking_bench.py)
            session.execute(INSERT_RUN, [{c: getattr(row, c) for c in RUN_COLUMNS}])
            headline = metrics.get("test") or metrics.get("cv_mean") or metrics.get("values") or {}
            primary = metrics.get("primary")
            # The entry holds what identifies the run and a digest of everything it
            # reports (parameters and every metric), so a changed run row is detectable.
            service._audit.append(
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
                    **({"source": source} if source else {}),
                    **({"files": sorted(listed)} if listed else {}),
                },
            )
            experiment_row = row_experiment
        # remembered only once committed (a rolled-back insert must not be cached)
        service._experiments[key] = experiment_row
        service._environments.add(env["hash"])
    refs = service._data.version_refs(actor, [version_id]) if version_id else {}
    return run_entity(row, experiment_row, project_name, refs)
