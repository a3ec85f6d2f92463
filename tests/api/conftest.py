"""A workspace with an analyst, a validator and an auditor, and a dataset with what real
data has: missing values, text categories (some Arabic), integers with a non-integer
median, a binary target."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PASSWORDS = {"ana": "analyst password 1", "val": "validator pass 1", "aud": "auditor password 1"}


def loans(rows: int = 600, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    income = rng.normal(5000, 1500, rows).round(2)
    age = rng.integers(18, 70, rows)
    region = rng.choice(["الرياض", "جدة", "Dammam"], rows)
    debt = rng.normal(0.3, 0.1, rows)
    income[rng.random(rows) < 0.05] = np.nan
    logit = -1.0 + 2.5 * (debt - 0.3) * 10 - (np.nan_to_num(income, nan=5000) - 5000) / 1500
    default = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame(
        {"income": income, "age": age, "region": region, "debt_ratio": debt, "default": default}
    )


@pytest.fixture
def api_ws(workspace, team, tmp_path: Path):
    """(workspace path, the engine workspace): loans@1 imported by the analyst."""
    file = tmp_path / "loans.csv"
    loans().to_csv(file, index=False)
    workspace.data.import_file(team["analyst"], file, "loans")
    return workspace.path, workspace


@pytest.fixture
def analyst(api_ws):
    import airlock

    with airlock.open(api_ws[0], user="ana", password=PASSWORDS["ana"]) as ws:
        yield ws
