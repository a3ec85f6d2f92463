"""The served version follows the registry: a promotion during load swaps it with no failed
request; an approval that no longer holds takes the model out (503); the prediction log
feeds drift detection."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from tests.helpers import raw_db
from tests.serving.test_serve import (
    ANALYST,
    MODEL,
    PROJECT,
    RECORDS,
    Server,
    call,
    read_records,
    rows,
    token,
)
from tests.test_cli import airlock, ok

VALIDATOR = {
    "AIRLOCK_USER": "validator",
    "AIRLOCK_PASSWORD": "demo validator password",
    "AIRLOCK_CONFIRM_PASSWORD": "demo validator password",
}
PREDICT = f"/v1/models/{MODEL}/predict"


@pytest.fixture
def fresh(demo_template, tmp_path):
    ws_path = tmp_path / "ws"
    shutil.copytree(demo_template, ws_path)
    if not RECORDS:
        RECORDS[:] = read_records(ws_path)
    return ws_path, token(ws_path, "loans", MODEL)


def wait_for(check, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_promotion_during_load_swaps_the_version_without_a_failed_request(fresh):
    ws_path, secret = fresh
    server = Server(ws_path)
    try:
        statuses: list[int] = []
        versions: list[str] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                status, body, _ = call(server.port, "POST", PREDICT, {"rows": rows(3)}, secret)
                statuses.append(status)
                versions.append(body.get("version", "") if isinstance(body, dict) else "")

        loop = threading.Thread(target=load)
        loop.start()
        wait_for(lambda: len(statuses) > 20)
        ok(
            airlock(
                "model",
                "approve",
                f"{MODEL}@3",
                "--reason",
                "better",
                "-p",
                PROJECT,
                workspace=ws_path,
                env=VALIDATOR,
            )
        )
        wait_for(lambda: versions and versions[-1] == f"{MODEL}@3")
        time.sleep(0.5)
        stop.set()
        loop.join(timeout=30)
        assert set(statuses) == {200}, [s for s in statuses if s != 200][:5]
        assert versions[0] == f"{MODEL}@1" and versions[-1] == f"{MODEL}@3"
        first_new = versions.index(f"{MODEL}@3")
        assert set(versions[first_new:]) == {f"{MODEL}@3"}  # no flapping back
    finally:
        out = server.stop()
    assert f"{MODEL}: serving {MODEL}@3 (was {MODEL}@1)" in out


@pytest.mark.tampers
def test_an_approval_that_no_longer_holds_takes_the_model_out(fresh):
    ws_path, secret = fresh
    server = Server(ws_path)
    try:
        assert call(server.port, "POST", PREDICT, {"rows": rows(1)}, secret)[0] == 200
        db = raw_db(ws_path)
        db.execute("UPDATE approvals SET decision_sig = 'AAAA' WHERE status = 'approved'")
        db.commit() if hasattr(db, "commit") else None
        _, body, _ = wait_for(
            lambda: (
                (r := call(server.port, "POST", PREDICT, {"rows": rows(1)}, secret))[0] == 503 and r
            )
        )
        assert "is not served" in body["error"] and "approval" in body["error"]
        assert call(server.port, "GET", "/readyz")[0] == 503
        _, listed, _ = call(server.port, "GET", "/v1/models", token=secret)
        assert listed["models"][0]["status"] == "out"
    finally:
        out = server.stop()
    assert "taken out" in out


def test_the_prediction_log_feeds_drift_detection(fresh):
    ws_path, secret = fresh
    server = Server(ws_path, "--log-rows", "200")
    try:
        shifted = []
        for record in rows(50):
            moved = dict(record)
            moved["monthly_income"] = (record["monthly_income"] or 0) * 4 + 20_000
            shifted.append(moved)
        for _ in range(6):
            assert call(server.port, "POST", PREDICT, {"rows": shifted}, secret)[0] == 200
        wait_for(lambda: "prediction log" in "".join(server.lines()), 15)
    finally:
        server.stop()
    report = airlock(
        "drift",
        "credit_model_input@1",
        f"{MODEL}_served@last:7d",
        "--columns",
        "monthly_income,age,region,loan_amount",
        "-p",
        PROJECT,
        workspace=ws_path,
        env=ANALYST,
    )
    [line] = [x for x in report.stdout.splitlines() if x.startswith("monthly_income")]
    assert "YES" in line and float(line.split()[5]) > 2, report.stdout  # PSI of the shift
    assert "credit_default_served@last:7d (300 rows)" in report.stdout


def test_worker_processes_share_the_port_and_the_metrics(fresh):
    ws_path, secret = fresh
    server = Server(ws_path, "--workers", "2")
    answered = []
    try:
        for _ in range(40):
            status, body, _ = call(server.port, "POST", PREDICT, {"rows": rows(2)}, secret)
            assert status == 200
            answered.append(body["request_id"])
        _, text, _ = call(server.port, "GET", "/metrics", token=secret)
        counted = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("airlock_requests_total{") and 'status="200"' in line
        )
        assert counted == 40  # both workers' requests, whichever answers the scrape
    finally:
        out = server.stop()
    assert server.process.returncode == 0, out
    assert "in 2 worker processes" in out
    from engine.workspace import Workspace

    with Workspace.open(ws_path) as ws:
        admin = ws.login("admin", "demo admin password")
        [dataset] = [d for d in ws.data.datasets(admin, PROJECT) if d.name == f"{MODEL}_served"]
        logged = set()
        for version in dataset.versions:
            logged |= set(ws.data.read_table(admin, version.ref, PROJECT).to_pandas()["request_id"])
    assert set(answered) == logged


def test_labels_that_arrive_later_join_the_logged_predictions(fresh, tmp_path):
    ws_path, secret = fresh
    from engine.workspace import Workspace

    with Workspace.open(ws_path) as ws:
        analyst = ws.login("analyst", "demo analyst password")
        frame = ws.data.read_table(analyst, "credit_model_input@1", PROJECT).to_pandas()
    outcomes = list(frame["default"].head(len(RECORDS)))
    server = Server(ws_path)
    labels = []
    try:
        for record, outcome in zip(RECORDS, outcomes, strict=True):  # one application each
            status, body, _ = call(server.port, "POST", PREDICT, {"rows": [record]}, secret)
            assert status == 200
            labels.append({"prediction_id": body["request_id"], "default": outcome})
        status, body, _ = call(server.port, "POST", PREDICT, {"rows": rows(2)}, secret)
        batch = body["request_id"]
    finally:
        server.stop()
    import pandas as pd

    pd.DataFrame(labels).to_csv(tmp_path / "outcomes.csv", index=False)
    report = airlock(
        "-p",
        PROJECT,
        "performance",
        f"{MODEL}@1",
        f"{MODEL}_served@last:7d",
        "--labels",
        str(tmp_path / "outcomes.csv"),
        "--id",
        "prediction_id",
        "--chunk",
        "10",
        workspace=ws_path,
        env=ANALYST,
    )
    assert report.returncode in (0, 3), report.stdout + report.stderr
    assert "(52 rows, 50 labelled)" in report.stdout, report.stdout
    assert "50 of 52 rows have a label from outcomes.csv" in report.stdout
    with Workspace.open(ws_path) as ws:
        analyst = ws.login("analyst", "demo analyst password")
        [dataset] = [d for d in ws.data.datasets(analyst, PROJECT) if d.name == f"{MODEL}_served"]
        table = ws.data.read_table(analyst, dataset.versions[-1].ref, PROJECT).to_pandas()
    assert {f"{batch}-1", f"{batch}-2"} <= set(table["prediction_id"])  # rows of a batch


def test_a_staging_instance_serves_staging_and_says_so(fresh):
    ws_path, secret = fresh
    server = Server(ws_path, "--stage", "staging")
    try:
        status, body, headers = call(server.port, "POST", PREDICT, {"rows": rows(1)}, secret)
        assert status == 200 and body["version"] == f"{MODEL}@3"  # the newest in staging
        assert body["stage"] == "staging" and headers["x-airlock-stage"] == "staging"
        _, listed, _ = call(server.port, "GET", "/v1/models", token=secret)
        assert listed["models"][0]["approval"] == "not required"
    finally:
        server.stop()
