"""Training fixtures: small datasets with a real signal, imported into the workspace."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest


@pytest.fixture
def analyst(team):
    return team["analyst"]


def loans_table(rows: int = 600, seed: int = 3) -> pa.Table:
    rng = np.random.default_rng(seed)
    age = rng.integers(21, 70, rows)
    income = rng.lognormal(9, 0.4, rows).round(-1)
    city = rng.choice(["Riyadh", "Jeddah", "Dammam"], rows)
    debt = rng.uniform(0, 1, rows).round(3)
    logit = -1.0 + 3.0 * (debt - 0.5) - 0.02 * (age - 45) + 0.4 * (city == "Jeddah")
    default = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return pa.table(
        {
            "application_id": pa.array(np.arange(1000, 1000 + rows)),
            "age": pa.array(age),
            "income": pa.array(income),
            "city": pa.array(city),
            "gender": pa.array(rng.choice(["F", "M"], rows)),
            "debt": pa.array(debt),
            "segment": pa.array(rng.choice(["a", "b", "c"], rows)),
            "spend": pa.array((income * 0.3 + rng.normal(0, 200, rows)).round(1)),
            "default": pa.array(default),
        }
    )


@pytest.fixture
def loans(workspace, analyst, tmp_path):
    """loans@1: 600 rows, binary target `default`, `gender` tagged sensitive."""
    path = tmp_path / "loans.parquet"
    pq.write_table(loans_table(), path)
    workspace.data.import_file(analyst, path, "loans")
    workspace.data.annotations.tag(analyst, "loans", "gender", ["sensitive"])
    return "loans@1"
