"""Key slots, passwords, rotation, recovery and the KDF bounds."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from engine.errors import (
    IntegrityError,
    PermissionDenied,
    ValidationError,
    WorkspaceError,
    WrongPassword,
)
from engine.security import kdf
from engine.security.keyslots import derive_kek
from engine.store.schema import WorkspaceState

from conftest import ADMIN_PASSWORD, PASSWORDS
from helpers import raw_db

pytestmark = pytest.mark.both_backends


def object_files(workspace) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (workspace.path / "objects").rglob("*")
        if p.is_file()
    }


def test_rotate_master_rewraps_keys_and_rewrites_no_payload(workspace, team):
    admin, analyst = team["admin"], team["analyst"]
    refs = [workspace.objects.put(analyst, os.urandom(n), "blob") for n in (10, 70000)]
    before = object_files(workspace)
    result = workspace.keys.rotate_master(admin)
    assert result.objects_rewrapped == 2 and result.slots_resealed == 5  # 4 users + recovery
    assert object_files(workspace) == before  # 0 payload bytes rewritten
    # the old session of another user no longer opens objects; a new login does
    with pytest.raises(WorkspaceError, match="log in again"):
        workspace.objects.get_bytes(analyst, refs[0].id)
    fresh = workspace.login("ana", PASSWORDS["ana"])
    assert workspace.objects.get_bytes(fresh, refs[1].id) == workspace.objects.get_bytes(
        admin, refs[1].id
    )
    assert workspace.audit.verify(admin).ok


def test_disabled_user_loses_access_on_rotation_and_regains_it_when_enabled(workspace, team):
    admin = team["admin"]
    workspace.users.disable(admin, "ana")
    workspace.keys.rotate_master(admin)
    workspace.users.enable(admin, "ana")
    assert workspace.login("ana", PASSWORDS["ana"]).role == "analyst"


def test_password_change_rewraps_one_slot_old_fails_new_works(workspace, team):
    analyst = team["analyst"]
    keys_before = sorted(p.name for p in (workspace.path / "keys").iterdir())
    workspace.users.change_password(analyst, PASSWORDS["ana"], "a brand new passphrase")
    keys_after = sorted(p.name for p in (workspace.path / "keys").iterdir())
    assert len(set(keys_before) - set(keys_after)) == 1  # exactly one slot replaced
    with pytest.raises(WrongPassword):
        workspace.login("ana", PASSWORDS["ana"])
    again = workspace.login("ana", "a brand new passphrase")
    assert again.key_id == analyst.key_id  # same signing key
    with pytest.raises(WrongPassword, match="current password"):
        workspace.users.change_password(again, "not the password!", "another passphrase")


def test_password_rules(workspace, admin):
    with pytest.raises(ValidationError, match=r"at least 12 characters long\. Got 5"):
        workspace.users.add(admin, "bob", "analyst", "short")
    with pytest.raises(ValidationError, match="not be the user name"):
        workspace.users.add(admin, "bobbybobbybob", "analyst", "BobbyBobbyBob")
    with pytest.raises(ValidationError, match="role must be one of"):
        workspace.users.add(admin, "bob", "superuser", "long enough password")


@pytest.mark.parametrize(
    "weak",
    [
        "password1234",
        "qwertyuiop12",
        "aaaaaaaaaaaa",
        "123456789012",
        "airlock12345",
        "bobthebuilder1",
    ],
)
def test_long_but_guessable_passwords_are_refused(workspace, admin, weak):
    with pytest.raises(ValidationError, match="too easy to guess") as refused:
        workspace.users.add(admin, "bobthebuilder", "analyst", weak)
    assert "passphrase" in refused.value.hint
    assert "bobthebuilder" not in [u.name for u in workspace.users.list(admin)]


def test_a_password_opens_its_slot_however_the_keyboard_composed_it(workspace, admin):
    import unicodedata

    typed = "أحمد يحب قهوة الصباح"  # أ: one code point, or alef + hamza (a Mac sends those)
    composed, decomposed = (unicodedata.normalize(f, typed) for f in ("NFC", "NFD"))
    assert composed != decomposed
    workspace.users.add(admin, "samir", "analyst", decomposed)
    assert workspace.login("samir", composed).name == "samir"
    assert workspace.login("samir", decomposed).name == "samir"
    plain = "Café crème brûlée au lait"
    workspace.users.add(admin, "chloe", "analyst", unicodedata.normalize("NFC", plain))
    assert workspace.login("chloe", unicodedata.normalize("NFD", plain)).name == "chloe"


def test_admin_reset_issues_new_keys_and_keeps_history_valid(workspace, team):
    admin, analyst = team["admin"], team["analyst"]
    workspace.objects.put(analyst, b"signed by the old key", "blob")
    user = workspace.users.reset_password(admin, "ana", "reset by the admin 1")
    assert user.signing_key_id != analyst.key_id
    assert workspace.login("ana", "reset by the admin 1").key_id == user.signing_key_id
    report = workspace.audit.verify(admin)
    assert report.ok, [f.line() for f in report.findings]
    retired = [k for k in report.keys if k.key_id == analyst.key_id]
    assert retired and retired[0].valid_to is not None


def test_recovery_key_resets_admin_and_is_audited(workspace, admin):
    recovery = workspace.recovery_key
    with pytest.raises(ValidationError, match="checksum"):
        workspace.recover(
            recovery[:-1] + ("A" if recovery[-1] != "A" else "B"), "admin", "new admin password 1"
        )
    wrong = workspace.recovery_key.replace("-", "")
    from engine.security.auth import format_recovery_key

    other = format_recovery_key(os.urandom(32))
    with pytest.raises(WrongPassword, match="recovery key is not correct"):
        workspace.recover(other, "admin", "new admin password 1")
    actor = workspace.recover(wrong.lower(), "admin", "new admin password 1")
    assert actor.role == "admin"
    with pytest.raises(WrongPassword):
        workspace.login("admin", ADMIN_PASSWORD)
    entries = workspace.audit.entries(actor)
    recover = next(e for e in entries if e.action == "user.recover")
    assert recover.user_id == "recovery" and recover.details["keys_retired"] == [admin.key_id]
    assert workspace.audit.verify(actor).ok


def test_the_recovery_key_can_be_replaced_and_the_old_one_stops_working(workspace, team):
    admin, analyst = team["admin"], team["analyst"]
    old = workspace.recovery_key
    with pytest.raises(PermissionDenied):
        workspace.keys.rotate_recovery(analyst)
    new = workspace.keys.rotate_recovery(admin, reason="the keeper left")
    assert new != old and len(new.split("-")) == 14
    with pytest.raises(WrongPassword, match="recovery key is not correct"):
        workspace.recover(old, "admin", "new admin password 1")
    [entry] = [e for e in workspace.audit.entries(admin) if e.action == "keys.rotate_recovery"]
    assert entry.details["reason"] == "the keeper left"
    assert [k["purpose"] for k in entry.details["keys_added"]] == ["recovery"]
    assert len(entry.details["keys_retired"]) == 1
    workspace.keys.rotate_master(admin)  # the new key's slot is resealed with the rest
    actor = workspace.recover(new, "admin", "new admin password 1")
    assert actor.role == "admin" and workspace.audit.verify(actor).ok


@pytest.mark.tampers
@pytest.mark.sqlite_only
def test_a_restored_old_recovery_slot_is_refused(workspace, team):
    # an insider kept a copy of the old slot file and the old printed key
    admin = team["admin"]
    old_key = workspace.recovery_key
    with workspace.db.reading() as session:
        old_slot = session.get(WorkspaceState, 1).recovery_slot
    slot_file = workspace.path / "keys" / f"{old_slot}.slot"
    kept = slot_file.read_bytes()
    workspace.keys.rotate_recovery(admin)
    assert not slot_file.exists()  # the old slot is deleted
    slot_file.write_bytes(kept)
    db = raw_db(workspace.path)
    db.execute("UPDATE workspace_state SET recovery_slot = ?", (old_slot,))
    db.commit()
    db.close()
    with pytest.raises(IntegrityError, match="recovery key was replaced"):
        workspace.recover(old_key, "admin", "new admin password 1")
    assert workspace.login("admin", ADMIN_PASSWORD).role == "admin"  # nothing was reset


def test_kdf_parameters_out_of_bounds_are_refused_before_deriving(monkeypatch):
    calls = []
    monkeypatch.setattr(kdf, "Argon2id", lambda **kw: calls.append(kw))
    monkeypatch.delenv(kdf.FAST_KDF_ENV)
    for params, word in [
        ({"memory_kib": 1024, "iterations": 3, "lanes": 4}, "below"),
        ({"memory_kib": 2**30, "iterations": 3, "lanes": 4}, "above"),
        ({"memory_kib": 65536, "iterations": 1, "lanes": 4}, "below"),
        ({"memory_kib": 65536, "iterations": 3, "lanes": 64}, "above"),
    ]:
        spec = {"alg": "argon2id", "salt": "AAAAAAAAAAAAAAAAAAAAAA==", **params}
        with pytest.raises(IntegrityError, match=word):
            derive_kek(spec, "a password of some length", "alice")
    assert calls == []


def test_tampered_slot_is_refused_before_deriving(workspace, monkeypatch):
    """An attacker with file access rewrites a slot's KDF cost and its database pointer."""
    calls = []
    real = kdf.Argon2id
    monkeypatch.setattr(kdf, "Argon2id", lambda **kw: calls.append(kw) or real(**kw))
    db = raw_db(workspace.path)
    old = db.execute("SELECT slot FROM users WHERE name='admin'").fetchone()[0]
    slot = json.loads((workspace.path / "keys" / f"{old}.slot").read_bytes())
    slot["kdf"]["memory_kib"] = 2**31
    data = json.dumps(slot).encode()
    name = hashlib.sha256(data).hexdigest()
    (workspace.path / "keys" / f"{name}.slot").write_bytes(data)
    db.execute("UPDATE users SET slot=? WHERE name='admin'", (name,))
    db.commit()
    db.close()
    with pytest.raises(IntegrityError, match="above the maximum"):
        workspace.login("admin", ADMIN_PASSWORD)
    assert calls == []
    # the slot file edited in place (pointer unchanged) is caught by its hash
    (workspace.path / "keys" / f"{name}.slot").write_bytes(data + b" ")
    with pytest.raises(IntegrityError, match="modified on disk"):
        workspace.login("admin", ADMIN_PASSWORD)


def test_default_parameters_are_within_bounds_and_strong():
    assert kdf.DEFAULT_PARAMS.memory_kib >= 64 * 1024 and kdf.DEFAULT_PARAMS.iterations >= 3
    kdf.check_params(kdf.DEFAULT_PARAMS, "default")


def test_rotation_after_a_shred_rewraps_the_rest_and_reseals_sealed_values(
    workspace, admin, team, tmp_path
):
    """A shredded object has no data key left: rotation skips it (it failed before), and
    values sealed under the metadata key still open under the new master key."""
    from engine.projects import ProjectFields

    analyst = team["analyst"]
    workspace.projects.create(analyst, "p", ProjectFields())
    csv = tmp_path / "x.csv"
    csv.write_text("id,n\nA1,1\nA2,2\nA3,3\n", encoding="utf-8")
    workspace.data.import_file(analyst, csv, "x", project="p")
    contract = workspace.data.contracts.infer(analyst, "x@1", "p")
    workspace.data.contracts.save(analyst, "x", contract, "p")
    workspace.governance.retention.erase(admin, "x", "id", ["A1"], reference="R-1", project="p")
    details = workspace.keys.rotate_master(admin)
    assert details.objects_rewrapped >= 2
    again = workspace.login("ana", PASSWORDS["ana"])
    assert workspace.data.contracts.get(again, "x", "p").body["columns"] == contract["columns"]
    assert workspace.data.read_table(again, "x@2", "p").num_rows == 2
