"""What the dashboard shows, read from the engine: the recent activity of the audit log grouped
into weeks, and small words and counts for its cards."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.auditing.service import EntryFilter
from engine.overview import Overview
from engine.security import rbac
from gui.i18n import FSI, PDI

WEEKS = 12  # the runs chart shows at most the last twelve weeks
STAGES = ("dev", "staging", "production", "archived")


@dataclass
class Activity:
    """What the tiles lead to and what the charts draw, read on the job runner."""

    run_starts: list[str] = field(default_factory=list)  # every run's start (ISO, UTC)
    monitors: list[dict[str, Any]] = field(default_factory=list)  # name, share, level
    stages: dict[str, int] = field(default_factory=dict)  # model versions by stage
    pending: tuple[str, str] | None = None  # (project, NAME@V) of a request to decide
    alert: tuple[str, str] | None = None  # (project, alert id) of an open alert
    verification_seq: int | None = None  # the last audit.verify entry
    # (project, ServedFigures) of the running services
    served: list[tuple[str | None, Any]] = field(default_factory=list)
    today: date = field(default_factory=lambda: datetime.now(UTC).date())


def activity(ws: Any, actor: Any, facts: Overview) -> Activity:
    """Read, for the tiles and charts, what the role may read (on a worker)."""
    found = Activity()
    role = actor.role
    may = {
        action: rbac.allowed(role, action)
        for action in ("training.read", "registry.read", "monitoring.read", "audit.read")
    }
    stages: Counter[str] = Counter()
    projects = [p.name for p in ws.projects.list(actor)]
    for project in projects:
        if may["training.read"]:
            found.run_starts += [r.started for r in ws.training.runs(actor, project) if r.started]
        if may["registry.read"]:
            stages.update(
                v.stage for m in ws.registry.versions.models(actor, project) for v in m.versions
            )
            pending = ws.registry.approvals.all(actor, status="pending", project=project)
            if pending and found.pending is None:
                found.pending = (project, pending[0].version)
        if may["monitoring.read"]:
            for monitor in ws.monitors.monitors(actor, project)[:20]:
                runs = ws.monitors.history(actor, monitor.name, project=project)
                last = runs[-1] if runs else None
                found.monitors.append(
                    {
                        "name": monitor.name
                        if len(projects) <= 2
                        else f"{project}: {monitor.name}",
                        "share": last.drift_share if last else None,
                        "level": last.drift_level if last else None,
                    }
                )
            if found.alert is None:
                alerts = ws.monitors.alerts(actor, status="open", project=project)
                if alerts:
                    found.alert = (project, alerts[0].id)
    if facts.awaiting_me:  # a request this user may decide comes first
        project, _, ref = facts.awaiting_me[0].partition(": ")
        found.pending = (project, ref)
    found.stages = {stage: stages.get(stage, 0) for stage in STAGES}
    if may["registry.read"]:
        found.served = [
            (service.project, figures)
            for service in ws.serving.status(actor)
            if service.running
            for figures in service.served
        ]
    if may["audit.read"] and facts.last_verification is not None:
        verified = ws.audit.entries(actor, EntryFilter(action="audit.verify"))
        found.verification_seq = verified[-1].seq if verified else None
    return found


def weeks(starts: list[str], today: date) -> list[tuple[date, int]]:
    """Runs per week (weeks start on Monday), to this week (or the last run's, if later):
    from the week of the first run, six weeks at least and twelve at most."""
    days = [datetime.fromisoformat(s.replace("Z", "+00:00")).date() for s in starts]
    monday = [d - timedelta(days=d.weekday()) for d in days]
    counts = Counter(monday)
    end = max([today - timedelta(days=today.weekday()), *monday])
    start = max(min([*monday, end - timedelta(weeks=5)]), end - timedelta(weeks=WEEKS - 1))
    out = []
    while start <= end:
        out.append((start, counts.get(start, 0)))
        start += timedelta(weeks=1)
    return out


def _level_word(level: str | None) -> str:
    words = {
        "ok": QCoreApplication.translate("Monitoring", "ok"),
        "warning": QCoreApplication.translate("Monitoring", "warning"),
        "alert": QCoreApplication.translate("Monitoring", "alert"),
    }
    return words.get(level or "", level or "")


def _count(
    number: int, one: str, many: str, none: str | None = None, two: str | None = None
) -> str:
    """ "1 request", "3 requests": the singular sentence for one, the other with the number
    (each translated whole). Optional: the sentence for none ("No requests") and for two,
    which Arabic says in the dual ("طلبان"); 3–10 and 11+ read alike in these lines."""
    if number == 0 and none is not None:
        return none
    if number == 2 and two is not None:
        return two
    return one if number == 1 else many.replace("%1", f"{number:,}")


def _size(count: int) -> str:
    """ "15.0 MiB", kept in that order in an Arabic card (a bidi isolate)."""
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            text = f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
            return FSI + text + PDI
        value /= 1024
    return str(count)


def serving_fact(found: Activity) -> tuple[str, str, str]:
    """The Scoring service tile: versions served, requests/min and error share, its level."""

    served = [figures for _project, figures in found.served]
    rate = sum(s.requests_per_minute for s in served)
    errors = sum(s.error_share * s.requests_per_minute for s in served) / rate if rate else 0.0
    value = _count(
        len(served),
        QCoreApplication.translate("DashboardView", "1 version served"),
        QCoreApplication.translate("DashboardView", "%1 versions served"),
        QCoreApplication.translate("DashboardView", "Not serving"),
        QCoreApplication.translate("DashboardView", "2 versions served"),
    )
    if not served:
        return (
            value,
            QCoreApplication.translate("DashboardView", "Start one: airlock serve"),
            "muted",
        )
    detail = (
        QCoreApplication.translate("DashboardView", "%1 requests/min, %2 errors")
        .replace("%1", f"{rate:,.1f}")
        .replace("%2", f"{errors:.1%}")
    )
    return value, detail, "alert" if errors > 0.05 else "ok"
