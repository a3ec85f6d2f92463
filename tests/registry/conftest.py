"""Registry fixtures: a trained run on loans@1 and the team that promotes it."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from engine.training.spec import RunSpec
from tests.conftest import PASSWORDS
from tests.training.conftest import loans_table

FAST = {"learning_curve": False, "n_jobs": 1, "explain": False, "folds": 3}


@pytest.fixture
def analyst(team):
    return team["analyst"]


@pytest.fixture
def validator(team):
    return team["validator"]


@pytest.fixture
def loans(workspace, analyst, tmp_path):
    path = tmp_path / "loans.parquet"
    pq.write_table(loans_table(), path)
    workspace.data.import_file(analyst, path, "loans")
    return "loans@1"


def train(workspace, actor, model="logistic", **kw):
    return workspace.training.train(
        actor, RunSpec(dataset="loans@1", target="default", model=model, **{**FAST, **kw})
    )


@pytest.fixture
def run(workspace, analyst, loans):
    return train(workspace, analyst)


@pytest.fixture
def registered(workspace, analyst, run):
    return workspace.registry.versions.register(analyst, run.ref, "credit")


VALIDATOR_PASSWORD = PASSWORDS["val"]
