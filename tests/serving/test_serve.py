"""`airlock serve` over real HTTP on loopback: a server subprocess on a free port of a copy of
the demo workspace (its production model credit-default), called with http.client."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.test_cli import airlock, ok, user_error

ADMIN = {"AIRLOCK_USER": "admin", "AIRLOCK_PASSWORD": "demo admin password"}
ANALYST = {"AIRLOCK_USER": "analyst", "AIRLOCK_PASSWORD": "demo analyst password"}
MODEL = "credit_default"
PROJECT = "retail credit default"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None, kind="application/json", raw=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": kind}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text
    return response.status, parsed, {k.lower(): v for k, v in response.getheaders()}


def token(ws_path: Path, name: str, *models: str, expires: str = "30d") -> str:
    out = ok(
        airlock(
            "serve",
            "token",
            "create",
            name,
            "--models",
            *models,
            "--expires",
            expires,
            workspace=ws_path,
            env=ADMIN,
        )
    )
    return out.strip().splitlines()[-1]


class Server:
    def __init__(self, ws_path: Path, *args: str) -> None:
        self.port = free_port()
        env = {**os.environ, **ANALYST, "AIRLOCK_WORKSPACE": str(ws_path)}
        env.pop("AIRLOCK_TEST_SUBPROCESS", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "engine",
                "--project",
                PROJECT,
                "serve",
                "--port",
                str(self.port),
                "--refresh",
                "0.5",
                *args,
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.reader.join(timeout=5)
                raise AssertionError("".join(self.output))
            try:
                if call(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def lines(self) -> list[str]:
        return list(self.output)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        return "".join(self.output)


@pytest.fixture(scope="module")
def served(demo_template, tmp_path_factory):
    import shutil

    ws_path = tmp_path_factory.mktemp("serve") / "ws"
    shutil.copytree(demo_template, ws_path)
    RECORDS[:] = read_records(ws_path)
    tokens = {"credit": token(ws_path, "loans", MODEL), "other": token(ws_path, "elsewhere", "x")}
    server = Server(ws_path)
    yield ws_path, server, tokens
    if server.process.poll() is None:
        server.stop()


RECORDS: list[dict] = []


def rows(n: int = 5) -> list[dict]:
    return [dict(r) for r in RECORDS[:n]]


def read_records(ws_path: Path) -> list[dict]:
    from engine.workspace import Workspace

    with Workspace.open(ws_path) as ws:
        analyst = ws.login("analyst", "demo analyst password")
        version = ws.registry.versions.version(analyst, f"{MODEL}@1", PROJECT)
        frame = ws.data.read_table(analyst, "credit_model_input@1", PROJECT).to_pandas()
    wanted = [c["name"] for c in version.signature["inputs"]]
    return json.loads(frame[wanted].head(50).to_json(orient="records"))


def test_predictions_equal_batch_scoring_and_name_the_version(served, tmp_path):
    ws_path, server, tokens = served
    records = rows(20)
    status, body, headers = call(
        server.port, "POST", f"/v1/models/{MODEL}/predict", {"rows": records}, tokens["credit"]
    )
    assert status == 200, body
    assert body["version"].startswith(f"{MODEL}@") and body["stage"] == "production"
    assert (
        headers["x-airlock-stage"] == "production" and headers["x-request-id"] == body["request_id"]
    )
    source = tmp_path / "in.csv"
    pd.DataFrame(records).to_csv(source, index=False)
    ok(
        airlock(
            "--project",
            PROJECT,
            "score",
            body["version"],
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
            "--decimals",
            "-1",
            workspace=ws_path,
            env=ANALYST,
        )
    )
    batch = pd.read_csv(tmp_path / "o.csv")
    assert list(batch["prediction"]) == body["predictions"]
    for column in [c for c in batch.columns if c.startswith("probability_")]:
        label = column.removeprefix("probability_")
        served_p = [p[label] for p in body["probabilities"]]
        assert served_p == pytest.approx(list(batch[column]), abs=1e-9)
    # CSV in, the same answer
    csv_status, csv_body, _ = call(
        server.port,
        "POST",
        f"/v1/models/{MODEL}/predict",
        token=tokens["credit"],
        kind="text/csv",
        raw=source.read_bytes(),
    )
    assert csv_status == 200 and csv_body["predictions"] == body["predictions"]


def test_tokens_are_required_and_scoped(served):
    ws_path, server, tokens = served
    path = f"/v1/models/{MODEL}/predict"
    assert call(server.port, "POST", path, {"rows": rows(1)})[0] == 401
    status, body, _ = call(
        server.port, "POST", path, {"rows": rows(1)}, "alk_0123456789ab_" + "x" * 43
    )
    assert status == 401 and "not known" in body["error"]
    status, body, _ = call(server.port, "POST", path, {"rows": rows(1)}, tokens["other"])
    assert status == 403 and f"may not call {MODEL}" in body["error"]
    assert call(server.port, "GET", "/metrics")[0] == 401
    # a revoked token is refused within a refresh
    doomed = token(ws_path, "doomed", MODEL)
    time.sleep(1.5)
    assert call(server.port, "POST", path, {"rows": rows(1)}, doomed)[0] == 200
    token_id = doomed.split("_")[1]
    ok(airlock("serve", "token", "revoke", token_id, workspace=ws_path, env=ADMIN))
    time.sleep(1.5)
    status, body, _ = call(server.port, "POST", path, {"rows": rows(1)}, doomed)
    assert status == 401 and "was revoked" in body["error"]
    listed = ok(airlock("serve", "token", "list", workspace=ws_path, env=ADMIN))
    assert "doomed" in listed and "revoked" in listed and doomed not in listed
    # only an administrator makes tokens
    assert "Your role (analyst)" in user_error(
        airlock("serve", "token", "create", "x", "--models", MODEL, workspace=ws_path, env=ANALYST)
    )


@pytest.mark.parametrize(
    ("raw", "kind", "status", "words"),
    [
        (b"{not json", "application/json", 422, "not valid JSON"),
        (b"[]", "application/json", 422, '"rows"'),
        (b'{"rows": []}', "application/json", 422, "empty"),
        (b'{"rows": [1, 2]}', "application/json", 422, "Row 1 is not a JSON object"),
        (b'{"rows": [{"age": 30}]}', "application/json", 422, "which the model needs"),
        (b"", "application/json", 422, "The body is empty"),
        (b"\xff\xfe", "application/json", 422, "not UTF-8"),
        (b"age\n", "text/csv", 422, "no rows"),
    ],
)
def test_malformed_bodies_get_a_message(served, raw, kind, status, words):
    _, server, tokens = served
    got, body, _ = call(
        server.port,
        "POST",
        f"/v1/models/{MODEL}/predict",
        token=tokens["credit"],
        kind=kind,
        raw=raw,
    )
    assert got == status and words in body["error"], body


def test_wrong_types_limits_and_unknown_paths(served):
    _, server, tokens = served
    path = f"/v1/models/{MODEL}/predict"
    bad = rows(3)
    bad[1]["monthly_income"] = "lots"
    status, body, _ = call(server.port, "POST", path, {"rows": bad}, tokens["credit"])
    assert (status, body["column"], body["row"]) == (422, "monthly_income", 2)
    assert "holds numbers; row 2 holds 'lots'" in body["error"]
    unseen = rows(2)
    unseen[0]["region"] = "spaceship"
    status, body, _ = call(server.port, "POST", path, {"rows": unseen}, tokens["credit"])
    assert status == 200 and body["unknown_categories"] == [
        {"row": 1, "column": "region", "value": "spaceship"}
    ]
    status, body, _ = call(server.port, "POST", path, {"rows": rows(1) * 10_001}, tokens["credit"])
    assert status in (413, 422) and ("10,000 rows" in body["error"] or "bytes" in body["error"])
    huge = b'{"rows": [' + b" " * (10 * 1024 * 1024 + 1) + b"]}"
    status, body, _ = call(server.port, "POST", path, token=tokens["credit"], raw=huge)
    assert status == 413 and "10,485,760 bytes" in body["error"]
    assert call(server.port, "GET", path, token=tokens["credit"])[0] == 405
    assert call(server.port, "GET", "/nope")[0] == 404
    status, body, _ = call(
        server.port, "POST", "/v1/models/ghost/predict", {"rows": rows(1)}, token_for_all(served)
    )
    assert status == 404 and "ghost" in body["error"]


def token_for_all(served) -> str:
    ws_path, _, tokens = served
    if "all" not in tokens:
        tokens["all"] = token(ws_path, "everything", "*")
        time.sleep(1.5)
    return tokens["all"]


def test_models_health_metrics_and_openapi(served):
    _, server, tokens = served
    status, body, _ = call(server.port, "GET", "/v1/models", token=tokens["credit"])
    [listed] = [m for m in body["models"] if m["model"] == MODEL]
    assert status == 200 and listed["status"] == "serving" and listed["approval"] == "holds"
    assert call(server.port, "GET", "/readyz")[0] == 200
    status, text, _ = call(server.port, "GET", "/metrics", token=tokens["credit"])
    assert status == 200 and "airlock_requests_total{" in text and "airlock_refused_total" in text
    status, spec, _ = call(server.port, "GET", "/openapi.json")
    assert status == 200 and "/v1/models/{name}/predict" in spec["paths"]


def test_status_says_where_a_version_is_served_and_how_busy(served):
    ws_path, server, tokens = served
    for _ in range(10):
        call(
            server.port, "POST", f"/v1/models/{MODEL}/predict", {"rows": rows(1)}, tokens["credit"]
        )
    time.sleep(1.2)  # a refresh writes the figures
    out = ok(airlock("serve", "status", workspace=ws_path, env=ANALYST))
    assert f"http://127.0.0.1:{server.port}  production" in out and "running" in out
    [line] = [x for x in out.splitlines() if x.strip().startswith(f"{MODEL}@")]
    assert float(line.split()[1]) > 0  # requests per minute


def test_sigterm_during_load_loses_no_answered_prediction(served):
    ws_path, server, tokens = served
    path = f"/v1/models/{MODEL}/predict"
    # a refused call of its own (the other tests' may run on another worker): the count
    # written at stop must hold it
    assert call(server.port, "POST", path, {"rows": rows(1)}, tokens["other"])[0] == 403
    answered: list[str] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            try:
                status, body, _ = call(
                    server.port, "POST", path, {"rows": rows(7)}, tokens["credit"]
                )
            except (OSError, http.client.HTTPException):
                return  # the server has stopped listening
            if status == 200:
                answered.append(body["request_id"])

    loops = [threading.Thread(target=load) for _ in range(3)]
    for loop in loops:
        loop.start()
    deadline = time.monotonic() + 20
    while len(answered) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    out = server.stop()  # SIGTERM while the loops still send
    stop.set()
    for loop in loops:
        loop.join(timeout=30)
    assert server.process.returncode == 0, out
    assert f"prediction log: {MODEL}_served@" in out, out
    assert "No scoring service has run" in ok(
        airlock("serve", "status", workspace=ws_path, env=ANALYST)
    )
    from engine.workspace import Workspace

    with Workspace.open(ws_path) as ws:
        admin = ws.login("admin", "demo admin password")
        [dataset] = [d for d in ws.data.datasets(admin, PROJECT) if d.name == f"{MODEL}_served"]
        logged: set[str] = set()
        for version in dataset.versions:
            table = ws.data.read_table(admin, version.ref, PROJECT).to_pandas()
            logged |= set(table["request_id"])
        assert {"request_id", "time", "version", "prediction", "monthly_income"} <= set(
            table.columns
        )
        assert len(answered) >= 30 and set(answered) <= logged  # every answer is in the log
        actions = [e.action for e in ws.audit.entries(admin)]
        assert "serving.start" in actions and "serving.refused" in actions
        refused = [e for e in ws.audit.entries(admin) if e.action == "serving.refused"]
        # counted in batches: a few entries for the whole run, not one per refused call
        assert 1 <= len(refused) <= 3
        total = sum(e.details["refused"].get("wrong model", 0) for e in refused)
        assert total >= 1
