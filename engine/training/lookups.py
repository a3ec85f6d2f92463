"""Finding runs: by id or EXPERIMENT#NUMBER, and the Run entity from its rows."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.errors import NotFound
from engine.projects import ProjectService
from engine.security.identity import name_key
from engine.store.schema import (
    ExperimentRow,
    ProjectRow,
    RunRow,
)
from engine.training.entities import (
    DEFAULT_EXPERIMENT,
    Run,
)

if TYPE_CHECKING:
    from engine.training.service import TrainingService


def find_run(
    service: TrainingService, session: Any, ref: str, project: str | None
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


def run_entity(row: RunRow, experiment: ExperimentRow, project: str, refs: dict[str, str]) -> Run:
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
