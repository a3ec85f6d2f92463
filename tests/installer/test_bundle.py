"""The PyInstaller one-folder app starts offscreen, creates the demo workspace and signs in
to it (its main window lists the areas). Runs with `make test-bundle`, which builds the
bundle first (several minutes), not in `make test`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

BUNDLE = os.environ.get("AIRLOCK_TEST_BUNDLE")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BUNDLE, reason="needs a built bundle: run `make test-bundle`"),
]


def test_the_built_app_starts_and_signs_in_to_the_demo(tmp_path):
    app = Path(BUNDLE or "") / "airlock-desktop"
    assert app.is_file(), f"{app} was not built"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AIRLOCK_DEMO_DIR": str(tmp_path),
        "AIRLOCK_UNSAFE_FAST_KDF": "1",
        "HOME": str(tmp_path),
    }
    env.pop("PYTHONPATH", None)  # the bundle brings its own Python and packages
    done = subprocess.run(
        [str(app), "--demo", "--smoke-test"], capture_output=True, text=True, env=env, timeout=900
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert (
        "SMOKE_OK areas=dashboard,data,experiments,models,pipelines,monitoring,"
        "governance,evidence,audit,admin" in done.stdout
    )
    assert any(tmp_path.rglob("airlock.toml"))  # the demo workspace was made there


def test_the_bundle_ships_its_sbom_and_becomes_a_signed_release(tmp_path):
    import json
    import shutil
    import sys

    root = Path(__file__).resolve().parents[2]
    bundle = Path(BUNDLE or "")
    document = json.loads((bundle / "sbom.cdx.json").read_text())
    names = {c["name"].lower() for c in document["components"]}
    assert {"numpy", "scikit-learn", "pyside6_essentials", "pyinstaller"} <= names
    assert "pytest" not in names and "cyclonedx-bom" not in names  # build tools stay out
    assert "## For review" in (bundle / "licences.md").read_text()
    assert (bundle / "THIRD-PARTY-LICENCES.txt").stat().st_size > 100_000
    release, keys = tmp_path / "airlock", tmp_path / "keys"
    shutil.copytree(bundle, release, symlinks=True)
    tool = [sys.executable, str(root / "installer" / "release.py")]
    subprocess.run([*tool, "keygen", "--out", str(keys)], check=True, capture_output=True)
    signed = subprocess.run(
        [
            *tool,
            "sign",
            str(release),
            "--key",
            str(keys / "release-key.private"),
            "--version",
            "0.1.0",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fingerprint = signed.split("fingerprint ")[1].splitlines()[0]
    check = [
        sys.executable,
        "-I",
        str(root / "installer" / "verify_release.py"),
        str(release),
        "--fingerprint",
        fingerprint,
    ]
    assert "Result: VALID (0.1.0)" in subprocess.run(check, capture_output=True, text=True).stdout
    library = next((release / "_internal").rglob("libQt6Core*"))
    with open(library, "ab") as handle:
        handle.write(b"\0")
    refused = subprocess.run(check, capture_output=True, text=True)
    assert refused.returncode == 1 and "hash value doesn't match" in refused.stdout
