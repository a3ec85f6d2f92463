"""A search on a Dask cluster (a LocalCluster of several worker processes on loopback)
through joblib's dask backend: the fits run on the workers, the results equal a local run."""

from __future__ import annotations

import pytest

from engine.errors import ValidationError
from engine.training.spec import RunSpec

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(
        n_workers=3,
        threads_per_worker=1,
        processes=True,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    )
    yield cluster
    cluster.close()


def test_a_search_runs_on_the_configured_scheduler(
    workspace, admin, analyst, loans, cluster, monkeypatch
):
    spec = {
        "dataset": "loans@1",
        "target": "default",
        "model": "decision_tree",
        "search": "grid",
        "space": {"max_depth": [2, 4]},
        "folds": 3,
        "explain": False,
        "learning_curve": False,
    }
    local = workspace.training.train(analyst, RunSpec(**spec))
    address = cluster.scheduler_address
    workspace.settings.set(admin, "dask_scheduler", address)
    assert workspace.training.scheduler(analyst) == address
    with distributed.Client(address) as client:
        before = sum(client.run(lambda dask_worker: dask_worker.state.transition_counter).values())
        remote = workspace.training.train(analyst, RunSpec(**spec))
        per_worker = client.run(lambda dask_worker: dask_worker.state.transition_counter)
    assert len(per_worker) == 3
    assert sum(per_worker.values()) > before  # the fits ran on the cluster's workers
    assert remote.metrics["backend"] == f"dask {address}"
    assert local.metrics["backend"] == "local processes"
    assert remote.metrics["cv"] == local.metrics["cv"]  # the same work, elsewhere
    assert remote.metrics["test"] == local.metrics["test"]
    monkeypatch.setenv("AIRLOCK_DASK_SCHEDULER", "tcp://127.0.0.1:9")  # nothing listens
    with pytest.raises(
        ValidationError,
        match=r"Cannot reach the Dask scheduler at "
        r"tcp://127\.0\.0\.1:9",
    ):
        workspace.training.train(analyst, RunSpec(**spec))


def test_the_scheduler_setting_is_checked(workspace, admin):
    with pytest.raises(ValidationError, match=r"looks like tcp://10\.0\.0\.5:8786"):
        workspace.settings.set(admin, "dask_scheduler", "http://example")
    workspace.settings.set(admin, "dask_scheduler", "")
