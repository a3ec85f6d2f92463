"""Training runs: what a run records, the model file, tasks, validation schemes, searches,
reproducibility, comparison, and every bad input the issue lists."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.errors import Cancelled, IntegrityError, PermissionDenied, ValidationError
from engine.jobs import CancelToken
from engine.training.spec import RunSpec

FAST = {"learning_curve": False, "n_jobs": 1}


def spec(**kw) -> RunSpec:
    base = {"dataset": "loans@1", "target": "default", "folds": 3, **FAST}
    base.update(kw)
    return RunSpec(**base)


def test_a_run_records_folds_test_model_environment_and_audit(workspace, analyst, loans, team):
    seen = []
    run = workspace.training.train(
        analyst,
        spec(model="logistic", learning_curve=True),
        progress=lambda f, m="": seen.append((f, m)),
    )
    assert (run.ref, run.status, run.task, run.dataset) == (
        "default#1",
        "finished",
        "binary",
        "loans@1",
    )
    metrics = run.metrics
    assert len(metrics["cv"]) == 3 and metrics["scheme"] == "stratified"
    fold_auc = [f["roc_auc"] for f in metrics["cv"]]
    assert metrics["cv_mean"]["roc_auc"] == pytest.approx(np.mean(fold_auc))
    assert metrics["cv_std"]["roc_auc"] == pytest.approx(np.std(fold_auc))
    assert metrics["test_rows"] == 120 and metrics["train_rows"] == 480
    assert 0.6 < metrics["test"]["roc_auc"] <= 1.0  # a real signal was learned
    assert any("fold 3" in m for _, m in seen) and seen[-1][0] >= 0.95
    assert "gender (sensitive attribute)" in run.notes[0]
    assert "application_id (identifier)" in run.notes[0]
    # the model: skops bytes in an encrypted object; loads with its recorded types only
    raw = workspace.objects.path(run.model_object_id).read_bytes()
    assert b"sklearn" not in raw  # encrypted at rest
    model = workspace.training.load_model(analyst, run)
    table = workspace.data.read_table(analyst, "loans@1").to_pandas()
    assert set(model.predict(table.head(20))) <= {0, 1}
    assert "predict_proba" in dir(model)
    artifacts = workspace.training.artifacts(analyst, run)
    assert {"roc", "pr", "calibration", "confusion"} <= set(artifacts["curves"])
    assert artifacts["importance"]["features"][0] in ("debt", "age", "city")
    assert artifacts["dependence"] and artifacts["learning_curve"]["sizes"]
    env = workspace.training.environment(analyst, run)
    assert env["packages"]["scikit-learn"] and env["hash"] == run.environment_hash
    assert run.dataset_hash == workspace.data.version(analyst, "loans@1").content_hash
    entry = workspace.audit.entries(team["auditor"])[-1]
    assert entry.action == "training.run" and entry.details["run"] == "default#1"
    assert entry.details["dataset_hash"] == run.dataset_hash
    assert entry.details["model_object"] == run.model_object_id


def test_tasks_are_detected_and_can_be_overridden(workspace, analyst, tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    table = pa.table(
        {
            "x": x,
            "z": rng.normal(size=300),
            "grade": pa.array(np.digitize(x, [-0.5, 0.5])),  # 0, 1, 2
            "price": x * 10 + rng.normal(size=300),
            "label": pa.array(np.where(x > 0, "good", "bad")),
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    workspace.data.import_file(analyst, tmp_path / "t.parquet", "t")
    base = {"dataset": "t@1", "folds": 3, "explain": False, **FAST}
    grade = workspace.training.train(
        analyst, RunSpec(target="grade", model="logistic", exclude=["price", "label"], **base)
    )
    assert grade.task == "multiclass" and grade.metrics["test"]["f1_macro"] > 0.6
    price = workspace.training.train(
        analyst, RunSpec(target="price", model="ridge", exclude=["grade", "label"], **base)
    )
    assert price.task == "regression" and price.metrics["test"]["r2"] > 0.8
    assert price.metrics["scheme"] == "kfold"
    label = workspace.training.train(
        analyst, RunSpec(target="label", model="decision_tree", exclude=["grade", "price"], **base)
    )
    assert label.task == "binary" and label.metrics["positive"] in ("bad", "good")
    forced = workspace.training.train(
        analyst,
        RunSpec(
            target="grade", task="regression", model="ridge", exclude=["price", "label"], **base
        ),
    )
    assert forced.task == "regression" and "rmse" in forced.metrics["test"]


@pytest.mark.parametrize(
    "scheme,extra",
    [
        ("kfold", {}),
        ("holdout", {"holdout": 0.25}),
        ("group", {"group": "segment"}),
        ("time", {"time": "application_id"}),
    ],
)
def test_validation_schemes(workspace, analyst, loans, scheme, extra):
    run = workspace.training.train(
        analyst, spec(model="logistic", scheme=scheme, explain=False, **extra)
    )
    assert run.metrics["scheme"] == scheme
    assert len(run.metrics["cv"]) == (1 if scheme == "holdout" else 3)
    if scheme == "time":  # the test set is the latest rows
        assert run.metrics["test_rows"] == 120


def test_grid_random_and_halving_searches_pick_the_best(workspace, analyst, loans):
    grid = workspace.training.train(
        analyst,
        spec(model="decision_tree", search="grid", space={"max_depth": [1, 3, 6]}, explain=False),
    )
    found = workspace.training.artifacts(analyst, grid)["search"]
    assert len(found["candidates"]) == 3 and found["metric"] == "roc_auc"
    means = [c["mean"] for c in found["candidates"]]
    assert means == sorted(means, reverse=True)  # best first
    assert grid.params["max_depth"] == found["candidates"][0]["params"]["max_depth"]
    rand = workspace.training.train(
        analyst,
        spec(
            model="random_forest",
            search="random",
            n_iter=3,
            params={"n_estimators": 20},
            explain=False,
        ),
    )
    candidates = workspace.training.artifacts(analyst, rand)["search"]["candidates"]
    assert len(candidates) == 3 and all(c["params"]["n_estimators"] == 20 for c in candidates)
    halving = workspace.training.train(
        analyst, spec(model="knn", search="halving", n_iter=9, explain=False)
    )
    assert halving.status == "finished" and halving.params["n_neighbors"] >= 3


def test_rerun_reproduces_identical_metrics(workspace, analyst, loans):
    first = workspace.training.train(
        analyst, spec(model="random_forest", params={"n_estimators": 30}, explain=False)
    )
    again = workspace.training.rerun(analyst, first.ref)
    assert again.identical and again.mismatched == ()
    assert again.run.metrics["cv"] == first.metrics["cv"]
    assert again.run.metrics["test"] == first.metrics["test"]
    assert again.environment == () and again.run.rerun_of == first.id


def test_a_changed_environment_is_shown(workspace, analyst, loans, monkeypatch):
    from engine.training import environment

    first = workspace.training.train(analyst, spec(model="logistic", explain=False))
    real = environment.fingerprint()
    changed = dict(
        real, packages=dict(real["packages"], **{"scikit-learn": "0.0.1"}), hash="0" * 64
    )
    monkeypatch.setattr(environment, "fingerprint", lambda: changed)
    again = workspace.training.rerun(analyst, first.ref)
    assert again.identical  # same data, same seed
    assert any(d.startswith("scikit-learn: ") and d.endswith("→ 0.0.1") for d in again.environment)


def test_compare_and_list(workspace, analyst, loans):
    a = workspace.training.train(analyst, spec(model="logistic", explain=False))
    b = workspace.training.train(
        analyst, spec(model="logistic", params={"C": 0.01}, explain=False, experiment="other")
    )
    comparison = workspace.training.compare(analyst, [a.ref, b.ref])
    assert comparison.differing == ("C",) and comparison.params["C"] == [1.0, 0.01]
    assert set(comparison.best) >= {"roc_auc", "log_loss"}
    assert [r.ref for r in workspace.training.runs(analyst)] == ["default#1", "other#1"]
    assert [e.name for e in workspace.training.experiments(analyst)] == ["default", "other"]
    with pytest.raises(ValidationError, match="at least two"):
        workspace.training.compare(analyst, [a.ref])


def test_logged_runs_are_tracked_and_audited(workspace, analyst, team):
    run = workspace.training.log_run(
        analyst, "tracking", {"alpha": 0.1, "layers": 3}, {"auc": 0.9, "loss": 0.2}
    )
    assert run.ref == "tracking#1" and run.headline() == {"auc": 0.9, "loss": 0.2}
    entry = workspace.audit.entries(team["auditor"])[-1]
    assert entry.details["run"] == "tracking#1" and len(entry.details["record_sha256"]) == 64
    with pytest.raises(ValidationError, match="'auc' must be a number"):
        workspace.training.log_run(analyst, "tracking", {}, {"auc": "high"})
    with pytest.raises(ValidationError, match="logged, not trained"):
        workspace.training.rerun(analyst, "tracking#1")


def test_explaining_one_row(workspace, analyst, loans):
    run = workspace.training.train(analyst, spec(model="logistic", explain=False))
    found = workspace.training.explain_row(analyst, run.ref, 1)
    assert found.row == 1 and found.of == "probability of 1"
    assert {c.feature for c in found.contributions} >= {"debt", "age"}
    top = found.contributions[0]
    assert abs(top.contribution) >= abs(found.contributions[-1].contribution)
    with pytest.raises(ValidationError, match="There is no row 601"):
        workspace.training.explain_row(analyst, run.ref, 601)


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
def test_explaining_a_row_whose_integer_column_has_a_fractional_median(
    workspace, analyst, tmp_path, task
):
    # issue 19: `runs explain` crashed on every run of data like this (a 2.5 median written
    # into an int64 column); the demo data never had one
    rng = np.random.default_rng(7)
    n = 240
    rooms = np.tile(np.array([1, 2, 3, 4], dtype="int64"), n // 4)  # median 2.5
    age = rng.integers(18, 70, n)
    income = rng.normal(5000, 1000, n)
    income[::9] = np.nan  # missing values in a float column
    score = rooms * 10 + age / 10 + rng.normal(0, 3, n)
    target = {
        "binary": (score > np.median(score)).astype("int64"),
        "multiclass": np.array(["low", "mid", "high"])[
            np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
        ],
        "regression": score,
    }[task]
    ref = _import(
        workspace,
        analyst,
        tmp_path,
        f"homes_{task}",
        Rooms=rooms,
        Age=age,
        Income=income,
        City=rng.choice(["Riyadh", "Jeddah", "الدمام"], n),
        Target=target,
    )
    run = workspace.training.train(
        analyst, spec(dataset=ref, target="Target", model="random_forest", explain=False)
    )
    assert run.task == task
    found = workspace.training.explain_row(analyst, run.ref, 2)
    typical = {c.feature: c.typical for c in found.contributions}
    assert typical["Rooms"] == 2.5 and typical["City"] in ("Riyadh", "Jeddah", "الدمام")
    assert all(np.isfinite(c.contribution) for c in found.contributions)


def test_an_unnamed_index_column_is_an_identifier_not_a_feature(workspace, analyst, tmp_path):
    # issue 19 (E5): `Unnamed: 0` (pandas' index written out) became a feature
    import pandas as pd

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"Age": rng.integers(18, 70, 300), "Pclass": rng.integers(1, 4, 300)})
    frame["Survived"] = (frame["Pclass"] + rng.normal(0, 1, 300) < 2.5).astype(int)
    frame.to_csv(tmp_path / "raw.csv")  # with the index, as pandas writes by default
    plain = workspace.data.import_file(analyst, tmp_path / "raw.csv", "raw").version
    assert {c["name"]: c["semantic"] for c in plain.schema}["column_1"] == "identifier"
    pd.read_csv(tmp_path / "raw.csv").to_csv(tmp_path / "passengers.csv")  # read, saved again
    version = workspace.data.import_file(analyst, tmp_path / "passengers.csv", "passengers").version
    kinds = {c["name"]: c["semantic"] for c in version.schema}
    assert kinds["Unnamed: 0"] == "identifier" and kinds["Age"] == "numeric"
    run = workspace.training.train(
        analyst, spec(dataset="passengers@1", target="Survived", model="logistic", explain=False)
    )
    assert any("Unnamed: 0 (identifier)" in n for n in run.notes)
    fitted = workspace.training.load_model(analyst, run)
    assert {"Unnamed: 0", "column_1"}.isdisjoint(fitted.feature_names_in_)
    assert {"Age", "Pclass"} <= set(fitted.feature_names_in_)


def test_a_feature_named_like_a_sensitive_attribute_is_brought_up(workspace, analyst, tmp_path):
    # issue 19 (9): a credit model trained on `sex` reached production with no one asked
    import pandas as pd

    from engine.errors import ValidationError as Refused

    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "duration": rng.integers(6, 48, 300),
            "personal_status": rng.choice(["single", "married"], 300),
            "sex": rng.choice(["female", "male"], 300),
            "العمر": rng.integers(20, 70, 300),
        }
    )
    frame["good"] = (frame["duration"] < 24).astype(int)
    frame.to_csv(tmp_path / "credit.csv", index=False)
    workspace.data.import_file(analyst, tmp_path / "credit.csv", "credit")
    run = workspace.training.train(
        analyst, spec(dataset="credit@1", target="good", model="logistic", explain=False)
    )
    warned = [n for n in run.notes if n.startswith("SENSITIVE ATTRIBUTE?")]
    assert {w.split("'")[1] for w in warned} == {"personal_status", "sex", "العمر"}
    # tagging settles it: sensitive leaves it out, not_sensitive dismisses the question
    workspace.data.annotations.tag(analyst, "credit", "sex", ["sensitive"])
    workspace.data.annotations.tag(analyst, "credit", "personal_status", ["not_sensitive"])
    workspace.data.annotations.tag(analyst, "credit", "العمر", ["not_sensitive"])
    found = workspace.training.suggest(analyst, "credit@1", "good")
    assert "sex" not in found.features and "personal_status" in found.features
    assert not [n for n in found.notes if n.startswith("SENSITIVE ATTRIBUTE?")]
    with pytest.raises(Refused, match="both sensitive and not_sensitive"):
        workspace.data.annotations.tag(analyst, "credit", "sex", ["sensitive", "not_sensitive"])


# -- bad input -------------------------------------------------------------------------------
def _import(workspace, analyst, tmp_path, name, **columns):
    pq.write_table(pa.table(columns), tmp_path / f"{name}.parquet")
    workspace.data.import_file(analyst, tmp_path / f"{name}.parquet", name)
    return f"{name}@1"


def test_target_with_one_class(workspace, analyst, tmp_path):
    ref = _import(workspace, analyst, tmp_path, "one", x=list(range(50)), y=[1] * 50)
    with pytest.raises(ValidationError, match=r"only one class \(1\)"):
        workspace.training.train(analyst, RunSpec(ref, "y", task="binary", **FAST))
    assert workspace.training.runs(analyst) == []  # nothing recorded


def test_target_missing_in_some_rows_is_left_out_with_a_note(workspace, analyst, tmp_path):
    y = [i % 2 if i % 10 else None for i in range(200)]
    ref = _import(
        workspace,
        analyst,
        tmp_path,
        "gaps",
        x=[float(i % 7) for i in range(200)],
        y=pa.array(y, pa.int64()),
    )
    run = workspace.training.train(
        analyst, RunSpec(ref, "y", model="logistic", folds=3, explain=False, **FAST)
    )
    assert "20 rows without a target value were left out" in run.notes
    assert run.metrics["train_rows"] + run.metrics["test_rows"] == 180


def test_feature_equal_to_the_target_warns_of_leakage(workspace, analyst, loans, tmp_path):
    table = pq.read_table(tmp_path / "loans.parquet")
    pq.write_table(
        table.append_column("outcome_copy", table.column("default")), tmp_path / "leak.parquet"
    )
    workspace.data.import_file(analyst, tmp_path / "leak.parquet", "leak")
    run = workspace.training.train(analyst, spec(dataset="leak@1", model="logistic", explain=False))
    assert any(n.startswith("LEAKAGE WARNING: feature 'outcome_copy'") for n in run.notes)


def test_non_numeric_target_for_regression(workspace, analyst, loans):
    with pytest.raises(ValidationError, match="A regression target must be numeric; 'city'"):
        workspace.training.train(analyst, spec(target="city", task="regression"))


def test_more_folds_than_rows_of_a_class(workspace, analyst, tmp_path):
    y = [1] * 4 + [0] * 96
    ref = _import(workspace, analyst, tmp_path, "rare", x=[float(i) for i in range(100)], y=y)
    with pytest.raises(
        ValidationError,
        match=r"Stratified 5-fold needs at least 5 rows of "
        r"every class; class 1 has 3",
    ):
        workspace.training.train(analyst, RunSpec(ref, "y", folds=5, model="logistic", **FAST))


def test_hyperparameter_out_of_range_names_it(workspace, analyst, loans):
    with pytest.raises(ValidationError) as caught:
        workspace.training.train(analyst, spec(model="random_forest", params={"n_estimators": 0}))
    assert caught.value.message == (
        "The hyperparameter 'n_estimators' must be a whole number from 1 to 5000. Got 0."
    )
    with pytest.raises(ValidationError, match="'C' must be a number from 1e-06 to 1e"):
        spec(model="logistic", params={"C": "-3"}).check()
    with pytest.raises(ValidationError, match="has no hyperparameter 'depth'"):
        spec(model="decision_tree", params={"depth": 3}).check()


def test_cancel_in_the_middle_of_a_search(workspace, analyst, loans, team):
    token = CancelToken()
    done = []

    def progress(fraction, message=""):
        if "candidate" in message:
            done.append(message)
            if len(done) == 3:
                token.cancel()

    objects_before = (
        workspace.objects.missing_or_damaged(analyst),
        len(list((workspace.path / "objects").rglob("*.part"))),
    )
    with pytest.raises(Cancelled):
        workspace.training.train(
            analyst,
            spec(model="decision_tree", search="grid", space={"max_depth": [1, 2, 3, 4, 5, 6]}),
            progress=progress,
            cancel=token,
        )
    assert len(done) < 18  # stopped early (6 candidates x 3 folds)
    [run] = workspace.training.runs(analyst)
    assert run.status == "cancelled" and run.model_object_id is None
    entry = workspace.audit.entries(team["auditor"])[-1]
    assert (entry.action, entry.details["status"]) == ("training.run", "cancelled")
    assert len(list((workspace.path / "objects").rglob("*.part"))) == objects_before[1]


def test_roles(workspace, team, loans):
    with pytest.raises(PermissionDenied):
        workspace.training.train(team["auditor"], spec(model="logistic"))
    run = workspace.training.train(team["analyst"], spec(model="logistic", explain=False))
    assert workspace.training.run(team["auditor"], run.ref).id == run.id  # may read
    assert workspace.training.load_model(team["validator"], run) is not None


def test_a_model_file_with_foreign_types_is_refused():
    import skops.io as sio

    from engine.training.modelio import loads

    data = sio.dumps({"model": Foreign()})
    recorded = sorted(sio.get_untrusted_types(data=data))
    with pytest.raises(
        IntegrityError,
        match=r"types Airlock does not load: \S*test_train"
        r"\.Foreign",
    ):
        loads(data, recorded)
    honest = sio.dumps({"weights": np.arange(3)})
    with pytest.raises(IntegrityError, match="not recorded when it was saved"):
        loads(
            sio.dumps(
                {
                    "m": __import__("sklearn.tree", fromlist=["x"])
                    .DecisionTreeClassifier()
                    .fit([[0], [1]], [0, 1])
                }
            ),
            [],
        )
    assert list(loads(honest, [])["weights"]) == [0, 1, 2]


class Foreign:
    def __init__(self):
        self.payload = "anything"


def test_spec_round_trips_through_json():
    original = spec(model="svm", params={"C": 2}, search="grid", space={"C": [1, 10]})
    assert RunSpec.from_json(json.loads(json.dumps(original.as_json()))) == original


def test_the_documented_catalog_is_the_catalog():
    from pathlib import Path

    from engine.training.catalog import catalog_markdown

    doc = (Path(__file__).parents[2] / "docs" / "training.md").read_text(encoding="utf-8")
    assert catalog_markdown() in doc


def test_the_audit_entry_pins_the_run_record(workspace, analyst, loans, team):
    from engine.store.schema import RunRow
    from engine.training.service import record_digest

    from helpers import raw_db

    run = workspace.training.train(analyst, spec(model="logistic", explain=False))
    entry = workspace.audit.entries(team["auditor"])[-1]

    def stored() -> RunRow:
        db = raw_db(workspace.path)
        params, metrics, spec_, notes, types = db.execute(
            "SELECT params, metrics, spec, notes, model_types FROM runs WHERE id = ?", (run.id,)
        ).fetchone()
        db.close()
        return RunRow(params=params, metrics=metrics, spec=spec_, notes=notes, model_types=types)

    assert entry.details["record_sha256"] == record_digest(stored())
    assert entry.details["primary"] == {"roc_auc": run.metrics["test"]["roc_auc"]}
    db = raw_db(workspace.path)  # someone improves a score
    db.execute(
        "UPDATE runs SET metrics = replace(metrics, '\"roc_auc\": 0.', "
        "'\"roc_auc\": 0.9') WHERE id = ?",
        (run.id,),
    )
    db.close()
    assert entry.details["record_sha256"] != record_digest(stored())


def test_a_final_fit_that_did_not_converge_says_so_in_the_notes(workspace, analyst, loans):
    """Issue 21: fit() swallowed every warning, so a model stopped by its iteration limit
    looked like any other. The convergence warning reaches the run's notes (once, without
    the web links an offline analyst cannot open); a converged run has no such note."""
    stopped = workspace.training.train(analyst, spec(model="logistic", params={"max_iter": 10}))
    [note] = [n for n in stopped.notes if "did not converge" in n]
    assert note.startswith(
        "the final fit did not converge (lbfgs failed to converge after 10 iteration(s)"
    )
    assert "max_iter" in note and "http" not in note
    converged = workspace.training.train(analyst, spec(model="logistic"))
    assert not any("did not converge" in n for n in converged.notes)
