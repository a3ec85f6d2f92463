"""A workspace whose log is in audit format 1, made by the Airlock of commit d76e5a6
(tests/audit/data/v1-workspace.zip: users added, a role changed, a password reset, a user
disabled and enabled, the master key rotated, failed logins, a prune, a recovery). It verifies
before and after `airlock upgrade`, which continues the log in format 2; bundles exported
before and after both verify, with every verifier; and the format-1 part keeps the authority
checks, and its headers are bound from the boundary on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.audit.bundle_check import verify_bundle
from engine.audit.standalone import build_verifier
from engine.errors import WorkspaceError
from engine.workspace import Workspace
from tests.helpers import lines, raw_db

FIXTURE = Path(__file__).with_name("data") / "v1-workspace.zip"
ADMIN, AUDITOR = ("admin", "admin password 456"), ("aud", "auditor password 1")


@pytest.fixture
def old(tmp_path: Path) -> Path:
    with zipfile.ZipFile(FIXTURE) as archive:
        archive.extractall(tmp_path)
    return tmp_path


def standalone(bundle: Path, *extra: str, script: str | None = None) -> subprocess.CompletedProcess:
    path = bundle.with_name("verify_bundle_now.py")
    path.write_text(script or build_verifier())
    return subprocess.run(
        [sys.executable, "-I", str(path), str(bundle), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_v1_bundle_still_verifies(old):
    bundle = old / "v1-bundle.zip"
    kept = (old / "kept-checkpoint.txt").read_text()
    report = verify_bundle(str(bundle), kept)
    assert report.ok, lines(report)
    assert report.entries_checked == 31
    text = lines(report)
    assert "seq 8..9: note: 2 unsigned failed-login entries, adopted by seq 10" in text
    ran = standalone(bundle, "--trusted-checkpoint", str(old / "kept-checkpoint.txt"))
    assert ran.returncode == 0 and "Result: VALID" in ran.stdout, ran.stdout
    with zipfile.ZipFile(bundle) as archive:  # and the verifier it shipped with still agrees
        shipped = archive.read("verify_bundle.py").decode()
    assert standalone(bundle, script=shipped).returncode == 0


def test_upgrading_continues_the_log_in_format_2(old, clock, tmp_path):
    with pytest.raises(WorkspaceError, match="needs an upgrade"):
        Workspace.open(old / "ws", clock=clock)
    ws = Workspace.open(old / "ws", clock=clock, allow_outdated=True)
    try:
        admin = ws.login(*ADMIN)
        ws.upgrade(admin)
    finally:
        ws.close()
    with Workspace.open(old / "ws", clock=clock) as ws:
        auditor = ws.login(*AUDITOR)
        entries = ws.audit.entries(auditor)
        boundary = next(e for e in entries if e.v == 2)
        assert all(e.v == 1 for e in entries[: boundary.seq - 1])
        assert all(e.v == 2 for e in entries[boundary.seq - 1 :])
        assert boundary.action == "workspace.upgrade"
        assert boundary.details["audit_format"] == 2
        assert boundary.details["v1_headers"]["entries"] == boundary.seq - 1
        # the workspace goes on as format 2: disabling retires keys, enabling brings them back
        admin = ws.login(*ADMIN)
        ws.users.enable(admin, "bob")  # disabled under format 1: his key was never retired
        ws.users.disable(admin, "bob")
        last = ws.audit.entries(auditor)[-1]
        assert last.action == "user.disable" and last.details["keys_retired"]
        report = ws.audit.verify(
            auditor, trusted_checkpoint=(old / "kept-checkpoint.txt").read_text()
        )
        assert report.ok, lines(report)
        after = tmp_path / "after.zip"
        ws.audit.export(auditor, after)
    assert verify_bundle(str(after), (old / "kept-checkpoint.txt").read_text()).ok
    ran = standalone(after)
    assert ran.returncode == 0 and "Result: VALID" in ran.stdout, ran.stdout
    assert verify_bundle(str(old / "v1-bundle.zip")).ok


def test_after_the_upgrade_format_1_headers_are_bound(old, clock):
    with Workspace.open(old / "ws", clock=clock, allow_outdated=True) as ws:
        ws.upgrade(ws.login(*ADMIN))
    db = raw_db(old / "ws")
    # a pruned format-1 entry: its hash cannot be recomputed, so only the digest in the
    # boundary entry tells that its time was moved
    db.execute("UPDATE audit_entries SET time = '2024-01-08T09:02:21.000000Z' WHERE seq = 8")
    db.close()
    with Workspace.open(old / "ws", clock=clock) as ws:
        report = ws.audit.verify(ws.login(*AUDITOR))
    boundary = 34
    assert f"seq {boundary}: INVALID: the v1_headers digest does not match" in lines(report)


def test_format_1_entries_get_the_authority_checks_too(old, clock):
    """An analyst who forges a format-1 entry into the old log's bundle, claiming the role
    admin, with her own key, and re-signs the checkpoint and manifest, is caught as in
    format 2."""
    from engine.audit import merkle
    from engine.audit.canonical import canonical_json
    from engine.audit.notes import checkpoint_body, sign_note
    from engine.audit.record import b64, entry_hash, signature_input
    from tests.audit.insider import Insider

    with Workspace.open(old / "ws", clock=clock, allow_outdated=True) as ws:
        ana = Insider(ws, "ana", "analyst password 2")
    bundle = old / "v1-bundle.zip"
    with zipfile.ZipFile(bundle) as archive:
        rows = [json.loads(line) for line in archive.read("entries.jsonl").splitlines()]
    entry = {
        "v": 1,
        "log_id": rows[0]["log_id"],
        "seq": 32,
        "time": "2026-03-18T09:10:00.000000Z",
        "actor": {"user_id": ana.user_id, "role": "admin", "key_id": ana.key.key_id},
        "action": "user.role",
        "target": f"user:{ana.user_id}",
        "details": {"from": "analyst", "to": "admin"},
        "prev": rows[-1]["hash"],
    }
    entry["hash"] = entry_hash(entry)
    entry["sig"] = b64(ana.key.private.sign(signature_input(entry["hash"], 1)))
    rows.append(entry)
    leaves = [merkle.leaf_hash(bytes.fromhex(r["hash"])) for r in rows]
    note = sign_note(
        checkpoint_body(ana.origin, len(rows), merkle.root(leaves), entry["time"]),
        ana.log_key.name,
        ana.log_key.public,
        ana.log_key.private.sign,
    )

    def edit(files):
        files["entries.jsonl"] = b"".join(canonical_json(r) + b"\n" for r in rows)
        files["checkpoints/latest.txt"] = note.encode()
        for name in [n for n in files if n.startswith(("proofs/", "checkpoints/saved"))]:
            del files[name]

    forged = ana.resign_bundle(bundle, old / "forged.zip", edit)
    text = lines(verify_bundle(str(forged)))
    assert (
        f"seq 32: INVALID: claims the role 'admin', but the log gives {ana.user_id} the "
        "role 'analyst'" in text
    ), text
    assert "seq 32" in standalone(forged).stdout


def test_the_command_line_upgrade_and_verify(old):
    env = {**os.environ, "AIRLOCK_USER": ADMIN[0], "AIRLOCK_PASSWORD": ADMIN[1]}
    airlock = [sys.executable, "-m", "engine", "-w", str(old / "ws")]
    ran = subprocess.run(
        [*airlock, "audit", "verify"], capture_output=True, text=True, env=env, timeout=300
    )
    assert ran.returncode != 0 and re.search(r"airlock -w \S+ upgrade", ran.stderr)
    shutil.copytree(old / "ws", old / "backup")
    ran = subprocess.run(
        [*airlock, "upgrade"], capture_output=True, text=True, env=env, timeout=300
    )
    assert ran.returncode == 0, ran.stderr
    ran = subprocess.run(
        [*airlock, "audit", "verify"], capture_output=True, text=True, env=env, timeout=300
    )
    assert ran.returncode == 0 and "Result: VALID" in ran.stdout, ran.stdout + ran.stderr
