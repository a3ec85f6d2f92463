"""`import airlock`: tracking from code, bring-your-own models and the same governance as
catalog runs (docs/python-api.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

import airlock
from tests.api.conftest import PASSWORDS

pytestmark = pytest.mark.real_clock  # airlock.open writes with the real clock too


def numeric(model):
    """`model` after imputing and scaling the numeric columns (region left out)."""
    return make_pipeline(
        make_column_transformer(
            (make_pipeline(SimpleImputer(), StandardScaler()), ["income", "age", "debt_ratio"])
        ),
        model,
    )


def entries(engine_ws, action: str) -> list[dict]:
    from sqlalchemy import select

    from engine.store.schema import AuditEntryRow

    with engine_ws.db.reading() as session:
        rows = session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.action == action).order_by(AuditEntryRow.seq)
        ).all()
        return [json.loads(r.details) for r in rows]


@pytest.mark.both_backends  # a team workspace (PostgreSQL) too: its folder names the server
def test_a_run_logs_params_metrics_steps_files_and_its_model_in_one_audit_entry(analyst, api_ws):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    engine_ws = api_ws[1]
    before = len(entries(engine_ws, "training.run"))
    with analyst.start_run(
        "credit", dataset="loans@1", target="default", tags={"team": "risk"}
    ) as run:
        X_train, X_test, y_train, _y_test = run.split()
        assert list(X_train.columns) == ["income", "age", "region", "debt_ratio"]
        run.log_params({f"p{i}": i for i in range(20)})
        for step in range(5):
            run.log_metrics({f"m{i}": i + step / 10 for i in range(50)}, step=step)
        figure, axis = plt.subplots()
        axis.plot([1, 2, 3])
        run.log_figure(figure, "curve")
        run.log_text("hello", "notes.txt")
        model = numeric(LogisticRegression()).fit(X_train, y_train)
        run.log_model(model, input_example=X_test.head())
    record = run.record
    assert record.status == "finished" and record.model == "sklearn.LogisticRegression (pipeline)"
    assert record.metrics["values"]["m3"] == pytest.approx(3.4)
    assert record.params["p7"] == 7
    assert record.spec["tags"] == {"team": "risk"} and record.spec["source"] == "python"
    # the evaluation a catalog run makes, on the declared test rows
    assert set(record.metrics["test"]) >= {"roc_auc", "accuracy", "f1"}
    artifacts = analyst.engine.training.artifacts(analyst.actor, record)
    assert {"curves", "importance", "dependence", "steps", "files"} <= set(artifacts)
    assert artifacts["steps"]["m0"] == [[s, s / 10] for s in range(5)]
    assert artifacts["files"]["curve.png"]["kind"] == "figure"
    stored = analyst.engine.objects.get_bytes(
        analyst.actor, artifacts["files"]["notes.txt"]["object"]
    )
    assert stored == b"hello"
    # one audit entry for the whole run, not one per metric
    logged = entries(engine_ws, "training.run")
    assert len(logged) == before + 1 and logged[-1]["source"] == "python"
    assert logged[-1]["files"] == ["curve.png", "notes.txt"]
    # the model kept is the model logged
    again = analyst.load_model(record.ref)
    assert np.array_equal(again.predict_proba(X_test), model.predict_proba(X_test))


def test_an_exception_in_the_block_records_the_run_as_failed(analyst):
    with pytest.raises(ZeroDivisionError), analyst.start_run("credit") as run:
        run.log_metric("loss", 0.5)
        1 / 0  # noqa: B018
    assert run.record.status == "failed" and "ZeroDivisionError" in run.record.error
    assert run.record.metrics["values"] == {"loss": 0.5}


@pytest.mark.both_backends
def test_a_crashed_script_leaves_the_run_failed_not_running(api_ws):
    script = textwrap.dedent(
        f"""
        import airlock
        ws = airlock.open({str(api_ws[0])!r}, user="ana", password={PASSWORDS["ana"]!r})
        run = ws.start_run("crashy")
        run.log_params({{"alpha": 1}})
        raise RuntimeError("the kernel died")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1 and "the kernel died" in done.stderr
    with airlock.open(api_ws[0], user="ana", password=PASSWORDS["ana"]) as ws:
        (run,) = ws.runs("crashy")
    assert run.status == "failed" and run.params == {"alpha": 1}
    assert "the Python process ended before the run ended" in run.error


def test_closing_locks_the_session(api_ws):
    ws = airlock.open(api_ws[0], user="ana", password=PASSWORDS["ana"])
    run = ws.start_run("left-open")
    ws.close()
    assert run.record.status == "failed"
    with pytest.raises(airlock.WorkspaceError, match="closed"):
        ws.runs()
    assert entries(api_ws[1], "auth.lock")[-1]["reason"] == "closed from Python"


def test_a_lambda_is_refused_with_its_type_named(analyst):
    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        X_train, _X_test, y_train, _ = run.split()
        model = numeric(make_pipeline(FunctionTransformer(lambda x: x * 2), LogisticRegression()))
        model.fit(X_train, y_train)
        with pytest.raises(airlock.ValidationError) as refused:
            run.log_model(model)
    assert "test_api.<lambda> (a lambda)" in refused.value.message
    assert run.record.model_object_id is None


class NotebookStep(FunctionTransformer):
    pass


def test_a_class_from_the_notebook_is_refused_until_its_module_is_trusted(analyst, api_ws, team):
    from tests.api.custom_steps import Doubler

    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        X_train, _X_test, y_train, _ = run.split()
        local = numeric(make_pipeline(NotebookStep(), LogisticRegression())).fit(X_train, y_train)
        with pytest.raises(airlock.ValidationError, match=r"test_api\.NotebookStep"):
            run.log_model(local)
        mine = numeric(make_pipeline(Doubler(), LogisticRegression())).fit(X_train, y_train)
        with pytest.raises(
            airlock.ValidationError, match=r"tests\.api\.custom_steps\.Doubler"
        ) as e:
            run.log_model(mine)
        assert "airlock settings trusted_code tests.api.custom_steps" in e.value.hint
    # an insider writing the settings table directly changes nothing: the signed log decides
    from engine.store.schema import SettingRow

    engine_ws = api_ws[1]
    with engine_ws.db.transaction() as session:
        session.add(SettingRow(name="trusted_code", value=json.dumps("tests.api.custom_steps")))
    with (
        analyst.start_run("credit", dataset="loans@1", target="default") as run,
        pytest.raises(airlock.ValidationError, match="Doubler"),
    ):
        run.log_model(mine)
    with engine_ws.db.transaction() as session:
        session.delete(session.get(SettingRow, "trusted_code"))
    # an analyst may not trust code; an administrator may (audited)
    with pytest.raises(airlock.PermissionDenied):
        analyst.engine.settings.set(analyst.actor, "trusted_code", "tests.api.custom_steps")
    for refused in ("os", "numpy", "joblib", "dill", "bank.__main__", "airlock"):
        with pytest.raises(airlock.ValidationError, match="standard library"):
            engine_ws.settings.set(team["admin"], "trusted_code", refused)
    engine_ws.settings.set(team["admin"], "trusted_code", "tests.api.custom_steps")
    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        run.log_model(mine)
    assert run.record.spec["trusted_code"] == ["tests.api.custom_steps"]
    version = analyst.register(run, "custom")
    assert version.manifest["trusted_code"] == ["tests.api.custom_steps"]
    _version, loaded = analyst.engine.registry.versions.load(analyst.actor, version.ref)
    assert type(loaded.steps[-1][1].steps[0][1]) is Doubler
    # a bundle carries the list in its signed manifest: served without a workspace
    from engine.serving.bundle_serve import BundleCatalogue

    exported = analyst.engine.registry.deploy.export_bundle(
        analyst.actor, version.ref, api_ws[0].parent / "custom.zip"
    )
    served = BundleCatalogue(api_ws[0].parent / "custom.zip", exported.fingerprint).get("custom")
    assert type(served.model.steps[-1][1].steps[0][1]) is Doubler
    # untrusting the module takes the model out again
    engine_ws.settings.set(team["admin"], "trusted_code", "")
    with pytest.raises(airlock.IntegrityError, match=r"tests\.api\.custom_steps\.Doubler"):
        analyst.engine.registry.versions.load(analyst.actor, version.ref)


def test_autolog_of_a_grid_search_records_candidates_cv_scores_and_the_model(analyst):
    airlock.autolog()
    try:
        with analyst.start_run("credit", dataset="loans@1", target="default") as run:
            X_train, _X_test, y_train, _ = run.split()
            search = GridSearchCV(
                numeric(LogisticRegression()),
                {"logisticregression__C": [0.01, 0.1, 1.0]},
                scoring="roc_auc",
                cv=3,
            )
            search.fit(X_train, y_train)
    finally:
        airlock.autolog(disable=True)
    record = run.record
    artifacts = analyst.engine.training.artifacts(analyst.actor, record)
    candidates = artifacts["search"]["candidates"]
    assert len(candidates) == 3 and artifacts["search"]["metric"] == "roc_auc"
    assert {c["params"]["logisticregression__C"] for c in candidates} == {0.01, 0.1, 1.0}
    assert candidates[0]["mean"] == pytest.approx(search.best_score_)  # best first, as a float
    assert record.metrics["cv_mean"]["roc_auc"] == pytest.approx(search.best_score_)
    assert len(record.metrics["cv"]) == 3
    assert (
        record.params["best_logisticregression__C"] == search.best_params_["logisticregression__C"]
    )
    assert record.model_object_id is not None and "roc_auc" in record.metrics["test"]
    # the search's own settings, not the fits inside it or inside Airlock's evaluation
    assert record.params["cv"] == 3 and record.params["scoring"] == "roc_auc"
    assert not any(k.startswith("estimator__") for k in record.params)
    assert "neg_label" not in record.params  # a LabelBinarizer fitted by a metric
    assert record.spec["tags"]["estimator"] == "GridSearchCV"
    assert record.model == "sklearn.LogisticRegression (pipeline)"  # the best estimator
    # the fits of clones inside scikit-learn's cross-validation are not the run's model
    from sklearn.model_selection import cross_val_score

    airlock.autolog()
    try:
        with analyst.start_run("credit", dataset="loans@1", target="default") as cv_run:
            X_train, _X_test, y_train, _ = cv_run.split()
            scores = cross_val_score(numeric(LogisticRegression()), X_train, y_train, cv=3)
            cv_run.log_metric("cv_accuracy", float(scores.mean()))
    finally:
        airlock.autolog(disable=True)
    assert cv_run.record.model_object_id is None and cv_run.record.params == {}
    # a fit outside any run logs nothing (and autolog is off again)
    runs = len(analyst.runs())
    numeric(LogisticRegression()).fit(run.split().X_train, run.split().y_train)
    assert len(analyst.runs()) == runs


def test_data_get_is_audited_and_save_records_lineage(analyst, api_ws, tmp_path):
    file = tmp_path / "more.csv"
    file.write_text("a,b\n1,x\n2,\n", encoding="utf-8")
    imported_version = analyst.data.import_file(file, "more")
    assert imported_version.version.ref == "more@1" and imported_version.version.rows == 2
    assert [d.name for d in analyst.data.datasets()] == ["loans", "more"]
    frame = analyst.data.get("loans@1")
    assert len(frame) == 600 and frame["region"].str.contains("الرياض").any()
    read = entries(api_ws[1], "data.export")[-1]
    assert read["format"] == "python" and read["version"] == "loans@1"
    frame["ratio"] = frame["debt_ratio"] / frame["age"]
    stored = analyst.data.save(frame, "loans_features", note="ratio added")
    version = analyst.data.version("loans_features@1")
    assert stored.version.id == version.id
    assert list(version.parents) == [analyst.data.version("loans@1").id]
    imported = entries(api_ws[1], "data.import")[-1]
    assert imported["format"] == "python"
    assert imported["source_name"] == analyst._source["notebook"]  # the notebook or script


def test_every_call_refuses_the_wrong_role_with_the_engines_message(api_ws):
    from tests.test_cli import airlock as cli

    with airlock.open(api_ws[0], user="aud", password=PASSWORDS["aud"]) as auditor:
        with pytest.raises(airlock.PermissionDenied) as run_refused:
            auditor.start_run("credit")
        with pytest.raises(airlock.PermissionDenied) as read_refused:
            auditor.data.get("loans@1")
        with pytest.raises(airlock.PermissionDenied):
            auditor.data.save(pd.DataFrame({"a": [1]}), "x")
        with pytest.raises(airlock.PermissionDenied):
            auditor.split("loans@1", "default")
        assert len(auditor.data.view("loans@1")) == 600  # looking is allowed
    done = cli(
        "data",
        "export",
        "loans@1",
        str(api_ws[0].parent / "out.csv"),
        workspace=api_ws[0],
        env={"AIRLOCK_USER": "aud", "AIRLOCK_PASSWORD": PASSWORDS["aud"]},
    )
    assert read_refused.value.message in done.stderr
    assert run_refused.value.message == (
        "Your role (auditor) does not allow you to train models and record runs."
    )


def test_html_reprs_are_self_contained(analyst):
    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        X_train, _X_test, y_train, _ = run.split()
        run.log_model(numeric(LogisticRegression()).fit(X_train, y_train))
    with analyst.start_run("credit", dataset="loans@1", target="default") as other:
        X_train, _X_test, y_train, _ = other.split()
        other.log_model(
            make_pipeline(
                make_column_transformer(
                    (OneHotEncoder(handle_unknown="ignore"), ["region"]), remainder="passthrough"
                ),
                HistGradientBoostingClassifier(max_iter=20),
            ).fit(X_train, y_train)
        )
    version = analyst.register(run, "shown")
    pages = [
        run._repr_html_(),
        analyst.compare(run, other)._repr_html_(),
        analyst.drift("loans@1", "loans@1")._repr_html_(),
        analyst.fairness(version.ref, ["region"])._repr_html_(),
        analyst.model_card(version.ref)._repr_html_(),
    ]
    assert "الرياض" in pages[3] and "four-fifths" in pages[3]
    assert "shown@1" in pages[4]
    assert "credit#1" in pages[0] and "roc_auc" in pages[0]
    assert "credit#2" in pages[1] and "<b>" in pages[1]
    assert "debt_ratio" in pages[2] and "0 of 5 columns drift" in pages[2]
    for page in pages:  # self-contained: nothing fetched, nothing run
        assert "http" not in page and "<script" not in page and "src=" not in page


# (role, the call, the action it needs): every public call that changes or exports
REFUSALS = [
    ("auditor", lambda ws, f: ws.start_run("x"), "training.run"),
    ("auditor", lambda ws, f: ws.split("loans@1", "default"), "training.run"),
    ("auditor", lambda ws, f: ws.data.get("loans@1"), "data.export"),
    ("validator", lambda ws, f: ws.data.get("loans@1"), "data.export"),
    ("auditor", lambda ws, f: ws.data.save(pd.DataFrame({"a": [1]}), "x"), "data.import"),
    ("validator", lambda ws, f: ws.data.import_file(f, "x"), "data.import"),
    ("auditor", lambda ws, f: ws.register("credit#1", "m"), "registry.register"),
    ("validator", lambda ws, f: ws.stage("m@1", "staging"), "registry.promote"),
    ("auditor", lambda ws, f: ws.request_production("m@1"), "registry.request"),
    ("validator", lambda ws, f: ws.save_model_card("m@1", {}), "governance.card"),
    ("auditor", lambda ws, f: ws.fairness("m@1"), "governance.assess"),
    ("auditor", lambda ws, f: ws.run_tests("m@1", {"name": "t"}), "registry.test"),
    ("auditor", lambda ws, f: ws.score("m@1", pd.DataFrame({"a": [1]})), "registry.score"),
    ("analyst", lambda ws, f: ws.approve("m@1", reason="r", password="p"), "registry.approve"),
    ("analyst", lambda ws, f: ws.verify_audit(), "audit.verify"),
]
USERS = {"analyst": "ana", "validator": "val", "auditor": "aud"}


@pytest.mark.parametrize(("role", "call", "action"), REFUSALS)
def test_each_call_refuses_a_role_as_the_engine_does(api_ws, tmp_path, role, call, action):
    from engine.security import rbac

    file = tmp_path / "x.csv"
    file.write_text("a\n1\n")
    name = USERS[role]
    with (
        airlock.open(api_ws[0], user=name, password=PASSWORDS[name]) as ws,
        pytest.raises(airlock.PermissionDenied) as refused,
    ):
        call(ws, file)
    assert (
        refused.value.message
        == f"Your role ({role}) does not allow you to {rbac.describe(action)}."
    )
    denied = entries(api_ws[1], "access.denied")
    assert denied[-1]["action"] == action  # the refusal is in the audit log


def test_bad_input_gets_a_clear_error_and_records_nothing_wrong(analyst, tmp_path):
    with analyst.start_run("plain") as run:
        with pytest.raises(airlock.ValidationError, match="'loss' must be a number"):
            run.log_metric("loss", "low")
        with pytest.raises(airlock.ValidationError, match="no split"):
            run.split()
        with pytest.raises(airlock.ValidationError, match="There is no file"):
            run.log_artifact(tmp_path / "missing.txt")
        with pytest.raises(airlock.ValidationError, match="matplotlib figure"):
            run.log_figure("not a figure", "f")
        run.log_metric("loss", 0.25)
    assert run.record.status == "finished" and run.record.metrics["values"] == {"loss": 0.25}
    with pytest.raises(airlock.ValidationError, match="has ended"):
        run.log_metric("loss", 0.1)
    # a run without data is tracking only: it cannot be registered
    with pytest.raises(airlock.ValidationError, match="has no model"):
        analyst.register(run, "m")
    with pytest.raises(airlock.ValidationError, match="needs both the dataset and the target"):
        analyst.start_run("x", dataset="loans@1")
    with pytest.raises(airlock.ValidationError, match="not a column"):
        analyst.start_run("x", dataset="loans@1", target="nope")
    # a model fitted on a column computed outside its pipeline is refused, naming it
    with analyst.start_run("credit", dataset="loans@1", target="default") as data_run:
        X_train, _X_test, y_train, _ = data_run.split()
        wider = X_train.assign(ratio=X_train["debt_ratio"] / X_train["age"])
        model = numeric(LogisticRegression())
        model.steps[0][1].transformers[0] = (
            "pipeline",
            model.steps[0][1].transformers[0][1],
            ["income", "age", "debt_ratio", "ratio"],
        )
        model.fit(wider, y_train)
        with pytest.raises(airlock.ValidationError, match="reads 'ratio'"):
            data_run.log_model(model, input_example=wider.head())
    # a run from code cannot be re-run by Airlock: it says so
    with pytest.raises(airlock.ValidationError, match="made by Python code"):
        analyst.engine.training.rerun(analyst.actor, run.record.ref)


def test_html_escapes_every_value():
    from engine.htmlrepr import grid, table_page

    page = table_page("<run>", [("note", "<script>alert(1)</script>"), ("nan", float("nan"))])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;run&gt;" in page and "<th" not in page  # names and values: no header row
    assert "<th" in grid(("a",), [(1,)])


def _gadget(module: str, name: str, args: tuple):
    """An object skops saves as 'call module.name(*args) when loading'."""

    class Gadget:
        def __reduce__(self):
            return (Gadget, args)

    Gadget.__module__, Gadget.__name__, Gadget.__qualname__ = module, name, name
    return Gadget()


@pytest.mark.parametrize(
    ("module", "name", "args"),
    [
        ("builtins", "eval", ("open({marker!r}, 'w').write('pwned')",)),
        ("builtins", "exec", ("open({marker!r}, 'w').write('pwned')",)),
        ("numpy", "memmap", ("{marker}", "uint8", "w+", 0, (4,))),
        ("joblib", "load", ("{marker}",)),
        ("sklearn.base", "clone", ("{marker}",)),
    ],
)
def test_a_model_that_calls_a_function_when_loaded_is_refused_on_every_path(
    analyst, tmp_path, module, name, args
):
    """The attack: a model whose file names a function (or a class with side effects) that
    skops would call while loading it — on a validator's, an auditor's or the scoring
    service's machine, with their keys in memory."""
    from engine.training.modelio import dumps, loads

    marker = str(tmp_path / "pwned")
    filled = tuple(a.format(marker=marker) if isinstance(a, str) else a for a in args)
    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        X_train, _X_test, y_train, _ = run.split()
        model = numeric(LogisticRegression()).fit(X_train, y_train)
        model.evil = _gadget(module, name, filled)
        with pytest.raises(airlock.ValidationError, match=f"{module}.{name}"):
            run.log_model(model)
    assert run.record.model_object_id is None
    # an insider who writes the file and its type list directly: refused before loading
    data, types = dumps(model)
    assert f"{module}.{name}" in types
    with pytest.raises(airlock.IntegrityError, match=f"{module}.{name}"):
        loads(data, types, "the model")
    assert not (tmp_path / "pwned").exists()


def test_the_model_kept_is_the_one_logged_and_evaluated(analyst):
    """A model changed after log_model (refitted on flipped labels) does not replace the
    model whose test metrics were recorded."""
    with analyst.start_run("credit", dataset="loans@1", target="default") as run:
        X_train, X_test, y_train, y_test = run.split()
        model = numeric(LogisticRegression()).fit(X_train, y_train)
        logged = model.predict_proba(X_test)
        run.log_model(model)
        model.fit(X_train, 1 - y_train)  # now the opposite model
    from sklearn.metrics import roc_auc_score

    stored = analyst.load_model(run.record)
    assert np.array_equal(stored.predict_proba(X_test), logged)
    assert run.record.metrics["test"]["roc_auc"] == pytest.approx(
        roc_auc_score(y_test, stored.predict_proba(X_test)[:, 1])
    )


def test_autolog_covers_inherited_fits_multi_metric_searches_and_threads(analyst):
    import threading

    airlock.autolog()
    try:
        # HistGradientBoostingClassifier inherits its fit from a base class
        with analyst.start_run(
            "credit", dataset="loans@1", target="default", features=["income", "age", "debt_ratio"]
        ) as plain:
            X_train, _X_test, y_train, _ = plain.split()
            HistGradientBoostingClassifier(max_iter=20).fit(X_train, y_train)
        assert plain.record.model == "sklearn.HistGradientBoostingClassifier"
        assert plain.record.params["max_iter"] == 20 and "roc_auc" in plain.record.metrics["test"]
        # several metrics: the one the search refits on
        with analyst.start_run(
            "credit", dataset="loans@1", target="default", features=["income", "age", "debt_ratio"]
        ) as multi:
            search = GridSearchCV(
                numeric(LogisticRegression()),
                {"logisticregression__C": [0.1, 1.0]},
                scoring=["accuracy", "roc_auc"],
                refit="roc_auc",
                cv=3,
            )
            search.fit(X_train, y_train)
        assert multi.record.status == "finished" and multi.record.model_object_id
        assert multi.record.metrics["cv_mean"]["roc_auc"] == pytest.approx(search.best_score_)
        # a fit in another thread does not log into this thread's run
        with analyst.start_run("threads") as other:
            worker = threading.Thread(
                target=lambda: numeric(LogisticRegression()).fit(X_train, y_train)
            )
            worker.start()
            worker.join()
        assert other.record.params == {} and other.record.model_object_id is None
    finally:
        airlock.autolog(disable=True)
    from sklearn.ensemble._hist_gradient_boosting.gradient_boosting import (
        BaseHistGradientBoosting,
    )

    assert not hasattr(BaseHistGradientBoosting.fit, "_airlock_autolog")  # put back


def test_a_run_that_cannot_be_recorded_stays_open_and_the_error_is_kept(api_ws, monkeypatch):
    ws = airlock.open(api_ws[0], user="ana", password=PASSWORDS["ana"])
    real = ws.engine.training.record_code_run
    calls = []

    def broken(actor, code):
        calls.append(code.status)
        if len(calls) == 1:
            raise airlock.WorkspaceError("The database is not reachable.")
        return real(actor, code)

    monkeypatch.setattr(ws.engine.training, "record_code_run", broken)
    with pytest.raises(ZeroDivisionError) as raised, ws.start_run("flaky") as run:
        run.log_metric("loss", 0.5)
        1 / 0  # noqa: B018
    assert "could not be recorded as failed: The database is not reachable" in str(
        raised.value.__notes__
    )
    assert not run.ended  # not lost: closing records it
    ws.close()
    assert calls == ["failed", "failed"] and run.record.status == "failed"
    assert "ZeroDivisionError" in run.record.error  # its own reason, kept


def test_a_role_taken_away_during_a_run_is_refused_when_it_is_recorded(api_ws, team):
    ws = airlock.open(api_ws[0], user="ana", password=PASSWORDS["ana"])
    run = ws.start_run("late")
    run.log_metric("loss", 0.5)
    api_ws[1].users.set_role(team["admin"], "ana", "auditor")  # an administrator, meanwhile
    with pytest.raises(airlock.PermissionDenied, match="does not allow you to train"):
        run.end()
    assert not run.ended and ws.runs() == []  # nothing recorded under a role it lost
    with pytest.warns(UserWarning, match="could not be recorded as failed"):
        ws.close()
