"""Pruning the audit log after its retention period: the content of old entries goes, their
hashes and signatures stay, and the log, its checkpoints and its exported bundle still
verify; a pruned entry no administrator's prune covers, or an altered one, is reported."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import timedelta

import pytest

from engine.audit.bundle_check import verify_bundle
from engine.errors import AuthenticationError, ValidationError, WorkspaceError
from tests.helpers import lines, raw_db

pytestmark = pytest.mark.both_backends

DAY = 86_400


@pytest.fixture
def old_log(workspace, team, clock):
    admin = team["admin"]
    with pytest.raises(AuthenticationError):  # a failed login records the name (unsigned)
        workspace.login("mallory-old-attempt", "wrong password")
    workspace.settings.set(admin, "display_name", "old name")
    workspace.objects.put(admin, b"old data", "blob")
    old = len(workspace.audit.entries(admin))
    clock.advance(800 * DAY)
    workspace.settings.set(admin, "display_name", "new name")
    return old


def prune_time(listing, done) -> str:
    return listing[done.entry - 1].details["before"]


def test_prune_keeps_the_log_verifiable(workspace, team, clock, old_log, tmp_path):
    admin, auditor = team["admin"], team["auditor"]
    done = workspace.audit.prune(admin, clock.now - timedelta(days=731), retention_days=730)
    assert done.through_seq == old_log
    listing = workspace.audit.entries(auditor)
    head = listing[:old_log]
    kept = [e for e in head if not e.pruned]
    # the first entry and the entries the replay of authority needs (users, keys,
    # settings) stay whole
    assert kept[0].action == "workspace.init"
    assert {e.action for e in kept[1:]} == {"user.add", "workspace.settings"}
    assert all("keys_added" in e.details for e in kept if e.action != "workspace.settings")
    assert done.pruned == old_log - len(kept)
    pruned = [e for e in head if e.pruned]
    assert all(e.details == {} and e.target == "" for e in pruned)
    # a pruned entry still says who did what when: its header is authenticated
    assert {e.action for e in pruned} == {"auth.login", "auth.fail", "object.put"}
    assert all(e.time < prune_time(listing, done) for e in pruned)
    prune_entry = listing[done.entry - 1]
    assert prune_entry.action == "audit.prune"
    assert prune_entry.details["through_seq"] == old_log
    report = workspace.audit.verify(auditor)
    assert report.ok, lines(report)
    disk = b"".join(p.read_bytes() for p in workspace.path.glob("metadata.db*"))
    assert b"mallory-old-attempt" not in disk
    # the exported bundle verifies, with the standalone verifier too
    bundle = tmp_path / "b.zip"
    workspace.audit.export(auditor, bundle)
    assert verify_bundle(str(bundle)).ok
    with zipfile.ZipFile(bundle) as z:
        z.extract("verify_bundle.py", tmp_path)
    ran = subprocess.run(
        [sys.executable, "-I", str(tmp_path / "verify_bundle.py"), str(bundle)],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0 and "Result: VALID" in ran.stdout, ran.stdout + ran.stderr


def test_prune_refuses_inside_the_retention_period(workspace, team, clock, old_log):
    admin = team["admin"]
    with pytest.raises(ValidationError, match="inside the 730-day retention period"):
        workspace.audit.prune(admin, clock.now - timedelta(days=100), retention_days=730)
    assert not [e for e in workspace.audit.entries(admin) if e.pruned]
    with pytest.raises(ValidationError, match="nothing to prune"):
        workspace.audit.prune(admin, clock.now - timedelta(days=5000), retention_days=730)


def test_the_app_cannot_edit_entries_beyond_the_watermark(workspace, team, clock, old_log):
    from sqlalchemy import text

    workspace.audit.prune(team["admin"], clock.now - timedelta(days=731), retention_days=730)
    last = len(workspace.audit.entries(team["admin"]))
    with pytest.raises(WorkspaceError, match="append-only"), workspace.db.transaction() as session:
        session.execute(
            text(
                "UPDATE audit_entries SET pruned = TRUE, action = '(pruned)', "
                "details = '{}' WHERE seq = :seq"
            ),
            {"seq": last},
        )
    with pytest.raises(WorkspaceError, match="append-only"), workspace.db.transaction() as session:
        session.execute(text("UPDATE audit_entries SET details = '{}' WHERE seq = 2"))


@pytest.mark.tampers
def test_an_undeclared_or_altered_pruned_entry_is_reported(workspace, team, clock, old_log):
    done = workspace.audit.prune(team["admin"], clock.now - timedelta(days=731), retention_days=730)
    last = len(workspace.audit.entries(team["admin"]))
    db = raw_db(workspace.path)
    # content removed from a recent entry, which no prune covers
    db.execute(
        "UPDATE audit_entries SET pruned = TRUE, target = '', details = '{}' WHERE seq = ?", (last,)
    )
    db.close()
    report = workspace.audit.verify(team["auditor"])
    assert not report.ok
    assert f"seq {last}: INVALID: is pruned, but no later audit.prune entry" in lines(report)
    # a pruned entry's hash changed: the chain and the checkpoints catch it
    pruned_seq = next(
        e.seq
        for e in workspace.audit.entries(team["admin"])
        if e.pruned and e.seq < done.through_seq
    )
    db = raw_db(workspace.path)
    db.execute("UPDATE audit_entries SET hash = ? WHERE seq = ?", ("0" * 64, pruned_seq))
    db.close()
    text = lines(workspace.audit.verify(team["auditor"]))
    assert f"seq {pruned_seq + 1}: INVALID: prev doesn't match" in text
    assert "root does not match" in text
