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

import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from engine.audit.log import AuditLog
from engine.audit.record import format_time, parse_time
from engine.errors import AirlockError, Cancelled, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report, sub_progress
from engine.pipelines.definition import (
    definition_hash,
    describe_trigger,
    every_seconds,
    load_definition,
    parse_definition,
    spec_of,
)
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import PipelineRow, PipelineRunRow, UserRow

SETTLE_SECONDS = 2.0  # a file in the inbox must be this old (still being copied otherwise)

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.registry.service import RegistryService
    from engine.training.service import TrainingService


@dataclass(frozen=True)
class Pipeline:
    id: str
    name: str
    project: str
    version: int
    definition: dict[str, Any]
    sha256: str
    created: str
    created_by: str

    @property
    def trigger(self) -> str:
        return describe_trigger(self.definition.get("trigger", {}))


@dataclass(frozen=True)
class PipelineRun:
    id: str
    pipeline: str
    pipeline_version: int
    number: int
    status: str  # running succeeded failed cancelled interrupted
    trigger: dict[str, Any]
    steps: tuple[dict[str, Any], ...]
    started: str
    finished: str
    actor: str
    error: str
    input_sha256: str

    @property
    def ref(self) -> str:
        return f"{self.pipeline}#{self.number}"


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
            latest = self._latest(session, project_row.id, name)
            if latest is not None and latest.definition_sha256 == digest:
                return self._entity(session, latest, project_row.name)
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
            return self._entity(session, row, project_row.name)

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
            return [self._entity(session, r, project_row.name) for r in rows]

    def pipeline(self, actor: Actor, name: str, project: str | None = None) -> Pipeline:
        with self._access.reading(actor, "pipeline.read", f"pipeline:{name}") as session:
            project_row = ProjectService.find(session, project)
            row = self._latest(session, project_row.id, name)
            if row is None:
                raise NotFound(
                    f"There is no pipeline {name!r} in {project_row.name}.",
                    hint="`airlock pipeline add FILE.toml` stores one.",
                )
            return self._entity(session, row, project_row.name)

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
            return [self._run_entity(r, p, names) for r, p in rows]

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
            plain = _sha256(path)
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
            seen = self._seen(
                actor, pipeline, str(started["sha256"]), ("succeeded", "running"), legacy=plain
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

    def _seen(
        self,
        actor: Actor,
        pipeline: Pipeline,
        sha: str,
        statuses: tuple[str, ...] | None = None,
        legacy: str = "",
        exclude: str = "",
    ) -> str | None:
        """The run that already processed input `sha` (a keyed fingerprint; `legacy`: the
        plain SHA-256 runs recorded before inputs were keyed), other than run `exclude`."""
        shas = (sha, legacy) if legacy else (sha,)
        with self._access.reading(actor, "pipeline.read", "pipeline-runs") as session:
            # a file run is identified by the imported version's content hash once it
            # imported; its trigger keeps the file's fingerprint
            query = select(PipelineRunRow).where(
                PipelineRunRow.pipeline_id == pipeline.id,
                or_(
                    PipelineRunRow.input_sha256.in_(shas),
                    *(PipelineRunRow.trigger.contains(f'"{s}"') for s in shas),
                ),
            )
            if statuses:
                query = query.where(PipelineRunRow.status.in_(statuses))
            if exclude:
                query = query.where(PipelineRunRow.id != exclude)
            row = session.scalars(query.order_by(PipelineRunRow.number)).first()
            return f"#{row.number} ({row.status})" if row else None

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
        run_id = self._start(actor, pipeline, trigger, state)
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
            self._save(actor, run_id, state)
            began = time.perf_counter()
            part = sub_progress(progress, index / len(steps), (index + 1) / len(steps))
            report(part, 0.0, f"step {index + 1} of {len(steps)}: {step['kind']}")
            try:
                check(cancel)
                self._step(actor, step, ctx, entry, part, cancel)
            except Cancelled:
                entry["status"] = "cancelled"
                return self._finish(
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
                return self._finish(
                    actor,
                    pipeline,
                    run_id,
                    state,
                    "failed",
                    f"step {index + 1} ({step['kind']}) failed: {exc.message}",
                )
            except Exception as exc:  # a bug: recorded, then reported as one
                entry.update(status="failed", error=f"internal error: {exc!r}")
                self._finish(
                    actor,
                    pipeline,
                    run_id,
                    state,
                    "failed",
                    f"step {index + 1} ({step['kind']}) hit an internal error",
                )
                raise
            entry.update(status="done", seconds=time.perf_counter() - began)
            self._save(actor, run_id, state)
        report(progress, 1.0, "done")
        return self._finish(actor, pipeline, run_id, state, "succeeded", "")

    def _step(
        self,
        actor: Actor,
        step: dict[str, Any],
        ctx: dict[str, Any],
        entry: dict[str, Any],
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> None:
        kind, project, log, out = step["kind"], ctx["project"], entry["log"], entry["outputs"]
        if kind == "import":
            stored = self._data.import_file(
                actor,
                ctx["file"],
                step["dataset"],
                project=project,
                progress=progress,
                cancel=cancel,
            )
            ctx["dataset"] = out["dataset"] = stored.version.ref
            log.append(
                f"imported {step['file']} as {stored.version.ref}"
                + (" (the same content was already this version)" if stored.existing else "")
                + f": {stored.version.rows:,} rows"
            )
            self._identify(actor, ctx, stored.version)
        elif kind == "validate":
            target = step.get("dataset") or ctx["dataset"]
            result = self._data.contracts.validate(
                actor, step["contract"], dataset_ref=target, project=project, cancel=cancel
            )
            log.append(
                f"{target} against {result.contract}: {'passed' if result.passed else 'failed'}"
            )
            if not result.passed:
                rules = "; ".join(f"{r.rule} ({r.failures} rows)" for r in result.results[:5])
                raise ValidationError(f"{target} does not pass {result.contract}: {rules}.")
            ctx["dataset"] = target
        elif kind == "prepare":
            stored = self._data.prepare(
                actor,
                ctx["dataset"],
                step["recipe"],
                name=step.get("name"),
                project=project,
                progress=progress,
                cancel=cancel,
            )
            ctx["dataset"] = out["dataset"] = stored.version.ref
            log.append(f"prepared {stored.version.ref} with recipe {step['recipe']['name']}")
        elif kind == "train":
            spec = spec_of(step, ctx["dataset"]).check()
            run = self._training.train(
                actor, spec, project=project, progress=progress, cancel=cancel
            )
            ctx["run"] = out["run"] = run.ref
            headline = run.headline()
            log.append(
                f"trained {run.ref} ({run.model} on {run.dataset}): {run.primary} "
                f"{headline.get(run.primary)}"
            )
        elif kind == "evaluate":
            report_ = self._registry.tests.on_run(
                actor, ctx["run"], step["suite"], dataset=ctx["dataset"], project=project
            )
            for result in report_.checks:
                log.append(
                    f"[{'pass' if result.passed else 'FAIL'}] {result.name} — {result.detail}"
                )
            ctx["tests"][name_key(report_.suite)] = {
                "passed": report_.passed,
                "failures": report_.failures,
                "id": "this pipeline run",
            }
            ctx["suites"].append(step["suite"])
            out["suite"] = report_.suite
            if not report_.passed:
                raise ValidationError(f"Suite {report_.suite}: {report_.failures} checks failed.")
        elif kind == "gate":
            stage = step.get("stage", "staging")
            try:
                gates = self._registry.gates.check_candidate(
                    actor, step["model"], ctx["run"], stage, tests=ctx["tests"], project=project
                )
            except NotFound:
                log.append(f"{step['model']} is not registered yet: no gates apply")
                return
            for gate in gates:
                log.append(f"[{'pass' if gate.passed else 'FAIL'}] {gate.gate} — {gate.detail}")
            failing = [g for g in gates if not g.passed]
            if failing:
                raise ValidationError(
                    f"{len(failing)} {stage} gates of {step['model']} fail: "
                    + "; ".join(f"{g.gate}: {g.detail}" for g in failing)
                )
        elif kind == "register":
            version = self._registry.versions.register(
                actor,
                ctx["run"],
                step["model"],
                description=step.get("description", ""),
                project=project,
            )
            ctx["version"] = out["version"] = version.ref
            log.append(f"registered {ctx['run']} as {version.ref}")
            for suite in ctx["suites"]:  # keep the reports with the version (tests gates)
                stored = self._registry.tests.run(
                    actor, version.ref, suite, dataset=ctx["dataset"], project=project
                )
                log.append(
                    f"stored suite {stored.suite} on {version.ref}: "
                    f"{'passed' if stored.passed else 'failed'}"
                )
        elif kind == "promote":
            moved = self._registry.versions.set_stage(
                actor, ctx["version"], "staging", reason="pipeline", project=project
            )
            log.append(f"{moved.version.ref}: {moved.from_stage} → staging")
        elif kind == "request":
            approval = self._registry.approvals.request(
                actor, ctx["version"], note=step.get("note", ""), project=project
            )
            out["approval"] = approval.id
            log.append(f"requested production for {approval.version}")

    # -- run records -----------------------------------------------------------------------
    def _identify(self, actor: Actor, ctx: dict[str, Any], version: Any) -> None:
        """A file run takes the imported version's content hash as its input identity, the
        one a run started by hand or by an alert on that version has: the same data is then
        seen as the same, whichever way it came."""
        seen = (
            None
            if ctx["force"]
            else self._seen(
                actor,
                ctx["pipeline"],
                version.content_hash,
                ("succeeded", "running"),
                exclude=ctx["run_id"],
            )
        )
        if seen:
            raise ValidationError(
                f"Run {seen} of {ctx['pipeline'].name} already processed "
                f"this data ({version.ref}); the same data does not train "
                "twice.",
                hint="Pass --force to run it again anyway.",
            )
        with self._access.change(actor, "pipeline.run", f"pipeline-run:{ctx['run_id']}") as session:
            row = session.get(PipelineRunRow, ctx["run_id"])
            if row is not None:
                row.input_sha256 = version.content_hash

    def _start(
        self, actor: Actor, pipeline: Pipeline, trigger: dict[str, Any], state: list[dict[str, Any]]
    ) -> str:
        with self._access.change(actor, "pipeline.run", f"pipeline:{pipeline.id}") as session:
            number = (
                session.scalar(
                    select(func.max(PipelineRunRow.number))
                    .join(PipelineRow, PipelineRunRow.pipeline_id == PipelineRow.id)
                    .where(PipelineRow.name_key == name_key(pipeline.name))
                )
                or 0
            ) + 1
            row = PipelineRunRow(
                id="plr_" + os.urandom(6).hex(),
                pipeline_id=pipeline.id,
                number=number,
                trigger=json.dumps(trigger, sort_keys=True),
                input_sha256=trigger.get("sha256", ""),
                status="running",
                steps=json.dumps(state),
                started=format_time(self._clock()),
                finished="",
                actor=actor.user_id,
                error="",
            )
            session.add(row)
            return row.id

    def _save(self, actor: Actor, run_id: str, state: list[dict[str, Any]]) -> None:
        with self._access.change(actor, "pipeline.run", f"pipeline-run:{run_id}") as session:
            row = session.get(PipelineRunRow, run_id)
            if row is not None:
                row.steps = json.dumps(state, default=str)

    def _finish(
        self,
        actor: Actor,
        pipeline: Pipeline,
        run_id: str,
        state: list[dict[str, Any]],
        status: str,
        error: str,
        raise_cancel: bool = False,
    ) -> PipelineRun:
        with self._access.change(actor, "pipeline.run", f"pipeline-run:{run_id}") as session:
            row = session.get(PipelineRunRow, run_id)
            assert row is not None
            row.status, row.error = status, error
            row.steps, row.finished = json.dumps(state, default=str), format_time(self._clock())
            outputs = {k: v for s in state for k, v in s["outputs"].items()}
            self._audit.append(
                session,
                actor,
                "pipeline.run",
                f"pipeline-run:{row.id}",
                {
                    "run": f"{pipeline.name}#{row.number}",
                    "pipeline_version": pipeline.version,
                    "definition_sha256": pipeline.sha256,
                    "status": status,
                    "trigger": json.loads(row.trigger),
                    "steps": [f"{s['kind']}:{s['status']}" for s in state],
                    "outputs": outputs,
                    **({"error": error[:300]} if error else {}),
                },
            )
            names = {actor.user_id: actor.name}
            pipeline_row = session.get(PipelineRow, row.pipeline_id)
            assert pipeline_row is not None
            result = self._run_entity(row, pipeline_row, names)
        if raise_cancel:
            raise Cancelled(
                f"Pipeline run {result.ref} was cancelled; it is recorded with "
                "the steps it finished."
            )
        return result

    # -- triggers --------------------------------------------------------------------------
    def due(
        self, actor: Actor, project: str | None = None, *, settle_seconds: float = SETTLE_SECONDS
    ) -> list[tuple[Pipeline, dict[str, Any]]]:
        """What would run now: (pipeline, {"file": path} or {"schedule": True})."""
        work: list[tuple[Pipeline, dict[str, Any]]] = []
        now = self._clock()
        for pipeline in self.pipelines(actor, project):
            trigger = pipeline.definition.get("trigger", {})
            if trigger.get("inbox") and self.inbox.is_dir():
                for path in sorted(self.inbox.iterdir()):
                    if (
                        not path.is_file()
                        or path.name.startswith(".")
                        or not fnmatch.fnmatch(path.name, trigger["inbox"])
                    ):
                        continue
                    if time.time() - path.stat().st_mtime < settle_seconds:
                        continue  # still being copied
                    plain = _sha256(path)
                    if (
                        self._seen(actor, pipeline, self._fingerprint(actor, plain), legacy=plain)
                        is None
                    ):
                        work.append((pipeline, {"file": path}))
            if trigger.get("every"):
                last = [
                    r
                    for r in self.runs(actor, pipeline.name, project)
                    if r.trigger.get("kind") == "schedule"
                ]
                try:  # (stored before durations were bounded: skipped, not a crash)
                    interval = timedelta(seconds=every_seconds(trigger["every"]))
                except ValidationError:
                    continue
                if not last or parse_time(last[-1].started) + interval <= now:
                    version = self._data.version(actor, trigger["dataset"], project)
                    if self._seen(actor, pipeline, version.content_hash) is None:
                        work.append((pipeline, {"schedule": True}))
        return work

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
        self._recover_interrupted(actor, project)
        done = []
        for pipeline, why in self.due(actor, project, settle_seconds=settle_seconds):
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
                        self._schedule_trigger(actor, pipeline, project),
                        None,
                        progress,
                        cancel,
                    )
                )
        return done

    def _schedule_trigger(
        self, actor: Actor, pipeline: Pipeline, project: str | None
    ) -> dict[str, Any]:
        dataset = pipeline.definition["trigger"]["dataset"]
        version = self._data.version(actor, dataset, project)
        return {
            "kind": "schedule",
            "every": pipeline.definition["trigger"]["every"],
            "dataset": version.ref,
            "sha256": version.content_hash,
            "unattended": True,
            "service_account": actor.service,
        }

    def _recover_interrupted(self, actor: Actor, project: str | None) -> None:
        """Runs left 'running' by a process that died are marked interrupted (audited)."""
        for run in self.runs(actor, None, project):
            if run.status != "running":
                continue
            pipeline = self.pipeline(actor, run.pipeline, project)
            state = [dict(s) for s in run.steps]
            for step in state:
                if step["status"] in ("running", "pending"):
                    step["status"] = "not finished"
            self._finish(
                actor, pipeline, run.id, state, "interrupted", "the process running it stopped"
            )

    # -- rows ------------------------------------------------------------------------------
    @staticmethod
    def _latest(session: Any, project_id: str, name: str) -> PipelineRow | None:
        return session.scalars(
            select(PipelineRow)
            .where(
                PipelineRow.project_id == project_id,
                PipelineRow.name_key == name_key((name or "").strip()),
            )
            .order_by(PipelineRow.version.desc())
        ).first()

    @staticmethod
    def _entity(session: Any, row: PipelineRow, project: str) -> Pipeline:
        user = session.get(UserRow, row.created_by)
        return Pipeline(
            row.id,
            row.name,
            project,
            row.version,
            json.loads(row.definition),
            row.definition_sha256,
            row.created,
            user.name if user else "",
        )

    @staticmethod
    def _run_entity(
        row: PipelineRunRow, pipeline: PipelineRow, names: dict[str, str]
    ) -> PipelineRun:
        return PipelineRun(
            row.id,
            pipeline.name,
            pipeline.version,
            row.number,
            row.status,
            json.loads(row.trigger),
            tuple(json.loads(row.steps)),
            row.started,
            row.finished,
            names.get(row.actor, row.actor),
            row.error,
            row.input_sha256,
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
