"""Pipelines: definitions checked and versioned; a file dropped in the inbox runs the whole
chain once (idempotent on the same data); a failing step stops the run with its reason and
leaves no registration; cancel; schedules; runs left behind by a dead process."""

from __future__ import annotations

import os
import time

import pytest

from engine.errors import Cancelled, PermissionDenied, ValidationError
from engine.jobs import CancelToken
from engine.pipelines.definition import load_definition
from engine.pipelines.records import start_record
from engine.registry.gates import parse_policy
from tests.registry.conftest import train
from tests.training.conftest import loans_table

PIPELINE = """
name = "credit-retrain"
description = "retrain when new loan files arrive"

[trigger]
inbox = "loans_*.csv"
dataset = "loans"

[[step]]
kind = "validate"
contract = "loans_rules"

[[step]]
kind = "prepare"
recipe = "recipe.toml"
name = "loans_ready"

[[step]]
kind = "train"
target = "default"
model = "logistic"
folds = 3
experiment = "retrain"
explain = false
learning_curve = false

[[step]]
kind = "evaluate"
suite = "suite.toml"

[[step]]
kind = "gate"
model = "credit"

[[step]]
kind = "register"
model = "credit"

[[step]]
kind = "promote"
stage = "staging"

[[step]]
kind = "request"
note = "automatic retrain"
"""
RECIPE = """format = "airlock-recipe/v1"
name = "drop the id"
[[steps]]
op = "drop"
columns = ["application_id"]
"""
SUITE = """name = "smoke"
[[check]]
kind = "output"
[[check]]
kind = "metric"
metric = "roc_auc"
min = 0.6
"""


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "pipeline.toml").write_text(PIPELINE)
    (folder / "recipe.toml").write_text(RECIPE)
    (folder / "suite.toml").write_text(SUITE)
    return folder


@pytest.fixture
def contract(workspace, analyst, loans):
    """The inferred contract without the observed ranges (new files differ), ages ≥ 18."""
    body = workspace.data.contracts.infer(analyst, "loans@1")
    body["rows"] = {"min": 10, "max": 100_000}
    for column in body["columns"]:
        column.pop("min", None)
        column.pop("max", None)
        column.pop("unique", None)
        if column["name"] == "age":
            column["min"] = 18
    workspace.data.contracts.save(analyst, "loans_rules", body)


def drop(workspace, name, rows=600, seed=3):
    path = workspace.pipelines.inbox / name
    loans_table(rows, seed).to_pandas().to_csv(path, index=False)
    old = time.time() - 60
    os.utime(path, (old, old))  # settled: not being copied any more
    return path


def test_definitions_are_checked_and_versioned(workspace, admin, analyst, files, team):
    pipeline = workspace.pipelines.add(analyst, files / "pipeline.toml")
    assert (pipeline.name, pipeline.version) == ("credit-retrain", 1)
    assert pipeline.definition["step"][1]["recipe"]["name"] == "drop the id"  # embedded
    assert pipeline.trigger == "inbox/loans_*.csv → loans"
    assert workspace.pipelines.add(analyst, files / "pipeline.toml").version == 1  # same
    (files / "suite.toml").write_text(SUITE.replace("0.6", "0.55"))
    assert workspace.pipelines.add(analyst, files / "pipeline.toml").version == 2
    entries = [e for e in workspace.audit.entries(admin) if e.action == "pipeline.add"]
    assert len(entries) == 2 and entries[0].details["steps"][0] == "validate"
    with pytest.raises(PermissionDenied):
        workspace.pipelines.add(team["validator"], files / "pipeline.toml")
    bad = files / "bad.toml"
    cases = [
        (
            PIPELINE.replace('kind = "validate"', 'kind = "magic"'),
            "step 1 has kind 'magic'; the kinds are validate",
        ),
        (PIPELINE.replace('target = "default"\n', ""), r"step 3 \(train\) needs 'target'"),
        (
            PIPELINE.replace('stage = "staging"', 'stage = "production"'),
            "production needs a validator",
        ),
        (
            PIPELINE.replace('recipe = "recipe.toml"', 'recipe = "missing.toml"'),
            "no recipe file 'missing.toml'",
        ),
        (
            PIPELINE.replace('dataset = "loans"', 'dataset = "loans"\ndrift = "credit"'),
            "a drift alert starts a pipeline from the monitor's side",
        ),
        (
            PIPELINE.replace('model = "logistic"', 'model = "logistic"\nparams = { C = -1 }'),
            r"step 3 \(train\): The hyperparameter 'C'",
        ),
        (
            'name = "x"\n[[step]]\nkind = "register"\nmodel = "m"\n',
            r"step 1 \(register\) needs a train step before it",
        ),
    ]
    for text, message in cases:
        bad.write_text(text)
        with pytest.raises(ValidationError, match=message):
            load_definition(bad)


def test_a_dropped_file_runs_the_chain_once(workspace, admin, analyst, contract, files):
    workspace.pipelines.add(analyst, files / "pipeline.toml")
    assert workspace.pipelines.due(analyst) == []
    drop(workspace, "loans_2026_11.csv", seed=4)
    [(_pipeline, why)] = workspace.pipelines.due(analyst)
    assert why["file"].name == "loans_2026_11.csv"
    [run] = workspace.pipelines.watch_once(analyst)
    assert run.status == "succeeded", run.error
    assert [s["kind"] for s in run.steps] == [
        "import",
        "validate",
        "prepare",
        "train",
        "evaluate",
        "gate",
        "register",
        "promote",
        "request",
    ]
    assert all(s["status"] == "done" for s in run.steps)
    assert run.trigger["kind"] == "inbox" and run.trigger["unattended"]
    assert run.actor == "ana"
    outputs = {k: v for s in run.steps for k, v in s["outputs"].items()}
    assert outputs["dataset"] == "loans_ready@1" and outputs["version"] == "credit@1"
    assert "credit is not registered yet: no gates apply" in run.steps[5]["log"]
    version = workspace.registry.versions.version(analyst, "credit@1")
    assert version.stage == "staging" and version.lineage["dataset_ref"] == "loans_ready@1"
    assert [a.version for a in workspace.registry.approvals.all(analyst, status="pending")] == [
        "credit@1"
    ]
    assert workspace.registry.tests.stored(analyst, "credit@1")[0].suite == "smoke"
    [entry] = [e for e in workspace.audit.entries(admin) if e.action == "pipeline.run"]
    assert entry.details["status"] == "succeeded" and entry.details["run"] == "credit-retrain#1"
    # the same data again — under the same name or another — does not train twice
    assert workspace.pipelines.watch_once(analyst) == []
    drop(workspace, "loans_copy.csv", seed=4)
    assert workspace.pipelines.watch_once(analyst) == []
    with pytest.raises(
        ValidationError,
        match=r"Run #1 \(succeeded\) of credit-retrain "
        r"already processed this input",
    ):
        workspace.pipelines.run(
            analyst, "credit-retrain", file=workspace.pipelines.inbox / "loans_copy.csv"
        )
    assert len(workspace.training.runs(analyst)) == 1
    # issue 19 (E4): an alert on the batch the inbox run trained on does not train it again
    # (the inbox run was keyed by the file, the alert run by the dataset version)
    with pytest.raises(
        ValidationError,
        match=r"Run #1 \(succeeded\) of credit-retrain "
        r"already processed this input",
    ):
        workspace.pipelines.run(analyst, "credit-retrain", alert="alr_0123", unattended=True)
    assert len(workspace.training.runs(analyst)) == 1
    again = workspace.pipelines.run(
        analyst, "credit-retrain", alert="alr_0123", force=True, unattended=True
    )
    assert again.trigger["kind"] == "alert" and again.trigger["alert"] == "alr_0123"
    assert again.trigger["forced"] is True
    # a file still being copied waits
    fresh = workspace.pipelines.inbox / "loans_new.csv"
    loans_table(100, 8).to_pandas().to_csv(fresh, index=False)
    assert workspace.pipelines.due(analyst) == []


def test_a_failing_step_stops_the_run_and_registers_nothing(
    workspace, admin, analyst, contract, files
):
    # credit exists with a gate this retrain cannot pass
    workspace.registry.versions.register(analyst, train(workspace, analyst).ref, "credit")
    workspace.registry.gates.set_policy(
        analyst,
        "credit",
        parse_policy({"gate": [{"kind": "min_metric", "metric": "roc_auc", "min": 0.99}]}),
    )
    workspace.pipelines.add(analyst, files / "pipeline.toml")
    drop(workspace, "loans_a.csv", seed=5)
    [run] = workspace.pipelines.watch_once(analyst)
    assert run.status == "failed"
    assert "step 6 (gate) failed: 1 staging gates of credit fail: roc_auc ≥ 0.99" in run.error
    assert [s["status"] for s in run.steps] == ["done"] * 5 + ["failed"] + ["not run"] * 3
    assert [v.ref for v in workspace.registry.versions.model(analyst, "credit").versions] == [
        "credit@1"
    ]  # nothing half-registered
    [entry] = [e for e in workspace.audit.entries(admin) if e.action == "pipeline.run"]
    assert entry.details["status"] == "failed" and "gate:failed" in entry.details["steps"]
    # bad data stops at validation, before anything is trained
    broken = loans_table(50, 6).to_pandas()
    broken["age"] = -5
    path = workspace.pipelines.inbox / "loans_b.csv"
    broken.to_csv(path, index=False)
    os.utime(path, (time.time() - 60, time.time() - 60))
    [run] = workspace.pipelines.watch_once(analyst)
    assert run.status == "failed" and "does not pass loans_rules@1" in run.error
    assert run.steps[2]["status"] == "not run"


def test_cancel_records_the_run_as_cancelled(workspace, analyst, contract, files):
    workspace.pipelines.add(analyst, files / "pipeline.toml")
    path = drop(workspace, "loans_c.csv", seed=7)
    token = CancelToken()

    def progress(fraction, message=""):
        if "train" in message or fraction > 0.4:
            token.cancel()

    with pytest.raises(Cancelled, match="credit-retrain#1 was cancelled"):
        workspace.pipelines.run(
            analyst, "credit-retrain", file=path, progress=progress, cancel=token
        )
    [run] = workspace.pipelines.runs(analyst, "credit-retrain")
    assert run.status == "cancelled" and "cancelled during step" in run.error
    assert workspace.registry.versions.models(analyst) == []


def test_a_schedule_runs_when_due_and_only_on_new_data(workspace, analyst, loans, clock, tmp_path):
    definition = {
        "name": "nightly",
        "trigger": {"every": "1h", "dataset": "loans"},
        "step": [
            {
                "kind": "train",
                "target": "default",
                "model": "logistic",
                "folds": 2,
                "explain": False,
                "learning_curve": False,
            }
        ],
    }
    workspace.pipelines.add(analyst, definition)
    [(_pipeline, why)] = workspace.pipelines.due(analyst)
    assert why == {"schedule": True}
    [run] = workspace.pipelines.watch_once(analyst)
    assert run.status == "succeeded" and run.trigger["dataset"] == "loans@1"
    assert workspace.pipelines.due(analyst) == []  # not due yet
    clock.advance(3601)
    assert workspace.pipelines.due(analyst) == []  # due, but the data did not change
    path = tmp_path / "more.parquet"
    import pyarrow.parquet as pq

    pq.write_table(loans_table(300, 9), path)
    workspace.data.import_file(analyst, path, "loans")
    [run] = workspace.pipelines.watch_once(analyst)
    assert run.trigger["dataset"] == "loans@2"


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(workspace, analyst, loans):
    pipeline = workspace.pipelines.add(
        analyst,
        {
            "name": "p",
            "step": [{"kind": "train", "target": "default", "model": "logistic", "folds": 2}],
            "trigger": {"dataset": "loans"},
        },
    )
    start_record(
        workspace.pipelines,
        analyst,
        pipeline,
        {"kind": "manual"},
        [{"kind": "train", "status": "running", "log": [], "outputs": {}}],
    )
    workspace.pipelines.watch_once(analyst)
    [run] = workspace.pipelines.runs(analyst, "p")
    assert run.status == "interrupted" and run.steps[0]["status"] == "not finished"


def test_a_service_account_runs_pipelines_but_not_the_desktop(workspace, admin, loans):
    from engine.errors import AuthenticationError

    with pytest.raises(ValidationError, match="A service account has the analyst role"):
        workspace.users.add(admin, "svc-x", "validator", "service password 12", service=True)
    user = workspace.users.add(
        admin, "svc-pipelines", "analyst", "service password 12", service=True
    )
    assert user.service
    with pytest.raises(ValidationError, match="is a service account; its role stays"):
        workspace.users.set_role(admin, "svc-pipelines", "admin")
    with pytest.raises(AuthenticationError, match="cannot sign in to the desktop app"):
        workspace.login("svc-pipelines", "service password 12", desktop=True)
    refused = [e for e in workspace.audit.entries(admin) if e.action == "auth.fail"][-1]
    assert refused.details["reason"] == "service account at the desktop"
    service = workspace.login("svc-pipelines", "service password 12")
    workspace.pipelines.add(
        service,
        {
            "name": "p",
            "trigger": {"every": "1h", "dataset": "loans"},
            "step": [
                {
                    "kind": "train",
                    "target": "default",
                    "model": "logistic",
                    "folds": 2,
                    "explain": False,
                    "learning_curve": False,
                }
            ],
        },
    )
    [run] = workspace.pipelines.watch_once(service)
    assert run.actor == "svc-pipelines" and run.trigger["service_account"]
    assert workspace.training.runs(admin)[0].created_by == user.id
