"""Running a monitor: its current batch against its reference, drift and performance measured,
the level decided, the run recorded and an alert raised (audited, in one transaction); and
every monitor that is due."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from engine.audit.bound import stored_sha256
from engine.audit.record import format_time, parse_time
from engine.errors import AirlockError, NotFound, ValidationError
from engine.monitoring.alert_actions import act_on_alert
from engine.monitoring.monitor_checks import check_performance, choose_reference
from engine.monitoring.monitor_definition import (  # noqa: F401 - re-exported
    LEVELS,
    PERFORMANCE_FIELDS,
    drift_options,
    parse_monitor,
    parse_performance,
    seconds,
)
from engine.monitoring.monitor_entities import MonitorRun
from engine.objects.sealed import SEALER
from engine.projects import ProjectService
from engine.security.actor import Actor
from engine.store.schema import AlertRow, MonitorRunRow

if TYPE_CHECKING:
    from engine.monitoring.monitors import MonitorService


def run_monitor(
    service: MonitorService,
    actor: Actor,
    name: str,
    *,
    project: str | None = None,
    force: bool = False,
    current: str | None = None,
) -> MonitorRun | None:
    service._access.require(actor, "monitoring.run", f"monitor:{name}")
    with service._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
        project_row = ProjectService.find(session, project)
        row = service._latest(session, project_row.id, name)
        if row is None:
            raise NotFound(
                f"There is no monitor {name!r}.",
                hint="`airlock monitor add FILE.toml` creates one.",
            )
        definition = json.loads(row.definition)
        history = session.scalars(
            select(MonitorRunRow)
            .where(MonitorRunRow.monitor_id == row.id)
            .order_by(MonitorRunRow.time)
        ).all()
        previous = [(r.level, r.current_sha256) for r in history]
        alerts = session.scalars(
            select(AlertRow).where(AlertRow.monitor_id == row.id).order_by(AlertRow.created)
        ).all()
        recent = [(a.level, a.created) for a in alerts]
        monitor_id, monitor_name = row.id, row.name
    checked = service._data.version(actor, current or definition["current"], project)
    newest = service._data.version(actor, definition["current"], project)
    if checked.dataset_id != newest.dataset_id:
        raise ValidationError(
            f"{checked.ref} is not a version of {definition['current']}, "
            f"which monitor {monitor_name} watches."
        )
    current_version = checked
    if not force and any(sha == current_version.content_hash for _l, sha in previous):
        return None
    choice, span = choose_reference(service, actor, definition, checked, project)
    report = service._monitoring.drift(
        actor,
        choice.reference,
        current_version.ref,
        columns=definition.get("columns"),
        options=drift_options(definition),
        project=project,
    )
    found: list[str] = []
    if definition.get("anomalies", True):
        found = service._monitoring.anomalies(
            actor, choice.reference, checked.ref, project=project
        ).findings
    perf = check_performance(service, actor, definition.get("performance"), checked.ref, project)
    levels = definition["levels"]
    level = report.level  # the same definition as `airlock drift --monitor NAME`
    if perf is not None and LEVELS.index(perf["level"]) > LEVELS.index(level):
        level = perf["level"]
    note, raise_alert = "", level != "ok"
    if raise_alert:
        streak = 1
        for old_level, _sha in reversed(previous):
            if LEVELS.index(old_level) >= LEVELS.index(level):
                streak += 1
            else:
                break
        if streak < int(levels["hysteresis"]):
            raise_alert = False
            note = (
                f"{level} for {streak} of the {levels['hysteresis']} runs the hysteresis asks for"
            )
    now = service._clock()
    if raise_alert:
        window = timedelta(seconds=seconds(levels["cooldown"], "cooldown"))
        for old_level, created in reversed(recent):
            if old_level == level and parse_time(created) + window > now:
                raise_alert = False
                article = "an" if level == "alert" else "a"
                note = f"{article} {level} was raised on {created}; cooldown {levels['cooldown']}"
                break
    if perf is not None and perf.get("error"):
        note = "; ".join(filter(None, [note, f"performance not measured: {perf['error']}"]))
    message = (
        f"{monitor_name}: {len(report.drifted)} of {len(report.columns)} columns "
        f"of {current_version.ref} drift against {report.reference} "
        f"({report.drift_share:.0%}): {', '.join(report.drifted[:8])}"
        + (f"; {perf['model']}: {'; '.join(perf['alerts'][:3])}" if perf and perf["alerts"] else "")
        + (
            f"; also {len(found)} anomal{'y' if len(found) == 1 else 'ies'} (see the run)"
            if found
            else ""
        )
    )
    alert_id = None
    with service._access.change(actor, "monitoring.run", f"monitor:{monitor_id}") as session:
        run = MonitorRunRow(
            id="mrun_" + os.urandom(6).hex(),
            monitor_id=monitor_id,
            current=current_version.ref,
            current_sha256=current_version.content_hash,
            level=level,
            drift_share=report.drift_share,
            report="",
            time=format_time(now),
            actor=actor.user_id,
        )
        # category lists, ranges and anomalies are the data's own values: sealed under
        # the checked version's data key, shredded with it (objects/sealed.py)
        run.report = SEALER.seal(
            session,
            actor,
            {
                **report.as_json(),
                "period": span,
                "baseline": choice.note,
                # a batch is named by its dates when the monitor has a time column, else by
                # its version (every batch imported the same day had the same label)
                "period_from": "time_column" if definition.get("time_column") else "version",
                "anomalies": found,
                "performance": perf,
            },
            f"monitor_runs/{run.id}/report",
            [current_version.object_id],
        )
        session.add(run)
        session.flush()
        service._audit.append(
            session,
            actor,
            "monitoring.run",
            f"monitor:{monitor_id}",
            {
                "monitor": monitor_name,
                "current": current_version.ref,
                "level": level,
                "drift_share": round(report.drift_share, 4),
                "drifted": report.drifted,
                "reference": report.reference,
                "run_id": run.id,
                "stored_sha256": stored_sha256(run.report),
                **({"note": note} if note else {}),
                **({"anomalies": len(found)} if found else {}),
                **(
                    {"performance": {k: perf[k] for k in ("model", "metric", "level", "alerts")}}
                    if perf
                    else {}
                ),
            },
        )
        if raise_alert:
            alert = AlertRow(
                id="alr_" + os.urandom(6).hex(),
                monitor_id=monitor_id,
                run_id=run.id,
                level=level,
                message=message,
                status="open",
                created=format_time(now),
                actions="[]",
                note="",
            )
            session.add(alert)
            service._audit.append(
                session,
                actor,
                "monitoring.alert",
                f"alert:{alert.id}",
                {"monitor": monitor_name, "level": level, "message": message[:300]},
            )
            alert_id = alert.id
        run_id = run.id
    if alert_id is not None:
        act_on_alert(service, actor, alert_id, level, message, definition, project)
    return MonitorRun(
        run_id,
        monitor_name,
        current_version.ref,
        level,
        report.drift_share,
        tuple(report.drifted),
        format_time(now),
        alert_id,
        note,
        report.reference,
        span,
        tuple(found),
    )


def run_due(
    service: MonitorService,
    actor: Actor,
    project: str | None = None,
    errors: list[str] | None = None,
) -> list[MonitorRun]:
    done = []
    now = service._clock()
    for monitor in service.monitors(actor, project):
        if not monitor.every:
            continue
        last = monitor.last_run
        try:  # (a definition stored before durations were bounded may not parse)
            due = (
                last is None
                or parse_time(last) + timedelta(seconds=seconds(monitor.every, "every")) <= now
            )
        except AirlockError as exc:
            if errors is not None:
                errors.append(f"monitor {monitor.name} did not run: {exc.message}")
            continue
        if due:
            try:
                result = run_monitor(service, actor, monitor.name, project=project)
            except AirlockError as exc:
                if errors is not None:
                    errors.append(f"monitor {monitor.name} did not run: {exc.message}")
                continue
            if result is not None:
                done.append(result)
    return done
