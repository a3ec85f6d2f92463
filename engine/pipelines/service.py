"""Pipelines: stored definitions (versioned, audited), runs that record every step's
status, log and outputs as they go, and the triggers `airlock pipeline watch` checks — files
arriving in the workspace inbox/ and schedules.

Each step calls the engine's own services as the acting user, so every permission check,
audit entry and all-or-nothing write of those services holds inside a pipeline too. The
gate and evaluate steps run before anything is registered, so a failing check leaves no
registration behind. The same data never trains twice: a run remembers the SHA-256 of its
input (the arriving file, or the content hash of the dataset version a schedule used), and
a pipeline version does not run again on an input it has seen.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import AirlockError, Cancelled, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report, sub_progress
from engine.pipelines.definition import (
    definition_hash,
    describe_trigger,
    load_definition,
    parse_definition,
)
from engine.pipelines.entities import Pipeline, PipelineRun, file_sha256
from engine.pipelines.records import (
    finish_record,
    latest_row,
    pipeline_entity,
    run_entity,
    save_record,
    seen_before,
    start_record,
)
from engine.pipelines.steps import run_step
from engine.pipelines.triggers import SETTLE_SECONDS, due, recover_interrupted, schedule_trigger
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import PipelineRow, PipelineRunRow

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.registry.service import RegistryService
    from engine.training.service import TrainingService


class PipelineService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        data: DataService,
        training: TrainingService,
        registry: RegistryService,
        inbox: Path,
        clock: Callable[[], datetime],
    ) -> None:
        self._access = access
        self._audit = audit
        self._data = data
        self._training = training
        self._registry = registry
        self.inbox = inbox
        self._clock = clock

    # -- definitions -----------------------------------------------------------------------
    def add(
        self, actor: Actor, source: Path | dict[str, Any], *, project: str | None = None
    ) -> Pipeline:
        """Store a definition as the next version of its pipeline (unchanged: the current
        version is returned and nothing is written)."""
        # the role first: a refusal is audited whatever the definition holds
        self._access.require(actor, "pipeline.edit", "pipelines")
        definition = (
            load_definition(source)
            if isinstance(source, Path)
            else parse_definition(source, Path.cwd(), "the pipeline")
        )
        digest = definition_hash(definition)
        name = definition["name"]
        with self._access.change(actor, "pipeline.edit", f"pipeline:{name}") as session:
            project_row = ProjectService.find(session, project)
            latest = latest_row(session, project_row.id, name)
            if latest is not None and latest.definition_sha256 == digest:
                return pipeline_entity(session, latest, project_row.name)
            row = PipelineRow(
                id="pl_" + os.urandom(6).hex(),
                project_id=project_row.id,
                name=name,
                name_key=name_key(name),
                version=(latest.version if latest else 0) + 1,
                definition=json.dumps(definition, sort_keys=True),
                definition_sha256=digest,
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "pipeline.add",
                f"pipeline:{row.id}",
                {
                    "pipeline": f"{name} v{row.version}",
                    "definition_sha256": digest,
                    "steps": [s["kind"] for s in definition["step"]],
                    "trigger": describe_trigger(definition["trigger"]),
                },
            )
            return pipeline_entity(session, row, project_row.name)

    def pipelines(self, actor: Actor, project: str | None = None) -> list[Pipeline]:
        """The current version of every pipeline of the project."""
        with self._access.reading(actor, "pipeline.read", "pipelines") as session:
            project_row = ProjectService.find(session, project)
            newest = (
                select(PipelineRow.name_key, func.max(PipelineRow.version).label("v"))
                .where(PipelineRow.project_id == project_row.id)
                .group_by(PipelineRow.name_key)
                .subquery()
            )
            rows = session.scalars(
                select(PipelineRow)
                .join(
                    newest,
                    (PipelineRow.name_key == newest.c.name_key)
                    & (PipelineRow.version == newest.c.v),
                )
                .where(PipelineRow.project_id == project_row.id)
                .order_by(PipelineRow.name_key)
            ).all()
            return [pipeline_entity(session, r, project_row.name) for r in rows]

    def pipeline(self, actor: Actor, name: str, project: str | None = None) -> Pipeline:
        with self._access.reading(actor, "pipeline.read", f"pipeline:{name}") as session:
            project_row = ProjectService.find(session, project)
            row = latest_row(session, project_row.id, name)
            if row is None:
                raise NotFound(
                    f"There is no pipeline {name!r} in {project_row.name}.",
                    hint="`airlock pipeline add FILE.toml` stores one.",
                )
            return pipeline_entity(session, row, project_row.name)

    def runs(
        self, actor: Actor, name: str | None = None, project: str | None = None
    ) -> list[PipelineRun]:
        """Runs of one pipeline (every version), or of all, oldest first."""
        with self._access.reading(actor, "pipeline.read", "pipeline-runs") as session:
            project_row = ProjectService.find(session, project)
            query = (
                select(PipelineRunRow, PipelineRow)
                .join(PipelineRow, PipelineRunRow.pipeline_id == PipelineRow.id)
                .where(PipelineRow.project_id == project_row.id)
            )
            if name:
                query = query.where(PipelineRow.name_key == name_key(name))
            rows = session.execute(query.order_by(PipelineRunRow.started)).all()
            names = user_names(session)
            return [run_entity(r, p, names) for r, p in rows]

    # -- running ---------------------------------------------------------------------------
    def run(
        self,
        actor: Actor,
        name: str,
        *,
        file: str | Path | None = None,
        force: bool = False,
        project: str | None = None,
        unattended: bool = False,
        alert: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> PipelineRun:
        """Run the current version of a pipeline now: on `file` (imported as the trigger's
        dataset), else on the trigger dataset's newest version (`alert`: the monitor alert
        that started it). An input this pipeline already processed is refused unless
        `force`: every run is identified by the content hash of the dataset version it
        worked on, however it was started, so an alert on a batch the inbox run already
        trained on does not train it again."""
        self._access.require(actor, "pipeline.run", f"pipeline:{name}")
        pipeline = self.pipeline(actor, name, project)
        trigger = pipeline.definition.get("trigger", {})
        plain = ""  # a file's plain SHA-256: runs recorded before inputs were keyed name it
        if file is not None:
            path = Path(file)
            if not path.is_file():
                raise ValidationError(f"There is no file {path}.")
            if not trigger.get("dataset"):
                raise ValidationError(
                    f"Pipeline {pipeline.name} has no trigger dataset to import a file into.",
                    hint="Add `dataset = NAME` under [trigger].",
                )
            plain = file_sha256(path)
            started: dict[str, Any] = {
                "kind": "inbox" if unattended else "file",
                "service_account": actor.service,
                "file": path.name,
                # keyed: the log must not confirm a known file
                "sha256": self._fingerprint(actor, plain),
                "unattended": unattended,
            }
        else:
            started = {
                "kind": "alert" if alert else "manual",
                "unattended": unattended,
                "service_account": actor.service,
                **({"alert": alert} if alert else {}),
            }
            if trigger.get("dataset"):
                version = self._data.version(actor, trigger["dataset"], project)
                started.update(dataset=version.ref, sha256=version.content_hash)
        if not force and started.get("sha256"):
            seen = seen_before(
                self,
                actor,
                pipeline,
                str(started["sha256"]),
                ("succeeded", "running"),
                legacy=plain,
            )
            if seen:
                raise ValidationError(
                    f"Run {seen} of {pipeline.name} already processed this "
                    "input; the same data does not train twice.",
                    hint="Pass --force to run it again anyway.",
                )
        if force:
            started["forced"] = True
        return self._execute(actor, pipeline, started, file, progress, cancel)

    def _fingerprint(self, actor: Actor, plain: str) -> str:
        """A watched file's hash as runs record it: keyed, so the log cannot confirm a
        known file (objects/store.py)."""
        return str(self._data.store.objects.fingerprint(actor, plain))

    def _execute(
        self,
        actor: Actor,
        pipeline: Pipeline,
        trigger: dict[str, Any],
        file: str | Path | None,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> PipelineRun:
        steps = list(pipeline.definition["step"])
        if file is not None:
            steps.insert(
                0,
                {
                    "kind": "import",
                    "file": Path(file).name,
                    "dataset": pipeline.definition["trigger"]["dataset"],
                },
            )
        state = [{"kind": s["kind"], "status": "pending", "log": [], "outputs": {}} for s in steps]
        run_id = start_record(self, actor, pipeline, trigger, state)
        ctx: dict[str, Any] = {
            "dataset": trigger.get("dataset"),
            "tests": {},
            "suites": [],
            "file": file,
            "project": pipeline.project,
            "run_id": run_id,
            "pipeline": pipeline,
            "force": trigger.get("forced", False),
        }
        for index, step in enumerate(steps):
            entry = state[index]
            entry["status"], entry["started"] = "running", format_time(self._clock())
            save_record(self, actor, run_id, state)
            began = time.perf_counter()
            part = sub_progress(progress, index / len(steps), (index + 1) / len(steps))
            report(part, 0.0, f"step {index + 1} of {len(steps)}: {step['kind']}")
            try:
                check(cancel)
                run_step(self, actor, step, ctx, entry, part, cancel)
            except Cancelled:
                entry["status"] = "cancelled"
                return finish_record(
                    self,
                    actor,
                    pipeline,
                    run_id,
                    state,
                    "cancelled",
                    f"cancelled during step {index + 1} ({step['kind']})",
                    raise_cancel=True,
                )
            except AirlockError as exc:
                entry.update(
                    status="failed",
                    seconds=time.perf_counter() - began,
                    error=exc.message + (f" {exc.hint}" if exc.hint else ""),
                )
                for later in state[index + 1 :]:
                    later["status"] = "not run"
                return finish_record(
                    self,
                    actor,
                    pipeline,
                    run_id,
                    state,
                    "failed",
                    f"step {index + 1} ({step['kind']}) failed: {exc.message}",
                )
            except Exception as exc:  # a bug: recorded, then reported as one
                entry.update(status="failed", error=f"internal error: {exc!r}")
                finish_record(
                    self,
                    actor,
                    pipeline,
                    run_id,
                    state,
                    "failed",
                    f"step {index + 1} ({step['kind']}) hit an internal error",
                )
                raise
            entry.update(status="done", seconds=time.perf_counter() - began)
            save_record(self, actor, run_id, state)
        report(progress, 1.0, "done")
        return finish_record(self, actor, pipeline, run_id, state, "succeeded", "")

    def due(
        self, actor: Actor, project: str | None = None, *, settle_seconds: float = SETTLE_SECONDS
    ) -> list[tuple[Pipeline, dict[str, Any]]]:
        """What would run now: (pipeline, {"file": path} or {"schedule": True})."""
        return due(self, actor, project, settle_seconds=settle_seconds)

    def watch_once(
        self,
        actor: Actor,
        project: str | None = None,
        *,
        settle_seconds: float = SETTLE_SECONDS,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> list[PipelineRun]:
        """Run everything that is due, one after the other; a failing run does not stop
        the others (it is recorded with its reason)."""
        recover_interrupted(self, actor, project)
        done = []
        for pipeline, why in due(self, actor, project, settle_seconds=settle_seconds):
            check(cancel)
            if "file" in why:
                done.append(
                    self.run(
                        actor,
                        pipeline.name,
                        file=why["file"],
                        project=project,
                        unattended=True,
                        progress=progress,
                        cancel=cancel,
                    )
                )
            else:
                done.append(
                    self._execute(
                        actor,
                        pipeline,
                        schedule_trigger(self, actor, pipeline, project),
                        None,
                        progress,
                        cancel,
                    )
                )
        return done
