"""Bring your own model, for each flavour — a scikit-learn pipeline, LightGBM, XGBoost:
logged from code, then registered, assessed for fairness, carded, promoted through the
four-eyes approval, scored, served and monitored exactly as a catalog run is."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

import airlock
from tests.api.conftest import PASSWORDS

pytestmark = pytest.mark.real_clock  # airlock.open writes with the real clock too
NUMERIC = ["income", "age", "debt_ratio"]


def sklearn_model():
    return make_pipeline(
        make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore"), ["region"]), remainder="passthrough"
        ),
        HistGradientBoostingClassifier(max_iter=30),
    )


def _library(name: str):
    """The flavour's library (in the test extra); LightGBM also needs the system's OpenMP
    runtime (libgomp1), which .ci/run installs."""
    import importlib

    try:
        return importlib.import_module(name)
    except (ImportError, OSError) as exc:
        pytest.skip(f"{name} cannot be loaded here: {exc}")


def lightgbm_model():
    return _library("lightgbm").LGBMClassifier(n_estimators=30, verbose=-1)


def xgboost_model():
    return _library("xgboost").XGBClassifier(n_estimators=30, max_depth=3)


FLAVOURS = {
    "sklearn": (sklearn_model, None),
    "lightgbm": (lightgbm_model, NUMERIC),
    "xgboost": (xgboost_model, NUMERIC),
}


@pytest.mark.parametrize("flavour", list(FLAVOURS))
def test_a_model_from_code_goes_the_whole_governed_way(flavour, analyst, api_ws):
    from engine.serving.app import _score
    from engine.serving.served import Catalogue

    make, features = FLAVOURS[flavour]
    name = f"credit_{flavour}"
    with analyst.start_run("byo", dataset="loans@1", target="default", features=features) as run:
        X_train, X_test, y_train, _y_test = run.split()
        model = make().fit(X_train, y_train)
        run.log_model(model)
    record = run.record
    assert record.status == "finished" and record.model_object_id is not None
    assert record.model.startswith(flavour)
    # round trip: the stored model predicts identically
    again = analyst.load_model(record)
    assert np.array_equal(again.predict_proba(X_test), model.predict_proba(X_test))
    # registry, fairness, model card
    version = analyst.register(run, name)
    assert version.manifest["signature"]["inputs"][0]["name"] == X_train.columns[0]
    fairness = analyst.fairness(version.ref, ["region"])
    assert fairness.report.rows == len(X_test) and "region" in fairness._repr_html_()
    card = analyst.model_card(version.ref)
    assert card["ref"] == version.ref and version.ref in card._repr_html_()
    # a test suite
    suite = analyst.engine.registry.tests.run(
        analyst.actor, version.ref, {"name": "defaults", "check": [{"kind": "output"}]}
    )
    assert suite.passed
    # staging, the request, a validator's approval
    analyst.stage(version.ref, "staging")
    analyst.request_production(version.ref, note="from a notebook")
    with airlock.open(api_ws[0], user="val", password=PASSWORDS["val"]) as validator:
        validator.approve(version.ref, reason="reviewed", password=PASSWORDS["val"])
    assert analyst.model(version.ref).stage == "production"
    # batch scoring gives the model's own probabilities
    scored = analyst.score(version.ref, X_test)
    assert np.allclose(scored["probability_1"], model.predict_proba(X_test)[:, 1], atol=1e-12)
    # the scoring service loads it (approval checked) and answers the same
    catalogue = Catalogue(analyst.engine.registry, analyst.actor, "production", [name], None)
    catalogue.refresh()
    served = catalogue.get(name)
    body, _logged = _score(served, X_test.head(5).to_dict(orient="records"))
    assert body["predictions"] == [int(v) for v in model.predict(X_test.head(5))]
    # monitoring: prediction drift of the model between two datasets
    drift = analyst.engine.monitoring.prediction_drift(analyst.actor, name, "loans@1", "loans@1")
    assert drift.drifted == []
    # and the audit trail verifies
    with airlock.open(api_ws[0], user="aud", password=PASSWORDS["aud"]) as auditor:
        assert auditor.verify_audit().ok
