"""Pipeline triggers, as airlock pipeline watch checks them: files arriving in the workspace
inbox/ and schedules; runs a dead process left running are marked interrupted."""

from __future__ import annotations

import fnmatch
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from engine.audit.record import parse_time
from engine.errors import ValidationError
from engine.pipelines.definition import (
    every_seconds,
)
from engine.pipelines.entities import Pipeline, file_sha256
from engine.pipelines.records import (
    finish_record,
    seen_before,
)
from engine.security.actor import Actor

# a file in the inbox must be this old (still being copied otherwise)
SETTLE_SECONDS = 2.0

if TYPE_CHECKING:
    from engine.pipelines.service import PipelineService


def due(
    service: PipelineService,
    actor: Actor,
    project: str | None = None,
    *,
    settle_seconds: float = SETTLE_SECONDS,
) -> list[tuple[Pipeline, dict[str, Any]]]:
    work: list[tuple[Pipeline, dict[str, Any]]] = []
    now = service._clock()
    for pipeline in service.pipelines(actor, project):
        trigger = pipeline.definition.get("trigger", {})
        if trigger.get("inbox") and service.inbox.is_dir():
            for path in sorted(service.inbox.iterdir()):
                if (
                    not path.is_file()
                    or path.name.startswith(".")
                    or not fnmatch.fnmatch(path.name, trigger["inbox"])
                ):
                    continue
                if time.time() - path.stat().st_mtime < settle_seconds:
                    continue  # still being copied
                plain = file_sha256(path)
                if (
                    seen_before(
                        service, actor, pipeline, service._fingerprint(actor, plain), legacy=plain
                    )
                    is None
                ):
                    work.append((pipeline, {"file": path}))
        if trigger.get("every"):
            last = [
                r
                for r in service.runs(actor, pipeline.name, project)
                if r.trigger.get("kind") == "schedule"
            ]
            try:  # (stored before durations were bounded: skipped, not a crash)
                interval = timedelta(seconds=every_seconds(trigger["every"]))
            except ValidationError:
                continue
            if not last or parse_time(last[-1].started) + interval <= now:
                version = service._data.version(actor, trigger["dataset"], project)
                if seen_before(service, actor, pipeline, version.content_hash) is None:
                    work.append((pipeline, {"schedule": True}))
    return work


def schedule_trigger(
    service: PipelineService, actor: Actor, pipeline: Pipeline, project: str | None
) -> dict[str, Any]:
    dataset = pipeline.definition["trigger"]["dataset"]
    version = service._data.version(actor, dataset, project)
    return {
        "kind": "schedule",
        "every": pipeline.definition["trigger"]["every"],
        "dataset": version.ref,
        "sha256": version.content_hash,
        "unattended": True,
        "service_account": actor.service,
    }


def recover_interrupted(service: PipelineService, actor: Actor, project: str | None) -> None:
    """Runs left 'running' by a process that died are marked interrupted (audited)."""
    for run in service.runs(actor, None, project):
        if run.status != "running":
            continue
        pipeline = service.pipeline(actor, run.pipeline, project)
        state = [dict(s) for s in run.steps]
        for step in state:
            if step["status"] in ("running", "pending"):
                step["status"] = "not finished"
        finish_record(
            service,
            actor,
            pipeline,
            run.id,
            state,
            "interrupted",
            "the process running it stopped",
        )
