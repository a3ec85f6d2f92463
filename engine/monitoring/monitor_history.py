"""A monitor's history: its runs over time and the notes people attach to them."""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from engine.audit.bound import SignedIndex, stored_sha256
from engine.audit.record import format_time
from engine.errors import NotFound, ValidationError
from engine.monitoring.monitor_definition import (  # noqa: F401 - re-exported
    LEVELS,
    PERFORMANCE_FIELDS,
    drift_options,
    parse_monitor,
    parse_performance,
    seconds,
)
from engine.monitoring.monitor_entities import Annotation, MonitorPoint
from engine.objects.sealed import SEALER, Shredded
from engine.projects import ProjectService
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import AnnotationRow, MonitorRow, MonitorRunRow

if TYPE_CHECKING:
    from engine.monitoring.monitors import MonitorService


def annotate(
    service: MonitorService,
    actor: Actor,
    name: str,
    day: str,
    text: str,
    *,
    new_baseline: bool = False,
    project: str | None = None,
) -> Annotation:
    try:
        day = datetime.strptime(day.strip(), "%Y-%m-%d").date().isoformat()
    except ValueError as exc:
        raise ValidationError(f"The date is written YYYY-MM-DD. Got {day!r}.") from exc
    if not text.strip():
        raise ValidationError("Say what happened on that day (the annotation's text).")
    with service._access.change(actor, "monitoring.edit", f"monitor:{name}") as session:
        project_row = ProjectService.find(session, project)
        row = service._latest(session, project_row.id, name)
        if row is None:
            raise NotFound(
                f"There is no monitor {name!r}.",
                hint="`airlock monitor list` shows the monitors.",
            )
        note = AnnotationRow(
            id="ann_" + os.urandom(6).hex(),
            project_id=project_row.id,
            monitor_key=row.name_key,
            date=day,
            text=text.strip()[:500],
            new_baseline=new_baseline,
            created=format_time(service._clock()),
            created_by=actor.user_id,
        )
        session.add(note)
        service._audit.append(
            session,
            actor,
            "monitoring.annotate",
            f"monitor:{row.id}",
            {"monitor": row.name, "date": day, "text": note.text, "new_baseline": new_baseline},
        )
        return annotation_entity(note, actor.name)


def annotation_entity(row: AnnotationRow, by: str) -> Annotation:
    return Annotation(
        id=row.id,
        date=row.date,
        text=row.text,
        new_baseline=bool(row.new_baseline),
        created=row.created,
        by=by,
    )


def monitor_annotations(
    service: MonitorService, actor: Actor, name: str, *, project: str | None = None
) -> list[Annotation]:
    with service._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
        project_row = ProjectService.find(session, project)
        names = user_names(session)
        rows = session.scalars(
            select(AnnotationRow)
            .where(
                AnnotationRow.project_id == project_row.id,
                AnnotationRow.monitor_key == name_key(name),
            )
            .order_by(AnnotationRow.date, AnnotationRow.created)
        ).all()
        return [annotation_entity(r, names.get(r.created_by, "")) for r in rows]


def history(
    service: MonitorService, actor: Actor, name: str, *, project: str | None = None
) -> list[MonitorPoint]:
    with service._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
        project_row = ProjectService.find(session, project)
        rows = (
            session.execute(
                select(MonitorRunRow)
                .join(MonitorRow, MonitorRunRow.monitor_id == MonitorRow.id)
                .where(
                    MonitorRow.project_id == project_row.id,
                    MonitorRow.name_key == name_key(name),
                )
                .order_by(MonitorRunRow.time)
            )
            .scalars()
            .all()
        )
        out = []
        signed: dict[str, SignedIndex] = {}
        for row in rows:
            index = signed.get(row.monitor_id) or signed.setdefault(
                row.monitor_id, SignedIndex(session, f"monitor:{row.monitor_id}", "run_id")
            )
            # runs from before entries named them are not compared
            index.check(
                row.id,
                {
                    "level": row.level,
                    "current": row.current,
                    "drift_share": round(row.drift_share, 4),
                    "stored_sha256": stored_sha256(row.report),
                },
                f"Monitor run {row.id} of {name}",
                required=False,
            )
            body = SEALER.open(session, actor, row.report, f"monitor_runs/{row.id}/report")
            if isinstance(body, Shredded):  # the checked data was erased or purged
                body = {"shredded": True}
            span = body.get("period") or [row.time[:10], row.time[:10]]
            dated = body.get("period_from", "time_column") == "time_column"
            out.append(
                MonitorPoint(
                    id=row.id,
                    time=row.time,
                    current=row.current,
                    level=row.level,
                    drift_share=row.drift_share,
                    drift_level=body.get("level", row.level),
                    label=span[0][:7] if dated else row.current,
                    period=(span[0], span[1]),
                    reference=body.get("reference", ""),
                    baseline=body.get("baseline", ""),
                    anomalies=tuple(body.get("anomalies", [])),
                    performance=body.get("performance"),
                    columns={
                        c["column"]: (c.get("statistic"), bool(c.get("drifted")))
                        for c in body.get("columns", [])
                    },
                )
            )
        out.sort(key=lambda r: (r.period[0], r.time))
        return out
