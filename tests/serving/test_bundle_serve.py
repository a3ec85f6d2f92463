"""`airlock bundle serve`: a signed bundle served without any workspace — the key checked
against the fingerprint given out of band, tokens from a file, predictions kept as Parquet."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from tests.serving.test_serve import (
    ANALYST,
    MODEL,
    PROJECT,
    RECORDS,
    call,
    free_port,
    read_records,
)
from tests.test_cli import airlock, ok, user_error

PREDICT = f"/v1/models/{MODEL}/predict"


@pytest.fixture
def exported(demo_template, tmp_path):
    ws_path = tmp_path / "ws"
    shutil.copytree(demo_template, ws_path)
    if not RECORDS:
        RECORDS[:] = read_records(ws_path)
    out = ok(
        airlock(
            "bundle",
            "export",
            f"{MODEL}@1",
            str(tmp_path / "credit-1.zip"),
            "-p",
            PROJECT,
            workspace=ws_path,
            env=ANALYST,
        )
    )
    fingerprint = out.split("signed by workspace key ")[1].split(" — ")[0]
    other = tmp_path / "other-network"  # no workspace anywhere near
    other.mkdir()
    shutil.move(tmp_path / "credit-1.zip", other / "credit-1.zip")
    return other, fingerprint


def bare_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRLOCK_")}
    env["AIRLOCK_UNSAFE_FAST_KDF"] = os.environ.get("AIRLOCK_UNSAFE_FAST_KDF", "")
    return env


def run(folder, *args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=folder,
        env=bare_env(),
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )


def test_a_bundle_is_served_without_a_workspace(exported):
    folder, fingerprint = exported
    created = run(
        folder, "bundle", "token", "create", "loans", "--models", MODEL, "--file", "tokens.json"
    )
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip().splitlines()[-1]
    assert secret not in (folder / "tokens.json").read_text()
    assert (folder / "tokens.json").stat().st_mode & 0o077 == 0
    (folder / "log").mkdir()
    wrong = run(
        folder,
        "bundle",
        "serve",
        "credit-1.zip",
        "--expect-key",
        "ab" * 32,
        "--tokens",
        "tokens.json",
    )
    assert wrong.returncode == 1 and "not the one expected" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine",
            "bundle",
            "serve",
            "credit-1.zip",
            "--expect-key",
            fingerprint,
            "--tokens",
            "tokens.json",
            "--log-dir",
            "log",
            "--port",
            str(port),
            "--refresh",
            "0.5",
        ],
        cwd=folder,
        env=bare_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                if call(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        status, body, headers = call(port, "POST", PREDICT, {"rows": RECORDS[:5]}, secret)
        assert status == 200 and body["version"] == f"{MODEL}@1"
        assert body["stage"] == "production" and headers["x-airlock-stage"] == "production"
        answered = body["request_id"]
        # revoked in the file: refused within a refresh
        token_id = secret.split("_")[1]
        revoked = run(folder, "bundle", "token", "revoke", token_id, "--file", "tokens.json")
        assert revoked.returncode == 0, revoked.stderr
        time.sleep(1.5)
        status, body, _ = call(port, "POST", PREDICT, {"rows": RECORDS[:1]}, secret)
        assert status == 401 and "revoked" in body["error"]
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0, out
    assert f"serving {MODEL}@1 from credit-1.zip" in out
    [logged] = list((folder / "log").glob(f"{MODEL}_served-*.parquet"))
    table = pq.read_table(logged).to_pandas()
    assert list(table["request_id"]) == [answered] * 5
    assert logged.stat().st_mode & 0o077 == 0


def test_bundle_serve_needs_the_key_and_the_token_file(exported):
    folder, fingerprint = exported
    assert "the following arguments are required: --expect-key" in user_error(
        airlock("bundle", "serve", str(folder / "credit-1.zip"), "--tokens", "t.json"), 2
    )
    missing = run(
        folder,
        "bundle",
        "serve",
        "credit-1.zip",
        "--expect-key",
        fingerprint,
        "--tokens",
        "nope.json",
    )
    assert missing.returncode == 1 and "There is no token file nope.json" in missing.stderr


def test_the_bundles_dockerfile_runs_bundle_serve(exported):
    """No Docker here: the serve stage's ENTRYPOINT, with the run line its comment gives,
    is parsed by the real `airlock` parser, and what it COPYs is what the comment says to
    put beside it."""
    import json
    import re
    import zipfile

    from engine.cli import build_parser

    folder, fingerprint = exported
    with zipfile.ZipFile(folder / "credit-1.zip") as bundle:
        text = bundle.read("Dockerfile").decode()
    serve = text.split("FROM ")[1]  # the first stage
    assert serve.startswith("python:3.") and " AS serve" in serve.splitlines()[0]
    entry = re.search(r"ENTRYPOINT (\[.*?\])", serve.replace("\\\n", " "), re.S)
    words = json.loads(entry.group(1))
    assert words[:4] == ["airlock", "bundle", "serve", "/bundle/bundle.zip"]
    run_line = re.search(r"scoring-service:latest \\\n#\s+(.*)", text).group(1)
    extra = [w.strip('"') for w in run_line.split()]
    extra[extra.index("FINGERPRINT")] = fingerprint
    args = build_parser().parse_args([*words[1:], *extra])
    assert (args.host, args.port, str(args.tokens)) == ("0.0.0.0", 8443, "/secrets/tokens.json")
    assert args.expect_key == fingerprint and str(args.tls_cert) == "/secrets/cert.pem"
    assert "COPY bundle.zip /bundle/bundle.zip" in serve and "./bundle.zip" in text
    assert "COPY airlock-wheelhouse /wheelhouse" in serve and "./airlock-wheelhouse" in text
    assert 'ENTRYPOINT ["python", "/bundle/score.py"]' in text.split("FROM ")[2]  # default
