"""The holes of the old verifier, shown with its own code: the format-1 bundle in
tests/audit/data ships the verify_bundle.py of commit d76e5a6. An analyst forges entries into
that bundle in format 1 (her key, the log key to re-sign the checkpoint and the manifest, the
key list brought in line) — the old verifier says VALID to each forgery, today's verifiers
(and the one written from the format page alone) name the seq."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from engine.audit import merkle
from engine.audit.canonical import canonical_json
from engine.audit.notes import checkpoint_body, sign_note
from engine.audit.record import b64, entry_hash, signature_input
from engine.workspace import Workspace
from tests.audit import independent_verifier as independent
from tests.audit.insider import Insider, Key, new_key
from tests.helpers import lines

FIXTURE = Path(__file__).with_name("data") / "v1-workspace.zip"
ANA = ("ana", "analyst password 2")
BOB = ("bob", "bob password 123")  # disabled at seq 29 of the fixture's log


@pytest.fixture(scope="module")
def old(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("v1")
    with zipfile.ZipFile(FIXTURE) as archive:
        archive.extractall(folder)
    from conftest import Clock

    with Workspace.open(folder / "ws", clock=Clock(), allow_outdated=True) as ws:
        people = {name: Insider(ws, name, password) for name, password in (ANA, BOB)}
    with zipfile.ZipFile(folder / "v1-bundle.zip") as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    rows = [json.loads(line) for line in files["entries.jsonl"].splitlines()]
    return {"folder": folder, "files": files, "rows": rows, **people}


def forge(
    old: dict[str, Any],
    target: Path,
    entries: list[dict[str, Any]],
    keys: list[Key],
    signers: list[Key | None],
) -> Path:
    """Append format-1 entries (signed with `signers`), re-sign the checkpoint and manifest
    with the log key, and list the keys they introduce, as the insider can."""
    ana: Insider = old["ana"]
    rows = [dict(r) for r in old["rows"]]
    for entry, key in zip(entries, signers, strict=True):
        last = rows[-1]
        entry = {
            "v": 1,
            "log_id": last["log_id"],
            "seq": last["seq"] + 1,
            "prev": last["hash"],
            **entry,
        }
        entry.setdefault("time", "2026-03-18T09:20:00.000000Z")
        entry["hash"] = entry_hash(entry)
        entry["sig"] = (
            None if key is None else b64(key.private.sign(signature_input(entry["hash"], 1)))
        )
        rows.append(entry)
    leaves = [merkle.leaf_hash(bytes.fromhex(r["hash"])) for r in rows]
    note = sign_note(
        checkpoint_body(ana.origin, len(rows), merkle.root(leaves), rows[-1]["time"]),
        ana.log_key.name,
        ana.log_key.public,
        ana.log_key.private.sign,
    )
    listed = json.loads(old["files"]["keys.json"])
    for key in keys:
        owner = key.name.rsplit("/", 1)[1]
        listed["keys"].append(
            {
                **key.record("user", owner),
                "algorithm": "ed25519",
                "valid_from_seq": len(rows) - len(entries) + 1,
                "valid_to_seq": None,
            }
        )

    def edit(files):
        files["entries.jsonl"] = b"".join(canonical_json(r) + b"\n" for r in rows)
        files["checkpoints/latest.txt"] = note.encode()
        files["keys.json"] = json.dumps(listed, indent=1).encode()
        for name in [n for n in files if n.startswith(("proofs/", "checkpoints/saved"))]:
            del files[name]

    return ana.resign_bundle(old["folder"] / "v1-bundle.zip", target, edit)


def old_verifier(old: dict[str, Any], bundle: Path) -> subprocess.CompletedProcess:
    script = old["folder"] / "verify_bundle_d76e5a6.py"
    script.write_bytes(old["files"]["verify_bundle.py"])
    return subprocess.run(
        [sys.executable, "-I", str(script), str(bundle)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def cases(old: dict[str, Any]) -> dict[str, tuple[list, list, list, str]]:
    ana, bob = old["ana"], old["bob"]
    admin = ana.id_of("admin")
    me = {"user_id": ana.user_id, "role": "analyst", "key_id": ana.key.key_id}
    forged = new_key(f"{ana.origin}/user/{admin}")
    as_admin = {"user_id": admin, "role": "admin", "key_id": forged.key_id}
    return {
        "a key for another user": (
            [
                {
                    "actor": me,
                    "action": "user.passwd",
                    "target": f"user:{ana.user_id}",
                    "details": {"keys_added": [forged.record("user", admin)]},
                },
                {
                    "actor": as_admin,
                    "action": "user.role",
                    "target": f"user:{ana.user_id}",
                    "details": {"from": "analyst", "to": "admin"},
                },
            ],
            [forged],
            [ana.key, forged],
            "introduces a key for",
        ),
        "a claimed role": (
            [
                {
                    "actor": {**me, "role": "admin"},
                    "action": "audit.prune",
                    "target": "audit",
                    "details": {
                        "before": "2026-03-18T09:00:00.000000Z",
                        "through_seq": 22,
                        "retention_days": 730,
                    },
                }
            ],
            [],
            [ana.key],
            "claims the role 'admin'",
        ),
        "a signed failed login": (
            [
                {
                    "actor": me,
                    "action": "auth.fail",
                    "target": f"user:{admin}",
                    "details": {"reason": "wrong user name or password"},
                }
            ],
            [],
            [ana.key],
            "a failed login is written unsigned",
        ),
        "a recovery signed by a user key": (
            [{"actor": me, "action": "user.recover", "target": f"user:{admin}", "details": {}}],
            [],
            [ana.key],
            "user.recover must be signed by the recovery key",
        ),
        "a disabled signer": (
            [
                {
                    "actor": {
                        "user_id": bob.user_id,
                        "role": "validator",
                        "key_id": bob.key.key_id,
                    },
                    "action": "data.validate",
                    "target": "contract:x",
                    "details": {},
                }
            ],
            [],
            [bob.key],
            "was disabled at seq 29",
        ),
        "a backdated entry": (
            [
                {
                    "actor": me,
                    "action": "object.put",
                    "target": "object:x",
                    "details": {},
                    "time": "2021-01-01T00:00:00.000000Z",
                }
            ],
            [],
            [ana.key],
            "is dated 2021-01-01",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "a key for another user",
        "a claimed role",
        "a signed failed login",
        "a recovery signed by a user key",
        "a disabled signer",
        "a backdated entry",
    ],
)
def test_the_old_verifier_accepted_what_todays_rejects(old, tmp_path, name):
    entries, keys, signers, message = cases(old)[name]
    bundle = forge(old, tmp_path / "forged.zip", entries, keys, signers)
    before = old_verifier(old, bundle)
    assert before.returncode == 0 and "Result: VALID" in before.stdout, before.stdout
    first = len(old["rows"]) + 1
    text = lines(verify_bundle_now(bundle))
    assert f"seq {first}: INVALID: " in text and message in text, text
    ok, found = independent.verify(str(bundle))
    assert not ok and any(line.startswith(f"INVALID seq {first}:") for line in found), found


def verify_bundle_now(bundle: Path):
    from engine.audit.bundle_check import verify_bundle

    return verify_bundle(str(bundle))
