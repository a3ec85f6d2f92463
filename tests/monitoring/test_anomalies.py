"""Anomalies and noise, apart from drift: outliers, missing and out-of-range spikes,
repeated rows, a batch that repeats an earlier one."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from engine.monitoring.anomalies import anomalies
from tests.monitoring.test_drift import frame


def test_clean_data_has_no_findings():
    report = anomalies(frame(3000, 1), frame(3000, 2))
    assert report.findings == [] and report.outlier_share_ref < 0.02


def test_outliers_spikes_and_repeated_rows_are_found():
    current = frame(3000, 3).to_pandas()
    rng = np.random.default_rng(4)
    wild = rng.choice(3000, 300, replace=False)
    current.loc[wild, "y"] = 500.0  # 10 % absurd values
    current.loc[rng.choice(3000, 600, replace=False), "x"] = np.nan
    current = current.iloc[list(range(3000)) + list(range(100))]  # 100 repeated rows
    report = anomalies(frame(3000, 1), pa.Table.from_pandas(current, preserve_index=False))
    text = " | ".join(report.findings)
    assert report.outliers_flagged and "outliers:" in text
    assert "x: missing values 0.0% → 20" in text
    assert "y: 10.1% of the values outside the reference range" in text
    assert "of the rows repeat another row" in text


def test_a_repeated_batch_is_named(workspace, team, tmp_path):
    analyst = team["analyst"]
    pq.write_table(frame(2000, 1), tmp_path / "ref.parquet")
    pq.write_table(frame(2000, 2), tmp_path / "jan.parquet")
    workspace.data.import_file(analyst, tmp_path / "ref.parquet", "reference")
    workspace.data.import_file(analyst, tmp_path / "jan.parquet", "batches")
    report = workspace.monitoring.anomalies(analyst, "reference@1", tmp_path / "jan.parquet")
    assert report.repeats_batch == "batches@1"
    assert "the batch repeats batches@1" in report.findings
    fresh = workspace.monitoring.anomalies(analyst, "reference@1", "batches@1")
    assert fresh.repeats_batch is None
