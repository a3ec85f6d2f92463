"""The audit log against an insider: one analyst's password and write access to the
workspace folder (normal for a team workspace on a shared folder), with a copy of the docs.
Each attack of the issue "the audit log proves who may sign, as whom, and in which role" is
made as that insider would (tests/audit/insider.py: her slot opened with her password, rows
written with a raw database connection, the checkpoint and the bundle manifest re-signed
with the log key her session can unwrap), on the live workspace and on an exported bundle.
All three verifiers must reject it and name the seq: the workspace's (`audit verify`), the
bundle's (`audit verify-bundle`, with the auditor's kept checkpoint and the trusted key
fingerprint) and the standalone verify_bundle.py shipped inside the bundle."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from engine.audit.bundle_check import verify_bundle
from engine.audit.export import fingerprint
from engine.errors import AuthenticationError, PermissionDenied
from tests.audit import independent_verifier as independent
from tests.audit.insider import Insider, new_key
from tests.helpers import lines

pytestmark = [pytest.mark.both_backends, pytest.mark.tampers]

DAY = 86_400


@dataclass
class Scene:
    ws: Any
    team: dict[str, Any]
    clock: Any
    tmp: Path
    kept: str  # a checkpoint the auditor kept off the machine
    fingerprint: str  # the log key fingerprint printed at `airlock init`
    ana: Insider  # the analyst who attacks

    @property
    def auditor(self) -> Any:
        return self.team["auditor"]


@pytest.fixture
def scene(workspace, team, clock, tmp_path) -> Scene:
    admin = team["admin"]
    workspace.users.add(admin, "bob", "analyst", "bob password 123")
    workspace.projects.create(team["analyst"], "credit", _fields())
    with pytest.raises(PermissionDenied):
        workspace.users.add(team["analyst"], "eve", "admin", "eve password 1234")
    kept = workspace.audit.save_checkpoint(team["auditor"])
    with workspace.db.reading() as session:
        from engine.store.schema import WorkspaceState

        public = session.get(WorkspaceState, 1).log_public_key
    clock.advance(60)
    return Scene(
        workspace,
        team,
        clock,
        tmp_path,
        kept,
        fingerprint(public),
        Insider(workspace, "ana", "analyst password 1"),
    )


def _fields() -> Any:
    from engine.projects import ProjectFields

    return ProjectFields()


# -- the three verifiers -------------------------------------------------------------------
def run_standalone(bundle: Path, *extra: str) -> str:
    with zipfile.ZipFile(bundle) as z:
        script = bundle.with_name("verify_bundle.py")
        script.write_bytes(z.read("verify_bundle.py"))
    ran = subprocess.run(
        [sys.executable, "-I", str(script), str(bundle), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode in (0, 1), ran.stderr
    return ran.stdout


def export_forged(scene: Scene, edit: Any = None) -> Path:
    """The tampered log exported, then cleaned of the export's own warning and re-signed by
    the insider (who holds the log key)."""
    raw = scene.tmp / "raw.zip"
    scene.ws.audit.export(scene.auditor, raw, include_invalid=True)
    return scene.ana.resign_bundle(raw, scene.tmp / "forged.zip", edit)


def all_reject(
    scene: Scene,
    expected: list[tuple[int, str]],
    *,
    bundle: Path | None = None,
    workspace: bool = True,
) -> dict[str, str]:
    """Every verifier reports each (seq, message) as INVALID; returns their outputs."""
    outputs: dict[str, str] = {}
    if workspace:
        report = scene.ws.audit.verify(scene.auditor, trusted_checkpoint=scene.kept)
        outputs["workspace"] = lines(report)
    bundle = bundle or export_forged(scene)
    outputs["bundle"] = lines(verify_bundle(str(bundle), scene.kept, scene.fingerprint))
    kept = scene.tmp / "kept.txt"
    kept.write_text(scene.kept)
    outputs["standalone"] = run_standalone(
        bundle, "--trusted-checkpoint", str(kept), "--trusted-key", scene.fingerprint
    )
    for name, text in outputs.items():
        for seq, message in expected:
            found = [
                line
                for line in text.splitlines()
                if line.startswith(f"seq {seq}: INVALID") and message in line
            ]
            assert found, f"{name} verifier did not report seq {seq}: {message}\n{text}"
    # and a verifier written from docs/audit-format.md alone, by someone who never read the
    # engine (tests/audit/independent_verifier.py), names the same seqs
    ok, found = independent.verify(str(bundle), scene.kept, scene.fingerprint)
    outputs["independent"] = "\n".join(found)
    assert not ok, outputs["independent"]
    for seq, _ in expected:
        assert any(line.startswith(f"INVALID seq {seq}:") for line in found), (
            f"the independent verifier did not report seq {seq}\n{outputs['independent']}"
        )
    return outputs


# -- 1. a key for another user --------------------------------------------------------------
def test_an_analyst_cannot_introduce_a_key_for_an_administrator(scene):
    ana, admin_id = scene.ana, scene.ana.id_of("admin")
    forged = new_key(f"{ana.origin}/user/{admin_id}")
    introduce = ana.append(
        "user.passwd", f"user:{ana.user_id}", {"keys_added": [forged.record("user", admin_id)]}
    )
    promote = ana.append(
        "user.role",
        f"user:{ana.id_of('bob')}",
        {"from": "analyst", "to": "admin"},
        actor={"user_id": admin_id, "role": "admin", "key_id": forged.key_id},
        key=forged,
    )
    all_reject(
        scene,
        [
            (introduce, f"introduces a key for {admin_id}, which only an administrator"),
            (promote, f"signed by unknown key {forged.key_id}"),
        ],
    )
    report = scene.ws.audit.verify(scene.auditor)
    assert forged.key_id not in {k.key_id for k in report.keys}


def test_a_key_cannot_ride_on_an_entry_that_does_not_change_keys(scene):
    ana = scene.ana
    forged = new_key(f"{ana.origin}/user/{ana.id_of('bob')}")
    seq = ana.append(
        "project.edit", "project:credit", {"keys_added": [forged.record("user", ana.id_of("bob"))]}
    )
    all_reject(scene, [(seq, "a project.edit entry may not introduce or retire keys")])


# -- 2. the role is a claim the log must back ----------------------------------------------
def test_an_analyst_claiming_admin_cannot_prune_her_own_denial(scene):
    ws, ana = scene.ws, scene.ana
    denial = next(
        e.seq
        for e in ws.audit.entries(scene.auditor)
        if e.action == "access.denied" and e.user_id == ana.user_id
    )
    scene.clock.advance(9 * 60)
    prune = ana.append(
        "audit.prune",
        "audit",
        {"before": _now(scene), "through_seq": denial, "retention_days": 730},
        actor={"user_id": ana.user_id, "role": "admin", "key_id": ana.key.key_id},
    )
    ana.update("UPDATE audit_state SET pruned_through = ? WHERE id = 1", (denial,))
    ana.update(
        "UPDATE audit_entries SET pruned = ?, target = '', details = '{}' WHERE seq = ?",
        (True, denial),
    )
    all_reject(
        scene,
        [
            (prune, f"claims the role 'admin', but the log gives {ana.user_id} the role 'analyst'"),
            (denial, "is pruned, but no later audit.prune entry of an administrator covers it"),
        ],
    )


def test_an_analyst_cannot_sign_what_her_role_may_not_do(scene):
    ana = scene.ana
    approve = ana.append("registry.approve", "model-version:mv_1", {"decision": "approve"})
    add = ana.append(
        "user.add",
        "user:usr_eve",
        {
            "user_id": "usr_eve",
            "role": "admin",
            "keys_added": [new_key(f"{ana.origin}/user/usr_eve").record("user", "usr_eve")],
        },
    )
    all_reject(
        scene,
        [
            (approve, "the role analyst may not registry.approve"),
            (add, "the role analyst may not user.add"),
        ],
    )


# -- 3. pruned entries stay tamper-evident --------------------------------------------------
@pytest.fixture
def pruned(scene):
    """The log after an administrator's legitimate prune past the retention period."""
    ws, admin = scene.ws, scene.team["admin"]
    scene.clock.advance(800 * DAY)
    ws.settings.set(admin, "display_name", "two years on")
    done = ws.audit.prune(admin, scene.clock.now - timedelta(days=731))
    entries = ws.audit.entries(scene.auditor)
    assert scene.ws.audit.verify(scene.auditor).ok
    scene.kept = ws.audit.save_checkpoint(scene.auditor)
    return [e for e in entries if e.pruned], done


@pytest.mark.parametrize("edit", ["time", "actor", "strip signature", "drop key id"])
def test_a_pruned_entry_header_cannot_be_changed(scene, pruned, edit):
    entries, _ = pruned
    victim = next(e for e in entries if e.action == "project.create")
    sql = {
        "time": "UPDATE audit_entries SET time = '2026-01-01T00:00:00.000000Z' WHERE seq = ?",
        "actor": "UPDATE audit_entries SET actor_user_id = 'usr_someoneelse' WHERE seq = ?",
        "strip signature": "UPDATE audit_entries SET sig = NULL, actor_key_id = NULL WHERE seq = ?",
        "drop key id": "UPDATE audit_entries SET sig = NULL WHERE seq = ?",
    }[edit]
    scene.ana.update(sql, (victim.seq,))
    message = {
        "time": "hash value doesn't match",
        "actor": "hash value doesn't match",
        "strip signature": "hash value doesn't match",
        "drop key id": "its 'unsigned' flag does not match its signature",
    }[edit]
    all_reject(scene, [(victim.seq, message)])


@pytest.mark.usefixtures("pruned")
def test_an_entry_that_adds_a_key_cannot_be_pruned(scene):
    add = next(e for e in scene.ws.audit.entries(scene.auditor) if e.action == "user.add")
    scene.ana.update(
        "UPDATE audit_entries SET pruned = ?, target = '', details = '{}' WHERE seq = ?",
        (True, add.seq),
    )
    all_reject(
        scene, [(add.seq, "entries that change users, roles, keys or settings are never pruned")]
    )


# -- 4. unsigned rows are never adopted silently --------------------------------------------
def test_unsigned_rows_blaming_a_user_are_reported_before_and_after_adoption(scene):
    ws, ana = scene.ws, scene.ana
    bob = ana.id_of("bob")
    fakes = [
        ana.append(
            "auth.fail",
            f"user:{bob}",
            {"reason": "wrong user name or password", "failures": n},
            actor={"user_id": bob, "role": "analyst", "key_id": None},
            signed=False,
            resign_checkpoint=False,
        )
        for n in (1, 2)
    ]
    # `audit verify` reads before it writes: the torn tail shows
    auditor = ws.login("aud", "auditor password 1", record=False)
    report = ws.audit.verify(auditor)
    assert report.ok
    tail = [f.line() for f in report.findings if f.where == "torn tail"]
    assert tail and f"seq {fakes[0]}..{fakes[1]}: unsigned failed-login entries" in tail[0]
    # the next signed entry (here that verification's own login) adopts them, and says so
    entries = ws.audit.entries(auditor)
    adopter = entries[fakes[1]]
    assert adopter.action == "auth.login" and adopter.adopts == 2
    report = ws.audit.verify(auditor)
    assert (
        f"seq {fakes[0]}..{fakes[1]}: note: 2 unsigned failed-login entries, adopted by "
        f"seq {adopter.seq}" in lines(report)
    )


def test_a_signed_entry_cannot_hide_the_unsigned_ones_before_it(scene):
    ana = scene.ana
    ana.append(
        "auth.fail",
        f"user:{ana.user_id}",
        {"reason": "x", "failures": 1},
        actor={"user_id": ana.user_id, "role": "analyst", "key_id": None},
        signed=False,
        resign_checkpoint=False,
    )
    seq = ana.append("project.edit", "project:credit", {"objective": "y"}, adopts=0)
    all_reject(scene, [(seq, "says it adopts 0 unsigned entries, but 1 come directly before")])


def test_only_a_failed_login_is_unsigned(scene):
    ana = scene.ana
    seq = ana.append(
        "project.edit",
        "project:credit",
        {"objective": "y"},
        actor={"user_id": ana.user_id, "role": "analyst", "key_id": None},
        signed=False,
    )
    all_reject(scene, [(seq, "only auth.fail may be unsigned")])


# -- 5. the smaller holes -----------------------------------------------------------------
def test_a_signed_failed_login_is_rejected(scene):
    seq = scene.ana.append(
        "auth.fail", f"user:{scene.ana.id_of('bob')}", {"reason": "wrong user name or password"}
    )
    all_reject(scene, [(seq, "a failed login is written unsigned")])


def test_recovery_signed_by_a_user_key_is_rejected(scene):
    ana = scene.ana
    admin_id = ana.id_of("admin")
    mine = new_key(f"{ana.origin}/user/{admin_id}")
    seq = ana.append(
        "user.recover",
        f"user:{admin_id}",
        {"keys_added": [mine.record("user", admin_id)], "keys_retired": []},
    )
    all_reject(scene, [(seq, "user.recover must be signed by the recovery key")])


def test_a_second_recovery_key_is_rejected(scene):
    ana = scene.ana
    spare = new_key(f"{ana.origin}/recovery")
    seq = ana.append(
        "user.passwd", f"user:{ana.user_id}", {"keys_added": [spare.record("recovery", None)]}
    )
    all_reject(scene, [(seq, "introduces a recovery key after entry 1")])


def test_not_even_an_administrator_adds_a_second_recovery_key(scene):
    """The rule holds for every signer: only entry 1 introduces the recovery key."""
    from conftest import ADMIN_PASSWORD

    admin = Insider(scene.ws, "admin", ADMIN_PASSWORD)
    spare = new_key(f"{admin.origin}/recovery")
    user = new_key(f"{admin.origin}/user/usr_000000000abc")
    seq = admin.append(
        "user.add",
        "user:usr_000000000abc",
        {
            "user_id": "usr_000000000abc",
            "role": "analyst",
            "keys_added": [user.record("user", "usr_000000000abc"), spare.record("recovery", None)],
        },
    )
    all_reject(scene, [(seq, "introduces a recovery key after entry 1")])


def _recovery_key(scene: Scene) -> Any:
    """The recovery key's private half, as whoever holds the printed key has it."""
    from engine.security.auth import parse_recovery_key
    from engine.security.keyslots import derive_kek, open_slot
    from engine.store.schema import WorkspaceState
    from tests.audit.insider import Key

    with scene.ws.db.reading() as session:
        name = session.get(WorkspaceState, 1).recovery_slot
    slot = scene.ws.slots.read(name, "the recovery key")
    keys = open_slot(
        slot, derive_kek(slot.data["kdf"], parse_recovery_key(scene.ws.recovery_key), "recovery")
    )
    return Key(keys.ed25519, slot.signing_key_id, slot.signing_key_name)


def test_a_replaced_recovery_key_signs_nothing(scene):
    # the old printed key (and a copy of its slot) after `airlock keys rotate-recovery`
    old = _recovery_key(scene)
    scene.ws.keys.rotate_recovery(scene.team["admin"])
    ana = scene.ana
    admin_id = ana.id_of("admin")
    mine = new_key(f"{ana.origin}/user/{admin_id}")
    seq = ana.append(
        "user.recover",
        f"user:{admin_id}",
        {
            "keys_added": [mine.record("user", admin_id)],
            "keys_retired": [scene.team["admin"].key_id],
        },
        actor={"user_id": "recovery", "role": "recovery", "key_id": old.key_id},
        key=old,
    )
    all_reject(scene, [(seq, "which is not valid at this seq")])


def test_an_analyst_cannot_replace_the_recovery_key(scene):
    ana = scene.ana
    mine = new_key(f"{ana.origin}/recovery")
    seq = ana.append(
        "keys.rotate_recovery",
        "workspace",
        {
            "keys_added": [mine.record("recovery", None)],
            "keys_retired": [_recovery_key(scene).key_id],
        },
    )
    all_reject(scene, [(seq, "the role analyst may not keys.rotate_recovery")])


def test_a_new_recovery_key_must_retire_the_old_one(scene):
    from conftest import ADMIN_PASSWORD

    admin = Insider(scene.ws, "admin", ADMIN_PASSWORD)
    spare = new_key(f"{admin.origin}/recovery")
    seq = admin.append(
        "keys.rotate_recovery",
        "workspace",
        {"keys_added": [spare.record("recovery", None)], "keys_retired": []},
    )
    all_reject(scene, [(seq, "must retire the recovery key in force")])


def test_a_replaced_recovery_key_verifies_everywhere(scene, tmp_path):
    scene.ws.keys.rotate_recovery(scene.team["admin"], reason="keeper left")
    bundle = tmp_path / "ok.zip"
    scene.ws.audit.export(scene.auditor, bundle)
    assert verify_bundle(str(bundle), None, scene.fingerprint).ok
    assert independent.verify(str(bundle), None, scene.fingerprint)[0]


def test_a_disabled_user_signs_nothing(scene):
    ws = scene.ws
    ws.users.disable(scene.team["admin"], "ana")
    seq = scene.ana.append("project.edit", "project:credit", {"objective": "after"})
    all_reject(scene, [(seq, "which is not valid at this seq")])
    # her open session cannot sign either: its refusal is an unsigned failed login
    with pytest.raises(PermissionDenied, match="disabled"):
        ws.projects.edit(scene.team["analyst"], "credit", _fields())
    last = ws.audit.entries(scene.auditor)[-1]
    assert (last.action, last.sig, last.user_id) == ("auth.fail", None, scene.ana.user_id)


def test_an_entry_dated_years_before_its_neighbours_is_rejected(scene):
    seq = scene.ana.append(
        "project.edit",
        "project:credit",
        {"objective": "backdated"},
        time="2023-01-01T00:00:00.000000Z",
    )
    all_reject(scene, [(seq, "is dated 2023-01-01T00:00:00.000000Z")])


def test_a_line_not_in_canonical_form_is_rejected(scene):
    good = scene.tmp / "good.zip"
    scene.ws.audit.export(scene.auditor, good)

    def edit(files):
        rows = files["entries.jsonl"].split(b"\n")
        rows[2] = rows[2].replace(b'{"action"', b'{ "action"', 1)
        files["entries.jsonl"] = b"\n".join(rows)

    forged = scene.ana.resign_bundle(good, scene.tmp / "f.zip", edit)
    all_reject(scene, [(3, "line 3 is not in canonical form")], bundle=forged, workspace=False)


def test_a_member_given_twice_is_rejected(scene):
    good = scene.tmp / "good.zip"
    scene.ws.audit.export(scene.auditor, good)

    def edit(files):
        rows = files["entries.jsonl"].split(b"\n")
        rows[3] = rows[3].replace(b'"target":', b'"target":"user:someone","target":', 1)
        files["entries.jsonl"] = b"\n".join(rows)

    forged = scene.ana.resign_bundle(good, scene.tmp / "f.zip", edit)
    all_reject(
        scene, [(4, "has the member 'target' more than once")], bundle=forged, workspace=False
    )


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_zip_with_two_entry_files_is_refused(scene):
    good = scene.tmp / "good.zip"
    scene.ws.audit.export(scene.auditor, good)
    seq = scene.ana.append(
        "user.role", f"user:{scene.ana.user_id}", {"from": "analyst", "to": "admin"}
    )
    forged_log = export_forged(scene)
    with zipfile.ZipFile(forged_log) as z:
        other = z.read("entries.jsonl")

    def edit(files):
        pairs = list(files.items())
        return [("entries.jsonl", other), *pairs]  # unzip reads the first, Python the last

    bundle = scene.ana.resign_bundle(good, scene.tmp / "two.zip", edit)
    report = verify_bundle(str(bundle), scene.kept, scene.fingerprint)
    assert "bundle: INVALID: refused: the zip holds 2 members named 'entries.jsonl'" in lines(
        report
    )
    assert report.entries_checked == 0  # nothing in it was read
    assert "refused: the zip holds 2 members" in run_standalone(bundle)
    ok, found = independent.verify(str(bundle))
    assert not ok and any("entries.jsonl" in line for line in found), found
    assert seq  # the forged entry itself is caught in the other member's own bundle
    all_reject(
        scene, [(seq, "the role analyst may not user.role")], bundle=forged_log, workspace=False
    )


def test_unsafe_member_names_are_refused(scene):
    good = scene.tmp / "good.zip"
    scene.ws.audit.export(scene.auditor, good)
    for name in (
        "../entries.jsonl",
        "/keys.json",
        "checkpoints\\latest.txt",
        "checkpoints/saved-01.txt",
    ):
        bundle = scene.ana.resign_bundle(
            good, scene.tmp / "unsafe.zip", lambda files, name=name: [*files.items(), (name, b"x")]
        )
        text = lines(verify_bundle(str(bundle)))
        assert (
            f"refused: the member name {name!r}" in text
            or f"refused: the member {name!r} does not belong" in text
        ), text
        assert not independent.verify(str(bundle))[0], name


def test_diagnostics_name_entries_by_seq_not_by_position(scene):
    """Deleting an entry in the middle names that entry, not the last position."""
    good = scene.tmp / "good.zip"
    scene.ws.audit.export(scene.auditor, good)

    def edit(files):
        rows = files["entries.jsonl"].split(b"\n")
        del rows[4]  # seq 5
        files["entries.jsonl"] = b"\n".join(rows)

    bundle = scene.ana.resign_bundle(good, scene.tmp / "f.zip", edit)
    text = lines(verify_bundle(str(bundle)))
    assert "gap: INVALID: seq 4 \u2192 6: entry 5 not found" in text
    assert "seq 6: INVALID: prev doesn't match the hash of seq 4" in text
    assert not re.search(r"entries \d+\.\.\d+ were removed", text), text


def _now(scene: Scene) -> str:
    from engine.audit.record import format_time

    return format_time(scene.clock.now)


def test_the_attacks_needed_no_more_than_one_password(scene):
    """The insider never used anyone else's password: her only key is her own."""
    assert scene.ana.role == "analyst"
    with pytest.raises(AuthenticationError):
        scene.ws.login("admin", "analyst password 1")


# -- the prune rules hold for an administrator too ------------------------------------------
@pytest.mark.parametrize("case", ["inside retention", "after the cut-off", "below the setting"])
def test_an_administrators_prune_must_respect_the_retention_period(scene, case):
    """Checked by the verifier, not only by the engine that refuses such a prune: an
    administrator who writes the prune entry by hand is caught as well."""
    from conftest import ADMIN_PASSWORD

    ws, clock = scene.ws, scene.clock
    if case == "below the setting":
        ws.settings.set(scene.team["admin"], "audit_retention_days", 1000)
    victim = next(e.seq for e in ws.audit.entries(scene.auditor) if e.action == "project.create")
    clock.advance(800 * DAY)
    admin = Insider(ws, "admin", ADMIN_PASSWORD)
    now = clock.now
    before = {
        "inside retention": now - timedelta(days=100),
        "after the cut-off": now - timedelta(days=731),
        "below the setting": now - timedelta(days=731),
    }[case]
    if case == "after the cut-off":  # the victim was written after this prune's cut-off
        before = _parse(ws.audit.entries(scene.auditor)[victim - 1].time) - timedelta(seconds=1)
        now = before + timedelta(days=731)
    from engine.audit.record import format_time

    prune = admin.append(
        "audit.prune",
        "audit",
        {"before": format_time(before), "through_seq": victim, "retention_days": 730},
        time=format_time(now),
    )
    admin.update("UPDATE audit_state SET pruned_through = ? WHERE id = 1", (victim,))
    admin.update(
        "UPDATE audit_entries SET pruned = ?, target = '', details = '{}' WHERE seq = ?",
        (True, victim),
    )
    expected = {
        "inside retention": (prune, "inside the 730-day retention period"),
        "after the cut-off": (victim, "it was written after the cut-off of the prune"),
        "below the setting": (prune, "the log's retention period is 1000 days"),
    }[case]
    all_reject(scene, [expected])


def _parse(text: str):
    from engine.audit.record import parse_time

    return parse_time(text)
