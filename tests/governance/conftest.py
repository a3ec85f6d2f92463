"""A deliberately unfair lending dataset: income is lower for women (a proxy), and the model
that never sees gender still approves women less often."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.training.spec import RunSpec

FAST = {"learning_curve": False, "n_jobs": 1, "explain": False, "folds": 3}


def lending(rows: int = 3000, seed: int = 5) -> pa.Table:
    rng = np.random.default_rng(seed)
    gender = rng.choice(["F", "M"], rows, p=[0.45, 0.55])
    region = rng.choice(["north", "south"], rows)
    income = rng.normal(9000, 2000, rows) - 2500 * (gender == "F")
    debt = rng.uniform(0, 1, rows)
    logit = 0.0009 * (income - 8000) - 2.0 * (debt - 0.5)
    approved = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return pa.table(
        {
            "applicant": pa.array(np.arange(rows)),
            "gender": pa.array(gender),
            "region": pa.array(region),
            "income": pa.array(income.round(0)),
            "debt": pa.array(debt.round(3)),
            "approved": pa.array(approved),
        }
    )


@pytest.fixture
def analyst(team):
    return team["analyst"]


@pytest.fixture
def lending_run(workspace, analyst, tmp_path):
    path = tmp_path / "lending.parquet"
    pq.write_table(lending(), path)
    workspace.data.import_file(analyst, path, "lending")
    workspace.data.annotations.tag(analyst, "lending", "gender", ["sensitive"])
    workspace.data.annotations.tag(analyst, "lending", "region", ["sensitive"])
    return workspace.training.train(
        analyst, RunSpec(dataset="lending@1", target="approved", model="logistic", **FAST)
    )
