"""Attack-risk checks: the loss-threshold membership attack finds an overfit model and not a
regularised one, robustness under noise, both in the model card; the scoring input-range
guard reports values outside the training range and refuses them with strict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from engine.errors import ValidationError
from engine.governance import attacks


def data(rows, seed):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=rows), "b": rng.normal(size=rows)})
    y = np.where(rng.random(rows) < 1 / (1 + np.exp(-X["a"])), "yes", "no")
    return X, y


def test_membership_advantage_separates_overfit_from_regularised_models():
    X, y = data(1000, 1)
    X2, y2 = data(1000, 2)
    tree = DecisionTreeClassifier(random_state=0).fit(X, y)  # memorises its rows
    logistic = LogisticRegression(C=0.1).fit(X, y)
    assert attacks.membership_advantage(tree, X, y, X2, y2, "binary") > 0.3
    assert attacks.membership_advantage(logistic, X, y, X2, y2, "binary") < attacks.MIA_RISK

    def accuracy(model, features, truth):
        return float(np.mean(model.predict(features) == truth))

    clean, noisy = attacks.robustness(logistic, X2, y2, "binary", accuracy)
    assert clean == pytest.approx(accuracy(logistic, X2, y2)) and noisy < clean + 0.02


def test_the_card_reports_attack_risk(workspace, analyst, lending_run):
    version = workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    security = workspace.governance.cards.card(analyst, version.ref)["sections"]["security"]
    assert security["membership_inference_risk"] == "low"
    assert 0 <= security["membership_inference_advantage"] < 0.1
    assert security["accuracy_clean"] > 0.55 and security["accuracy_with_10pct_noise"] > 0.5


def test_scoring_reports_and_can_refuse_values_outside_the_training_range(
    workspace, analyst, lending_run, tmp_path
):
    from tests.governance.conftest import lending

    version = workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    table = lending(50, 11).to_pandas()
    table.loc[:4, "income"] = 10_000_000  # five rows far outside what training saw
    path = tmp_path / "new.parquet"
    pq.write_table(__import__("pyarrow").Table.from_pandas(table, preserve_index=False), path)
    done = workspace.registry.deploy.score(analyst, version.ref, path, tmp_path / "out.csv")
    assert done.out_of_range == {"income": 5}
    assert any("income: 5 rows outside [" in n for n in done.notes)
    with pytest.raises(ValidationError, match="outside the range lending@1 was trained on"):
        workspace.registry.deploy.score(
            analyst, version.ref, path, tmp_path / "out2.csv", strict=True
        )
    assert not (tmp_path / "out2.csv").exists()
