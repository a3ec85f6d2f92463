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
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select

from engine.audit.bound import SignedIndex, stored_sha256
from engine.audit.log import AuditLog
from engine.audit.record import format_time, parse_time
from engine.errors import AirlockError, NotFound, ValidationError
from engine.monitoring.baselines import choose, period
from engine.monitoring.monitor_definition import (  # noqa: F401 - re-exported
    LEVELS,
    PERFORMANCE_FIELDS,
    drift_options,
    parse_monitor,
    parse_performance,
    seconds,
)
from engine.objects.sealed import SEALER, Shredded
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.security.users import user_names
from engine.store.schema import AlertRow, AnnotationRow, MonitorRow, MonitorRunRow

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.monitoring.service import MonitoringService
    from engine.settings import SettingsService


@dataclass(frozen=True)
class MonitorRun:
    id: str
    monitor: str
    current: str
    level: str
    drift_share: float
    drifted: tuple[str, ...]
    time: str
    alert: str | None  # the alert raised, if any
    note: str  # why no alert was raised (hysteresis, cooldown), or ""
    reference: str = ""  # what the batch was compared with
    period: tuple[str, str] = ("", "")  # the days the batch covers
    anomalies: tuple[str, ...] = ()  # outliers, spikes, repeats: reported apart from drift


@dataclass(frozen=True)
class Alert:
    id: str
    monitor: str
    level: str
    message: str
    status: str
    created: str
    actions: tuple[str, ...]
    acknowledged_by: str
    note: str


class StartedRun(Protocol):
    @property
    def ref(self) -> str: ...

    @property
    def status(self) -> str: ...


class PipelineStarter(Protocol):
    """Runs a pipeline when an alert says so (the pipelines area, above this one;
    engine/workspace.py passes it in)."""

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
    ) -> dict[str, Any]:
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
                return definition
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
        return definition

    def monitors(self, actor: Actor, project: str | None = None) -> list[dict[str, Any]]:
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
                out.append(
                    {
                        **json.loads(row.definition),
                        "version": row.version,
                        "last_level": last.level if last else None,
                        "last_run": last.time if last else None,
                        "last_current": last.current if last else None,
                    }
                )
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
        self._access.require(actor, "monitoring.run", f"monitor:{name}")
        with self._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
            project_row = ProjectService.find(session, project)
            row = self._latest(session, project_row.id, name)
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
        checked = self._data.version(actor, current or definition["current"], project)
        newest = self._data.version(actor, definition["current"], project)
        if checked.dataset_id != newest.dataset_id:
            raise ValidationError(
                f"{checked.ref} is not a version of {definition['current']}, "
                f"which monitor {monitor_name} watches."
            )
        current_version = checked
        if not force and any(sha == current_version.content_hash for _l, sha in previous):
            return None
        choice, span = self._reference(actor, definition, checked, project)
        report = self._monitoring.drift(
            actor,
            choice.reference,
            current_version.ref,
            columns=definition.get("columns"),
            options=drift_options(definition),
            project=project,
        )
        found: list[str] = []
        if definition.get("anomalies", True):
            found = self._monitoring.anomalies(
                actor, choice.reference, checked.ref, project=project
            ).findings
        perf = self._performance(actor, definition.get("performance"), checked.ref, project)
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
                    f"{level} for {streak} of the {levels['hysteresis']} runs the "
                    "hysteresis asks for"
                )
        now = self._clock()
        if raise_alert:
            window = timedelta(seconds=seconds(levels["cooldown"], "cooldown"))
            for old_level, created in reversed(recent):
                if old_level == level and parse_time(created) + window > now:
                    raise_alert = False
                    article = "an" if level == "alert" else "a"
                    note = (
                        f"{article} {level} was raised on {created}; cooldown {levels['cooldown']}"
                    )
                    break
        if perf is not None and perf.get("error"):
            note = "; ".join(filter(None, [note, f"performance not measured: {perf['error']}"]))
        message = (
            f"{monitor_name}: {len(report.drifted)} of {len(report.columns)} columns "
            f"of {current_version.ref} drift against {report.reference} "
            f"({report.drift_share:.0%}): {', '.join(report.drifted[:8])}"
            + (
                f"; {perf['model']}: {'; '.join(perf['alerts'][:3])}"
                if perf and perf["alerts"]
                else ""
            )
            + (
                f"; also {len(found)} anomal{'y' if len(found) == 1 else 'ies'} (see the run)"
                if found
                else ""
            )
        )
        alert_id = None
        with self._access.change(actor, "monitoring.run", f"monitor:{monitor_id}") as session:
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
            self._audit.append(
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
                        {
                            "performance": {
                                k: perf[k] for k in ("model", "metric", "level", "alerts")
                            }
                        }
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
                self._audit.append(
                    session,
                    actor,
                    "monitoring.alert",
                    f"alert:{alert.id}",
                    {"monitor": monitor_name, "level": level, "message": message[:300]},
                )
                alert_id = alert.id
            run_id = run.id
        if alert_id is not None:
            self._act(actor, alert_id, level, message, definition, project)
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

    def _performance(
        self, actor: Actor, spec: dict[str, Any] | None, batch: str, project: str | None
    ) -> dict[str, Any] | None:
        if not spec:
            return None
        labels = Path(spec["labels"]) if spec.get("labels") else None
        try:
            found = self._monitoring.performance(
                actor,
                spec["model"],
                batch,
                reference=spec.get("reference"),
                labels=labels,
                id_column=spec.get("id"),
                label_column=spec.get("label_column"),
                metric=spec.get("metric"),
                chunk=spec.get("chunk"),
                fairness=spec.get("fairness"),
                project=project,
            )
        except AirlockError as exc:  # the drift result still counts; say why not measured
            return {
                "model": spec["model"],
                "metric": spec.get("metric", ""),
                "level": "ok",
                "alerts": [],
                "error": exc.message,
            }
        chunks = found.result.chunks
        level = found.level(int(spec.get("outside", 2)))
        return {
            "model": found.model,
            "metric": found.result.metric,
            "level": level,
            "alerts": found.alerts + found.fairness_alerts,
            "fairness": {
                a: [c.ratio for c in chunks_of] for a, chunks_of in found.fairness.items()
            },
            "band": [found.result.low, found.result.high],
            "reference_mean": found.result.reference_mean,
            "estimated": [c.estimated for c in chunks],
            "realised": [c.realised for c in chunks],
            "detections": found.detections,
            "labelled": found.labelled,
        }

    def _reference(
        self, actor: Actor, definition: dict[str, Any], checked: Any, project: str | None
    ) -> tuple[Any, tuple[str, str]]:
        """The reference for the checked batch (fixed, rolling, seasonal or a new baseline)
        and the days the batch covers."""
        time_column = definition.get("time_column")
        notes = self.annotations(actor, definition["name"], project=project)
        versions = [
            v
            for d in self._data.datasets(actor, project)
            if d.id == checked.dataset_id
            for v in d.versions
            if v.version <= checked.version
        ]
        periods = {checked.ref: period(self._data, actor, checked, time_column)}
        if any(n["new_baseline"] for n in notes):
            for version in versions[:-1]:  # an older batch without the column has no period
                try:
                    periods[version.ref] = period(self._data, actor, version, time_column)
                except AirlockError:
                    continue
        return choose(definition, versions, periods, notes), periods[checked.ref]

    def run_due(
        self, actor: Actor, project: str | None = None, errors: list[str] | None = None
    ) -> list[MonitorRun]:
        """Every monitor with a schedule that is due (the pipeline watcher calls this). A
        monitor that cannot run (its data gone, say) does not stop the others: its message
        goes to `errors`."""
        done = []
        now = self._clock()
        for monitor in self.monitors(actor, project):
            if not monitor.get("every"):
                continue
            last = monitor.get("last_run")
            try:  # (a definition stored before durations were bounded may not parse)
                due = (
                    last is None
                    or parse_time(last) + timedelta(seconds=seconds(monitor["every"], "every"))
                    <= now
                )
            except AirlockError as exc:
                if errors is not None:
                    errors.append(f"monitor {monitor['name']} did not run: {exc.message}")
                continue
            if due:
                try:
                    result = self.run(actor, monitor["name"], project=project)
                except AirlockError as exc:
                    if errors is not None:
                        errors.append(f"monitor {monitor['name']} did not run: {exc.message}")
                    continue
                if result is not None:
                    done.append(result)
        return done

    def _act(
        self,
        actor: Actor,
        alert_id: str,
        level: str,
        message: str,
        definition: dict[str, Any],
        project: str | None,
    ) -> None:
        """Carry out the monitor's actions; each outcome is recorded on the alert (a failed
        action is recorded too, and does not stop the others)."""
        actions = definition["actions"]
        done: list[str] = []
        body = {
            "alert": alert_id,
            "level": level,
            "monitor": definition["name"],
            "message": message,
            "time": format_time(self._clock()),
        }
        if actions.get("alert_folder"):
            try:
                from engine.store.files import atomic_write

                folder = Path(actions["alert_folder"])
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"airlock-alert-{alert_id}.json"
                atomic_write(target, json.dumps(body, indent=1).encode("utf-8"))
                done.append(f"wrote {target}")
            except OSError as exc:
                done.append(f"could not write the alert file: {exc}")
        if actions.get("mail"):
            from engine.monitoring.mail import send_alert

            done.append(send_alert(actions["mail"], body, self._settings.all(actor)))
        if actions.get("pipeline") and level == "alert":
            try:
                # not forced: a batch the inbox run already trained on is not trained twice
                run = self._pipelines.run(
                    actor, actions["pipeline"], project=project, unattended=True, alert=alert_id
                )
                done.append(f"pipeline {run.ref}: {run.status}")
            except AirlockError as exc:
                done.append(f"pipeline {actions['pipeline']} did not run: {exc.message}")
        with self._access.change(actor, "monitoring.run", f"alert:{alert_id}") as session:
            row = session.get(AlertRow, alert_id)
            if row is not None:
                row.actions = json.dumps(done)

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
    ) -> dict[str, Any]:
        """Record a dated event on a monitor (shown on its trend plots); `new_baseline`
        makes the first batch from that day the reference."""
        try:
            day = datetime.strptime(day.strip(), "%Y-%m-%d").date().isoformat()
        except ValueError as exc:
            raise ValidationError(f"The date is written YYYY-MM-DD. Got {day!r}.") from exc
        if not text.strip():
            raise ValidationError("Say what happened on that day (the annotation's text).")
        with self._access.change(actor, "monitoring.edit", f"monitor:{name}") as session:
            project_row = ProjectService.find(session, project)
            row = self._latest(session, project_row.id, name)
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
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            session.add(note)
            self._audit.append(
                session,
                actor,
                "monitoring.annotate",
                f"monitor:{row.id}",
                {"monitor": row.name, "date": day, "text": note.text, "new_baseline": new_baseline},
            )
            return self._annotation(note, actor.name)

    @staticmethod
    def _annotation(row: AnnotationRow, by: str) -> dict[str, Any]:
        return {
            "id": row.id,
            "date": row.date,
            "text": row.text,
            "new_baseline": bool(row.new_baseline),
            "created": row.created,
            "by": by,
        }

    def annotations(
        self, actor: Actor, name: str, *, project: str | None = None
    ) -> list[dict[str, Any]]:
        with self._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
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
            return [self._annotation(r, names.get(r.created_by, "")) for r in rows]

    def history(
        self, actor: Actor, name: str, *, project: str | None = None
    ) -> list[dict[str, Any]]:
        """Every run of the monitor (all its definition versions), oldest batch first: the
        level, drift share, per-column drift and anomalies — what the trend plots draw."""
        with self._access.reading(actor, "monitoring.read", f"monitor:{name}") as session:
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
                    {
                        "id": row.id,
                        "time": row.time,
                        "current": row.current,
                        "level": row.level,
                        "drift_share": row.drift_share,
                        # the level of the drift share alone (the run's level may come
                        # from the model's performance, which this share does not show)
                        "drift_level": body.get("level", row.level),
                        "label": span[0][:7] if dated else row.current,
                        "period": tuple(span),
                        "reference": body.get("reference", ""),
                        "baseline": body.get("baseline", ""),
                        "anomalies": body.get("anomalies", []),
                        "performance": body.get("performance"),
                        "columns": {
                            c["column"]: (c.get("statistic"), bool(c.get("drifted")))
                            for c in body.get("columns", [])
                        },
                    }
                )
            out.sort(key=lambda r: (r["period"][0], r["time"]))
            return out
