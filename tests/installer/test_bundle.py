"""The PyInstaller one-folder app starts offscreen, creates the demo workspace and signs in
to it (its main window lists the areas). Runs with `make test-bundle`, which builds the
bundle first (several minutes), not in `make test`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

BUNDLE = os.environ.get("AIRLOCK_TEST_BUNDLE")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not BUNDLE, reason="needs a built bundle: run `make test-bundle`")]


def test_the_built_app_starts_and_signs_in_to_the_demo(tmp_path):
    app = Path(BUNDLE or "") / "airlock-desktop"
    assert app.is_file(), f"{app} was not built"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AIRLOCK_DEMO_DIR": str(tmp_path),
           "AIRLOCK_UNSAFE_FAST_KDF": "1", "HOME": str(tmp_path)}
    env.pop("PYTHONPATH", None)  # the bundle brings its own Python and packages
    done = subprocess.run([str(app), "--demo", "--smoke-test"], capture_output=True,
                          text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "SMOKE_OK areas=dashboard,data,experiments,models,pipelines,monitoring," \
           "governance,evidence,audit,admin" in done.stdout
    assert any(tmp_path.rglob("airlock.toml"))  # the demo workspace was made there
