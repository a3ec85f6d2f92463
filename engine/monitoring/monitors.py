"""Monitors and alerts. A monitor compares the newest version of a dataset (monthly
batches, scored rows kept with `airlock score --keep`) with a reference, turns the share of
drifted columns into a level (ok, warning, alert), and raises an alert only when the level
held for `hysteresis` consecutive runs and no alert of that level was raised within the
`cooldown`. An alert is stored, shown, acknowledged (audited) and acted on: a JSON file in a
folder a SIEM collects, a mail through the configured local SMTP relay, a retraining
pipeline started.

    name = "credit-inputs"
    reference = "credit_applications@1"
    current = "credit_monthly"        # its newest version is checked, once per content
    every = "1d"                      # `airlock pipeline watch` runs it when due

    [levels]
    warning = 0.2                     # share of drifted columns
    alert = 0.5
    hysteresis = 1                    # consecutive runs at a level before it raises
    cooldown = "7d"

    [drift]                           # any drift option: p_value, distance, correction, …
    correction = "bh"

    [actions]
    alert_folder = "/var/log/airlock-alerts"
    mail = ["model-risk@example.org"]
    pipeline = "monthly-retrain"      # on level alert
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select

from engine.audit.log import AuditLog
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
from engine.monitoring.monitor_entities import Alert, Annotation, Monitor, MonitorPoint, MonitorRun
from engine.monitoring.monitor_history import annotate, history, monitor_annotations
from engine.monitoring.monitor_runs import run_due, run_monitor
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import AlertRow, MonitorRow, MonitorRunRow

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.monitoring.service import MonitoringService
    from engine.settings import SettingsService


class StartedRun(Protocol):
    @property
    def ref(self) -> str: ...

    @property
    def status(self) -> str: ...


class PipelineStarter(Protocol):
    """Runs a pipeline when an alert says so (the pipelines area, above this one;
    engine/workspace/seams.py passes it in)."""

    def run(
        self,
        actor: Actor,
        name: str,
        *,
        project: str | None = None,
        unattended: bool = False,
        alert: str | None = None,
    ) -> StartedRun: ...


class MonitorService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        data: DataService,
        monitoring: MonitoringService,
        pipelines: PipelineStarter,
        settings: SettingsService,
        clock: Callable[[], datetime],
    ) -> None:
        self._access = access
        self._audit = audit
        self._data = data
        self._monitoring = monitoring
        self._pipelines = pipelines
        self._settings = settings
        self._clock = clock

    # -- definitions -----------------------------------------------------------------------
    def add(
        self, actor: Actor, source: Path | dict[str, Any], *, project: str | None = None
    ) -> Monitor:
        # the role first: a refusal is audited whatever the definition holds
        self._access.require(actor, "monitoring.edit", "monitors")
        if isinstance(source, Path):
            if not source.is_file():
                raise ValidationError(f"There is no monitor file {source}.")
            try:
                body = tomllib.loads(source.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ValidationError(f"{source.name} is not valid TOML: {exc}") from exc
            definition = parse_monitor(body, source.name)
        else:
            definition = parse_monitor(source)
        self._data.version(actor, definition["reference"], project)  # both must exist
        self._data.version(actor, definition["current"], project)
        with self._access.change(
            actor, "monitoring.edit", f"monitor:{definition['name']}"
        ) as session:
            project_row = ProjectService.find(session, project)
            latest = self._latest(session, project_row.id, definition["name"])
            text = json.dumps(definition, sort_keys=True)
            if latest is not None and latest.definition == text:
                return monitor_entity(latest)
            row = MonitorRow(
                id="mon_" + os.urandom(6).hex(),
                project_id=project_row.id,
                name=definition["name"],
                name_key=name_key(definition["name"]),
                version=(latest.version if latest else 0) + 1,
                definition=text,
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "monitoring.monitor",
                f"monitor:{row.id}",
                {
                    "monitor": f"{row.name} v{row.version}",
                    "reference": definition["reference"],
                    "current": definition["current"],
                    "levels": definition["levels"],
                    "actions": sorted(definition["actions"]),
                },
            )
            return monitor_entity(row)

    def monitors(self, actor: Actor, project: str | None = None) -> list[Monitor]:
        with self._access.reading(actor, "monitoring.read", "monitors") as session:
            project_row = ProjectService.find(session, project)
            rows = session.scalars(
                select(MonitorRow)
                .where(MonitorRow.project_id == project_row.id)
                .order_by(MonitorRow.name_key, MonitorRow.version)
            ).all()
            newest = {r.name_key: r for r in rows}
            out = []
            for row in newest.values():
                last = session.scalars(
                    select(MonitorRunRow)
                    .join(MonitorRow, MonitorRunRow.monitor_id == MonitorRow.id)
                    .where(
                        MonitorRow.name_key == row.name_key, MonitorRow.project_id == project_row.id
                    )
                    .order_by(MonitorRunRow.time.desc())
                ).first()
                out.append(monitor_entity(row, last))
            return out

    @staticmethod
    def _latest(session: Any, project_id: str, name: str) -> MonitorRow | None:
        return session.scalars(
            select(MonitorRow)
            .where(MonitorRow.project_id == project_id, MonitorRow.name_key == name_key(name))
            .order_by(MonitorRow.version.desc())
        ).first()

    # -- running ---------------------------------------------------------------------------
    def run(
        self,
        actor: Actor,
        name: str,
        *,
        project: str | None = None,
        force: bool = False,
        current: str | None = None,
    ) -> MonitorRun | None:
        """Evaluate a monitor on its current dataset's newest version — or on `current`,
        a version of it (to go back over past batches) — and return None when that content
        was already checked, unless `force`."""
        return run_monitor(self, actor, name, project=project, force=force, current=current)

    def run_due(
        self, actor: Actor, project: str | None = None, errors: list[str] | None = None
    ) -> list[MonitorRun]:
        """Every monitor with a schedule that is due (the pipeline watcher calls this). A
        monitor that cannot run (its data gone, say) does not stop the others: its message
        goes to `errors`."""
        return run_due(self, actor, project, errors)

    # -- alerts ----------------------------------------------------------------------------
    def alerts(
        self, actor: Actor, *, status: str | None = None, project: str | None = None
    ) -> list[Alert]:
        with self._access.reading(actor, "monitoring.read", "alerts") as session:
            project_row = ProjectService.find(session, project)
            query = (
                select(AlertRow, MonitorRow)
                .join(MonitorRow, AlertRow.monitor_id == MonitorRow.id)
                .where(MonitorRow.project_id == project_row.id)
            )
            if status:
                query = query.where(AlertRow.status == status)
            names = user_names(session)
            return [
                Alert(
                    a.id,
                    m.name,
                    a.level,
                    a.message,
                    a.status,
                    a.created,
                    tuple(json.loads(a.actions)),
                    names.get(a.acknowledged_by or "", ""),
                    a.note,
                )
                for a, m in session.execute(query.order_by(AlertRow.created.desc()))
            ]

    def acknowledge(self, actor: Actor, alert_id: str, note: str = "") -> Alert:
        with self._access.change(actor, "monitoring.ack", f"alert:{alert_id}") as session:
            row = session.get(AlertRow, alert_id)
            if row is None:
                raise NotFound(
                    f"There is no alert {alert_id!r}.", hint="`airlock monitor alerts` lists them."
                )
            if row.status == "acknowledged":
                raise ValidationError(f"Alert {alert_id} is already acknowledged.")
            row.status, row.acknowledged_by = "acknowledged", actor.user_id
            row.acknowledged, row.note = format_time(self._clock()), note.strip()
            self._audit.append(
                session,
                actor,
                "monitoring.ack",
                f"alert:{row.id}",
                {"level": row.level, "note": note.strip()[:300]},
            )
            monitor = session.get(MonitorRow, row.monitor_id)
            return Alert(
                row.id,
                monitor.name if monitor else "",
                row.level,
                row.message,
                row.status,
                row.created,
                tuple(json.loads(row.actions)),
                actor.name,
                row.note,
            )

    # -- annotations and history -----------------------------------------------------------
    def annotate(
        self,
        actor: Actor,
        name: str,
        day: str,
        text: str,
        *,
        new_baseline: bool = False,
        project: str | None = None,
    ) -> Annotation:
        """Record a dated event on a monitor (shown on its trend plots); `new_baseline`
        makes the first batch from that day the reference."""
        return annotate(self, actor, name, day, text, new_baseline=new_baseline, project=project)

    def annotations(
        self, actor: Actor, name: str, *, project: str | None = None
    ) -> list[Annotation]:
        return monitor_annotations(self, actor, name, project=project)

    def history(self, actor: Actor, name: str, *, project: str | None = None) -> list[MonitorPoint]:
        """Every run of the monitor (all its definition versions), oldest batch first: the
        level, drift share, per-column drift and anomalies — what the trend plots draw."""
        return history(self, actor, name, project=project)


def monitor_entity(row: MonitorRow, last: MonitorRunRow | None = None) -> Monitor:
    definition = json.loads(row.definition)
    return Monitor(
        name=row.name,
        reference=definition["reference"],
        current=definition["current"],
        version=row.version,
        definition=definition,
        last_level=last.level if last else None,
        last_run=last.time if last else None,
        last_current=last.current if last else None,
    )
