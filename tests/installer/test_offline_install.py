"""The whole air-gapped path, end to end: build the wheelhouse, sign the release, install it
into a fresh virtual environment with the network cut off (a network namespace), run the
smoke check; a tampered wheel is refused before anything is installed.

It downloads about 250 MB of wheels, so it runs with `make test-install`
(AIRLOCK_TEST_INSTALL=1), not in `make test`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("AIRLOCK_TEST_INSTALL") != "1",
        reason="downloads ~250 MB of wheels: run `make test-install`",
    ),
]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=1200, **kwargs)


def test_install_from_the_wheelhouse_without_network(tmp_path):
    release, keys = tmp_path / "release", tmp_path / "keys"
    # building is the connected machine's step: without the suite's network block
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PYTHON": sys.executable}
    built = run("sh", str(ROOT / "installer" / "build_wheelhouse.sh"), str(release), env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    # the SBOM lists every wheel of the wheelhouse but Airlock's own (its root component)
    document = json.loads((release / "sbom.cdx.json").read_text())
    wheels = {w.name for w in (release / "wheelhouse").glob("*.whl")}
    listed = {
        p["value"]
        for c in document["components"]
        for p in c.get("properties", [])
        if p["name"] == "airlock:wheel"
    }
    assert listed == {w for w in wheels if not w.startswith("airlock-")}
    assert document["metadata"]["component"]["name"] == "airlock"
    assert "## For review" in (release / "licences.md").read_text()
    assert (release / "install_offline.ps1").exists()
    run(sys.executable, str(ROOT / "installer" / "release.py"), "keygen", "--out", str(keys))
    signed = run(
        sys.executable,
        str(ROOT / "installer" / "release.py"),
        "sign",
        str(release),
        "--key",
        str(keys / "release-key.private"),
        "--version",
        "test",
    )
    assert signed.returncode == 0, signed.stderr
    printed = run(sys.executable, str(release / "verify_release.py"), str(release))
    fingerprint = printed.stdout.split("fingerprint ")[1].splitlines()[0]
    base = sys.base_prefix + "/bin/python3"
    cut = (
        ["unshare", "-n"]
        if shutil.which("unshare") and run("unshare", "-n", "true").returncode == 0
        else []
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    target = tmp_path / "airlock"
    done = run(
        *cut,
        "sh",
        str(release / "install_offline.sh"),
        str(release),
        str(target),
        "--fingerprint",
        fingerprint,
        env={**clean, "PYTHON": base},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke check passed" in done.stdout
    shown = run(
        str(target / "bin" / "python"),
        "-c",
        "from engine.governance.compliance import catalog; print(len(catalog()['controls']))",
    )
    assert shown.stdout.strip() == "27", shown.stderr
    assert (target / "bin" / "airlock-desktop").exists()
    started = run(
        str(target / "bin" / "python"),
        "-c",
        "import sys; from gui.app import run; print('gui importable')",
        env={**clean, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "gui importable" in started.stdout, started.stderr
    # a changed wheel: refused before anything is installed
    wheel = next((release / "wheelhouse").glob("numpy-*.whl"))
    with open(wheel, "ab") as handle:
        handle.write(b"\0")
    refused = run(
        *cut,
        "sh",
        str(release / "install_offline.sh"),
        str(release),
        str(tmp_path / "second"),
        "--fingerprint",
        fingerprint,
        env={**clean, "PYTHON": base},
    )
    assert refused.returncode == 1 and "hash value doesn't match" in refused.stdout
    assert "nothing was installed" in refused.stderr and not (tmp_path / "second").exists()
