"""What an alert does: write a file, send mail through the administrator's relay, or start a
pipeline, as its monitor says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.audit.record import format_time
from engine.errors import AirlockError
from engine.monitoring.monitor_definition import (  # noqa: F401 - re-exported
    LEVELS,
    PERFORMANCE_FIELDS,
    drift_options,
    parse_monitor,
    parse_performance,
    seconds,
)
from engine.security.actor import Actor
from engine.store.schema import AlertRow

if TYPE_CHECKING:
    from engine.monitoring.monitors import MonitorService


def act_on_alert(
    service: MonitorService,
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
        "time": format_time(service._clock()),
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

        done.append(send_alert(actions["mail"], body, service._settings.all(actor)))
    if actions.get("pipeline") and level == "alert":
        try:
            # not forced: a batch the inbox run already trained on is not trained twice
            run = service._pipelines.run(
                actor, actions["pipeline"], project=project, unattended=True, alert=alert_id
            )
            done.append(f"pipeline {run.ref}: {run.status}")
        except AirlockError as exc:
            done.append(f"pipeline {actions['pipeline']} did not run: {exc.message}")
    with service._access.change(actor, "monitoring.run", f"alert:{alert_id}") as session:
        row = session.get(AlertRow, alert_id)
        if row is not None:
            row.actions = json.dumps(done)
