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


def test_install_from_the_wheelhouse_without_network(tmp_path, demo_template):
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
    # the Python API is in the wheel: a notebook on the workstation imports it
    api = run(
        str(target / "bin" / "python"),
        "-c",
        "import airlock; print(airlock.__version__, airlock.open.__name__)",
        env=clean,
    )
    assert api.stdout.split() == ["0.1.0", "open"], api.stderr
    serve_a_bundle_from(target, tmp_path, demo_template)
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


def serve_a_bundle_from(target: Path, tmp_path: Path, demo_template: Path) -> None:
    """The other network: the freshly installed Airlock serves a signed bundle, with no
    workspace and no AIRLOCK_* variable (issue 22)."""
    import signal
    import time

    from tests.serving.test_bundle_serve import PREDICT
    from tests.serving.test_serve import ANALYST, MODEL, PROJECT, call, free_port, read_records
    from tests.test_cli import airlock, ok

    ws_path = tmp_path / "ws"
    shutil.copytree(demo_template, ws_path)
    records = read_records(ws_path)[:3]
    out = ok(
        airlock(
            "bundle",
            "export",
            f"{MODEL}@1",
            str(tmp_path / "b.zip"),
            "-p",
            PROJECT,
            workspace=ws_path,
            env=ANALYST,
        )
    )
    fingerprint = out.split("signed by workspace key ")[1].split(" — ")[0]
    folder = tmp_path / "other-network"
    folder.mkdir()
    shutil.move(tmp_path / "b.zip", folder / "b.zip")
    bare = {k: v for k, v in os.environ.items() if not k.startswith(("AIRLOCK_", "PYTHONPATH"))}
    made = run(
        str(target / "bin" / "airlock"),
        "bundle",
        "token",
        "create",
        "t",
        "--models",
        MODEL,
        "--file",
        "tokens.json",
        cwd=folder,
        env=bare,
    )
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [
            str(target / "bin" / "airlock"),
            "bundle",
            "serve",
            "b.zip",
            "--expect-key",
            fingerprint,
            "--tokens",
            "tokens.json",
            "--port",
            str(port),
        ],
        cwd=folder,
        env=bare,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                status, body, _ = call(port, "POST", PREDICT, {"rows": records}, secret)
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.5)
        assert status == 200 and len(body["predictions"]) == 3, body
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 0
