"""`airlock train` and `airlock runs …` end to end, through subprocesses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.test_cli import airlock, ok, user_error
from tests.training.conftest import loans_table

ANALYST = {"AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": "analyst password 1"}


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-train") / "ws"
    ok(airlock("init", str(folder), "--admin", "admin"))
    ok(
        airlock(
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            workspace=folder,
            env={"AIRLOCK_NEW_PASSWORD": "analyst password 1"},
        )
    )
    data = tmp_path_factory.mktemp("train-data") / "loans.parquet"
    pq.write_table(loans_table(), data)
    ok(airlock("data", "import", str(data), "--name", "loans", workspace=folder, env=ANALYST))
    ok(
        airlock(
            "data", "tag", "loans", "gender", "--as", "sensitive", workspace=folder, env=ANALYST
        )
    )
    return folder


def run(ws: Path, *args: str, code: int = 0) -> str:
    result = airlock(*args, workspace=ws, env=ANALYST)
    if code == 0:
        return ok(result)
    user_error(result, code)
    return result.stdout + result.stderr


def test_train_list_show_compare_rerun_explain(ws):
    first = run(
        ws,
        "train",
        "--dataset",
        "loans@1",
        "--target",
        "default",
        "--model",
        "logistic",
        "--cv",
        "3",
        "--no-learning-curve",
        "--experiment",
        "cli",
    )
    assert "Run cli#1  finished  logistic on loans@1 → default (binary)" in first
    assert re.search(r"^roc_auc\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}$", first, re.M)
    assert "gender (sensitive attribute)" in first
    second = run(
        ws,
        "train",
        "--dataset",
        "loans@1",
        "--target",
        "default",
        "--model",
        "decision_tree",
        "--search",
        "grid",
        "--space",
        "max_depth=2,4",
        "--balanced",
        "--cv",
        "3",
        "--no-explain",
        "--no-learning-curve",
        "--experiment",
        "cli",
    )
    assert "Run cli#2  finished  decision_tree" in second
    listed = run(ws, "runs", "list", "--sort", "roc_auc")
    assert re.search(r"^cli#1\s+finished\s+logistic\s+loans@1\s+roc_auc 0\.\d+", listed, re.M)
    as_json = json.loads(run(ws, "runs", "list", "--json"))
    assert [r["run"] for r in as_json] == ["cli#1", "cli#2"]
    shown = run(ws, "runs", "show", "cli#1")
    assert "fold 3: roc_auc" in shown and "model object" in shown
    assert "environment" in shown and "scikit-learn" in shown
    # issue 19: show and compare hid class weights and the search candidates
    searched = run(ws, "runs", "show", "cli#2")
    assert "class weights: balanced (--balanced)" in searched
    assert "search: grid on roc_auc, 2 candidates; the best five:" in searched
    assert re.search(r"^  0\.\d+  .*max_depth=[24]", searched, re.M)
    compared = run(ws, "runs", "compare", "cli#1", "cli#2")
    assert re.search(r"^\* model\s+logistic\s+decision_tree", compared, re.M)
    assert re.search(r"^\* class weights\s+—\s+balanced", compared, re.M)
    assert "◀" in compared
    rerun = run(ws, "runs", "rerun", "cli#1")
    assert "Re-ran cli#1 as cli#3." in rerun and "Identical metrics" in rerun
    explained = run(ws, "runs", "explain", "cli#1", "--row", "2")
    assert explained.startswith("Row 2: prediction") and "debt" in explained
    assert "logistic" in run(ws, "runs", "models")
    log = ok(airlock("audit", "log", "--action", "training.run", workspace=ws))
    assert log.count("training.run") == 3


def test_bad_training_input_is_a_clear_error(ws):
    bad = run(
        ws,
        "train",
        "--dataset",
        "loans@1",
        "--target",
        "default",
        "--model",
        "random_forest",
        "--param",
        "max_depth=0",
        code=1,
    )
    assert (
        "The hyperparameter 'max_depth' must be a whole number from 1 to 200, or none "
        "(unlimited). Got '0'." in bad
    )
    missing = run(ws, "train", "--dataset", "loans@1", "--target", "nope", code=1)
    assert "The target 'nope' is not a column of loans@1" in missing
    regress = run(
        ws, "train", "--dataset", "loans@1", "--target", "city", "--task", "regression", code=1
    )
    assert "A regression target must be numeric" in regress
    folds = run(ws, "train", "--dataset", "loans@1", "--target", "default", "--cv", "500", code=1)
    assert "number of folds must be from 2 to 100" in folds
    unknown = run(ws, "runs", "show", "cli#99", code=1)
    assert "There is no run 'cli#99'" in unknown
