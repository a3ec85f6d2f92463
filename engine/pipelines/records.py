"""Pipeline run records: a run is started, saved after every step and finished (audited) as it
goes; an input is identified by its content hash so the same data never trains twice."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from engine.audit.record import format_time
from engine.errors import Cancelled, ValidationError
from engine.pipelines.entities import Pipeline, PipelineRun
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import PipelineRow, PipelineRunRow, UserRow

if TYPE_CHECKING:
    from engine.pipelines.service import PipelineService


def seen_before(
    service: PipelineService,
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
    with service._access.reading(actor, "pipeline.read", "pipeline-runs") as session:
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


def identify_input(
    service: PipelineService, actor: Actor, ctx: dict[str, Any], version: Any
) -> None:
    """A file run takes the imported version's content hash as its input identity, the
    one a run started by hand or by an alert on that version has: the same data is then
    seen as the same, whichever way it came."""
    seen = (
        None
        if ctx["force"]
        else seen_before(
            service,
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
    with service._access.change(actor, "pipeline.run", f"pipeline-run:{ctx['run_id']}") as session:
        row = session.get(PipelineRunRow, ctx["run_id"])
        if row is not None:
            row.input_sha256 = version.content_hash


def start_record(
    service: PipelineService,
    actor: Actor,
    pipeline: Pipeline,
    trigger: dict[str, Any],
    state: list[dict[str, Any]],
) -> str:
    with service._access.change(actor, "pipeline.run", f"pipeline:{pipeline.id}") as session:
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
            started=format_time(service._clock()),
            finished="",
            actor=actor.user_id,
            error="",
        )
        session.add(row)
        return row.id


def save_record(
    service: PipelineService, actor: Actor, run_id: str, state: list[dict[str, Any]]
) -> None:
    with service._access.change(actor, "pipeline.run", f"pipeline-run:{run_id}") as session:
        row = session.get(PipelineRunRow, run_id)
        if row is not None:
            row.steps = json.dumps(state, default=str)


def finish_record(
    service: PipelineService,
    actor: Actor,
    pipeline: Pipeline,
    run_id: str,
    state: list[dict[str, Any]],
    status: str,
    error: str,
    raise_cancel: bool = False,
) -> PipelineRun:
    with service._access.change(actor, "pipeline.run", f"pipeline-run:{run_id}") as session:
        row = session.get(PipelineRunRow, run_id)
        assert row is not None
        row.status, row.error = status, error
        row.steps, row.finished = json.dumps(state, default=str), format_time(service._clock())
        outputs = {k: v for s in state for k, v in s["outputs"].items()}
        service._audit.append(
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
        result = run_entity(row, pipeline_row, names)
    if raise_cancel:
        raise Cancelled(
            f"Pipeline run {result.ref} was cancelled; it is recorded with the steps it finished."
        )
    return result


def latest_row(session: Any, project_id: str, name: str) -> PipelineRow | None:
    return session.scalars(
        select(PipelineRow)
        .where(
            PipelineRow.project_id == project_id,
            PipelineRow.name_key == name_key((name or "").strip()),
        )
        .order_by(PipelineRow.version.desc())
    ).first()


def pipeline_entity(session: Any, row: PipelineRow, project: str) -> Pipeline:
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


def run_entity(row: PipelineRunRow, pipeline: PipelineRow, names: dict[str, str]) -> PipelineRun:
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
