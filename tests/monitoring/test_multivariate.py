"""Multivariate drift (domain classifier against a permutation baseline) and prediction
drift (a registered version's outputs on reference and current data)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.errors import ValidationError
from engine.monitoring.multivariate import domain_classifier
from engine.training.spec import RunSpec
from tests.training.conftest import loans_table


def correlated(rows: int, seed: int, rho: float) -> pa.Table:
    rng = np.random.default_rng(seed)
    a = rng.normal(0, 1, rows)
    b = rho * a + np.sqrt(1 - rho**2) * rng.normal(0, 1, rows)
    return pa.table({"a": a, "b": b, "c": rng.choice(["x", "y"], rows)})


def test_a_joint_change_invisible_column_by_column_is_found():
    # same marginals (both standard normal), different correlation: only the joint moved
    reference, current = correlated(3000, 1, 0.0), correlated(3000, 2, 0.9)
    found = domain_classifier(reference, current, ["a", "b", "c"])
    assert found.drifted and found.auc > 0.6 and found.auc > found.threshold
    assert {name for name, _ in found.top_features[:2]} == {"a", "b"}
    same = domain_classifier(correlated(3000, 3, 0.0), correlated(3000, 4, 0.0), ["a", "b", "c"])
    assert not same.drifted and abs(same.auc - 0.5) < 0.05


def test_the_domain_classifier_needs_rows_and_columns():
    with pytest.raises(ValidationError, match="at least 50 rows"):
        domain_classifier(correlated(30, 1, 0), correlated(30, 2, 0), ["a"])
    with pytest.raises(ValidationError, match="at least one column"):
        domain_classifier(correlated(300, 1, 0), correlated(300, 2, 0), [])


def test_prediction_drift_of_a_registered_version(workspace, team, tmp_path):
    analyst = team["analyst"]
    pq.write_table(loans_table(600, 3), tmp_path / "loans.parquet")
    workspace.data.import_file(analyst, tmp_path / "loans.parquet", "loans")
    run = workspace.training.train(
        analyst,
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            folds=2,
            learning_curve=False,
            explain=False,
            n_jobs=1,
        ),
    )
    workspace.registry.versions.register(analyst, run.ref, "credit")
    riskier = loans_table(600, 4).to_pandas()
    riskier["debt"] = np.clip(riskier["debt"] + 0.4, 0, 1.5)
    riskier.to_csv(tmp_path / "riskier.csv", index=False)
    report = workspace.monitoring.prediction_drift(
        analyst, "credit@1", "loans@1", tmp_path / "riskier.csv"
    )
    found = {c.column: c for c in report.columns}
    assert set(found) == {"prediction", "probability_0", "probability_1"}
    assert found["probability_1"].drifted and found["probability_1"].test == "ks"
    assert report.current == "credit@1 on riskier.csv"
    steady = workspace.monitoring.prediction_drift(analyst, "credit@1", "loans@1", "loans@1")
    assert steady.drifted == []
    mv = workspace.monitoring.multivariate(
        analyst, "loans@1", tmp_path / "riskier.csv", columns=["age", "income", "debt"]
    )
    assert mv.drifted and mv.top_features[0][0] == "debt"


def test_high_cardinality_columns_are_capped_not_fatal():
    rng = np.random.default_rng(5)
    ids = pa.array([f"id{i}" for i in range(2000)])
    reference = pa.table({"code": ids, "x": rng.normal(0, 1, 2000)})
    current = pa.table(
        {"code": pa.array([f"id{i}" for i in range(2000, 4000)]), "x": rng.normal(0, 1, 2000)}
    )
    found = domain_classifier(reference, current, ["code", "x"])
    assert found.rows == 2000  # ran: 254 levels kept, the rest "(other)"
