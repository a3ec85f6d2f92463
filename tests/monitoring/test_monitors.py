"""Monitors: levels, hysteresis, cooldown, alerts acknowledged (audited), actions — an
alert file, mail through a loopback SMTP relay, a retraining pipeline started."""

from __future__ import annotations

import json
import socketserver
import threading

import pyarrow.parquet as pq
import pytest

from engine.errors import PermissionDenied, ValidationError
from engine.monitoring.monitors import parse_monitor
from tests.monitoring.test_drift import frame


class _SMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message (loopback only)."""

    def handle(self):
        def say(text):
            self.wfile.write((text + "\r\n").encode())

        say("220 test")
        data = False
        lines = []
        while line := self.rfile.readline():
            text = line.decode().rstrip("\r\n")
            if data:
                if text == ".":
                    data = False
                    self.server.messages.append("\n".join(lines))
                    say("250 ok")
                else:
                    lines.append(text)
                continue
            command = text[:4].upper()
            if command in ("EHLO", "HELO"):
                say("250 test")
            elif command == "DATA":
                data = True
                say("354 go")
            elif command == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")


@pytest.fixture
def smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def add_batch(workspace, actor, tmp_path, table, name="batch"):
    path = tmp_path / f"{name}-{len(list(tmp_path.glob('*.parquet')))}.parquet"
    pq.write_table(table, path)
    return workspace.data.import_file(actor, path, name).version.ref


@pytest.fixture
def setup(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(3000, 1), "reference")
    add_batch(workspace, analyst, tmp_path, frame(3000, 2))
    return analyst


def monitor(**overrides):
    body = {
        "name": "inputs",
        "reference": "reference@1",
        "current": "batch",
        "levels": {"warning": 0.25, "alert": 0.5, "hysteresis": 1, "cooldown": "1d"},
    }
    body.update(overrides)
    return body


def test_levels_alerts_and_acknowledgement(workspace, team, setup, tmp_path, clock):
    analyst = setup
    workspace.monitors.add(analyst, monitor(actions={"alert_folder": str(tmp_path / "siem")}))
    quiet = workspace.monitors.run(analyst, "inputs")
    assert quiet.level == "ok" and quiet.alert is None
    assert workspace.monitors.run(analyst, "inputs") is None  # same data: not again
    add_batch(workspace, analyst, tmp_path, frame(3000, 3, mean=1.0, mix=(0.1, 0.1, 0.8)))
    run = workspace.monitors.run(analyst, "inputs")
    assert run.level == "alert" and run.drifted == ("x", "city") and run.alert
    [alert] = workspace.monitors.alerts(analyst, status="open")
    assert alert.level == "alert" and "2 of 4 columns of batch@2 drift" in alert.message
    written = json.loads((tmp_path / "siem" / f"airlock-alert-{alert.id}.json").read_text())
    assert written["alert"] == alert.id and written["level"] == "alert"
    assert alert.actions[0].startswith("wrote ")
    with pytest.raises(PermissionDenied):
        workspace.monitors.acknowledge(team["auditor"], alert.id)
    done = workspace.monitors.acknowledge(team["validator"], alert.id, "retraining planned")
    assert done.status == "acknowledged" and done.acknowledged_by == "val"
    entry = [e for e in workspace.audit.entries(team["admin"]) if e.action == "monitoring.ack"][-1]
    assert entry.details["note"] == "retraining planned"
    with pytest.raises(ValidationError, match="already acknowledged"):
        workspace.monitors.acknowledge(team["validator"], alert.id)


def test_hysteresis_and_cooldown(workspace, setup, tmp_path, clock):
    analyst = setup
    workspace.monitors.add(
        analyst, monitor(levels={"warning": 0.25, "alert": 0.5, "hysteresis": 2, "cooldown": "1d"})
    )
    shifted = [frame(3000, 10 + i, mean=1.0, mix=(0.1, 0.1, 0.8)) for i in range(4)]
    add_batch(workspace, analyst, tmp_path, shifted[0])
    first = workspace.monitors.run(analyst, "inputs")
    assert first.level == "alert" and first.alert is None
    assert "alert for 1 of the 2 runs the hysteresis asks for" in first.note
    add_batch(workspace, analyst, tmp_path, shifted[1])
    second = workspace.monitors.run(analyst, "inputs")
    assert second.alert is not None  # held for two runs
    add_batch(workspace, analyst, tmp_path, shifted[2])
    third = workspace.monitors.run(analyst, "inputs")
    assert third.alert is None and "cooldown 1d" in third.note
    clock.advance(86_401)
    add_batch(workspace, analyst, tmp_path, shifted[3])
    assert workspace.monitors.run(analyst, "inputs").alert is not None


def test_an_alert_mails_through_the_local_relay_and_starts_retraining(
    workspace, team, setup, tmp_path, smtp
):
    analyst = setup
    workspace.settings.set(team["admin"], "smtp_relay", f"127.0.0.1:{smtp.server_address[1]}")
    workspace.settings.set(team["admin"], "mail_from", "airlock@bank.internal")
    workspace.data.contracts.save(
        analyst, "rules", workspace.data.contracts.infer(analyst, "reference@1")
    )
    workspace.pipelines.add(
        analyst,
        {
            "name": "retrain",
            "trigger": {"dataset": "batch"},
            "step": [{"kind": "validate", "contract": "rules"}],
        },
    )
    workspace.monitors.add(
        analyst, monitor(actions={"mail": ["risk@bank.internal"], "pipeline": "retrain"})
    )
    add_batch(workspace, analyst, tmp_path, frame(3000, 4, mean=1.0, mix=(0.1, 0.1, 0.8)))
    run = workspace.monitors.run(analyst, "inputs")
    [alert] = workspace.monitors.alerts(analyst)
    assert alert.id == run.alert
    assert any(a.startswith("mailed risk@bank.internal through 127.0.0.1:") for a in alert.actions)
    assert "[Airlock] alert: inputs" in smtp.messages[0]
    assert any(a.startswith("pipeline retrain#1:") for a in alert.actions)
    [started] = workspace.pipelines.runs(analyst, "retrain")
    assert started.trigger["unattended"]


def test_monitor_definitions_are_checked(workspace, setup):
    with pytest.raises(ValidationError, match="levels need 0 < warning ≤ alert ≤ 1"):
        parse_monitor(monitor(levels={"warning": 0.6, "alert": 0.5}))
    with pytest.raises(ValidationError, match="'cooldown' looks like 30m"):
        parse_monitor(monitor(levels={"cooldown": "soon"}))
    with pytest.raises(ValidationError, match="unknown drift options: pvalue"):
        parse_monitor(monitor(drift={"pvalue": 0.1}))
    with pytest.raises(ValidationError, match="actions are alert_folder, mail and pipeline"):
        parse_monitor(monitor(actions={"webhook": "http://x"}))
    from engine.errors import NotFound

    with pytest.raises(NotFound):
        workspace.monitors.add(setup, monitor(current="nothing"))


def test_one_definition_of_dataset_drift_for_drift_and_monitors(workspace, setup, tmp_path):
    """Issue 19, item 5: `airlock drift` said "dataset drift: no" while the monitor alerted
    at 40 % for the same comparison. Now a report has the monitors' levels, `--monitor`
    takes a monitor's, and the trend names each batch and colours it by its own share."""
    from tests.test_cli import airlock

    analyst = setup
    workspace.monitors.add(
        analyst, monitor(levels={"warning": 0.2, "alert": 0.4, "hysteresis": 1, "cooldown": "1d"})
    )
    drifted = add_batch(workspace, analyst, tmp_path, frame(3000, 3, mean=1.0, mix=(0.1, 0.1, 0.8)))
    run = workspace.monitors.run(analyst, "inputs")
    assert (run.level, round(run.drift_share, 2)) == ("alert", 0.5)
    # defaults: the monitors' defaults (warning 20 %, alert 50 %); 2 of 4 is an alert too
    plain = workspace.monitoring.drift(analyst, "reference@1", drifted)
    assert plain.level == "alert" and plain.dataset_drift
    assert plain.verdict() == (
        "2 of 4 columns drift (50%); dataset drift: ALERT (warning at 20%, alert at 50%)"
    )
    result = airlock(
        "drift",
        "reference@1",
        drifted,
        "--monitor",
        "inputs",
        "--drift-share",
        "0.9",
        workspace=workspace.path,
        env={"AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": "analyst password 1"},
    )
    assert result.returncode == 0, result.stderr  # 50 % is only a warning below a 90 % alert
    assert "dataset drift: WARNING (warning at 20%, alert at 90%)." in result.stdout
    same = airlock(
        "drift",
        "reference@1",
        drifted,
        "--monitor",
        "inputs",
        workspace=workspace.path,
        env={"AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": "analyst password 1"},
    )
    assert (
        same.returncode == 3
        and "dataset drift: ALERT (warning at 20%, alert at 40%)." in same.stdout
    )
    last = workspace.monitors.history(analyst, "inputs")[-1]
    assert last.drift_level == "alert" and last.label == drifted  # no time column
    with pytest.raises(ValidationError, match="the levels set when the dataset drifts"):
        parse_monitor({**monitor(name="x"), "drift": {"drift_share": 0.3}})
