"""Logins: the generic failure message, auditing of failures, exponential back-off."""

from __future__ import annotations

import os

import pytest

from engine.errors import AuthenticationError, TooManyAttempts, WrongPassword
from engine.security.auth import backoff_delay

from conftest import ADMIN_PASSWORD, PASSWORDS

pytestmark = pytest.mark.both_backends


def last_entries(workspace, auditor, n):
    return workspace.audit.entries(auditor)[-n:]


def test_wrong_password_and_unknown_user_give_the_same_message(workspace, team):
    with pytest.raises(WrongPassword) as wrong:
        workspace.login("ana", "not the right password")
    with pytest.raises(WrongPassword) as unknown:
        workspace.login("nobody", "not the right password")
    assert wrong.value.message == unknown.value.message == "Wrong user name or password."
    fail_known, fail_unknown = last_entries(workspace, team["auditor"], 2)
    assert (fail_known.action, fail_known.user_id, fail_known.sig) == (
        "auth.fail",
        team["analyst"].user_id,
        None,
    )
    assert fail_unknown.action == "auth.fail" and fail_unknown.user_id is None
    assert fail_unknown.target == "user:unknown"
    assert "nobody" not in str(fail_unknown.as_json())  # no personal data beyond user ids


def test_failures_back_off_exponentially_and_success_resets(workspace, team, clock):
    assert [backoff_delay(n) for n in range(1, 7)] == [0, 0, 1, 2, 4, 8]
    for _ in range(3):
        with pytest.raises(WrongPassword):
            workspace.login("ana", "wrong password 123")
    with pytest.raises(TooManyAttempts) as refused:
        workspace.login("ana", PASSWORDS["ana"])  # even the right password must wait
    assert refused.value.retry_after == 1
    assert "Try again in 1 s" in refused.value.message
    refused_entry = last_entries(workspace, team["auditor"], 1)[0]
    assert refused_entry.details["reason"] == "refused during back-off"
    clock.advance(1.5)
    with pytest.raises(WrongPassword):
        workspace.login("ana", "wrong password 123")
    with pytest.raises(TooManyAttempts) as longer:
        workspace.login("ana", PASSWORDS["ana"])
    assert longer.value.retry_after == 2
    clock.advance(2.5)
    assert workspace.login("ana", PASSWORDS["ana"]).name == "ana"
    with pytest.raises(WrongPassword):  # counter was reset by the success
        workspace.login("ana", "wrong password 123")


def test_attempts_started_together_are_throttled_one_at_a_time(workspace, team, clock):
    # Ten guesses at once (threads, each with its own connection): before, all ten read the
    # same empty throttle and were checked in one window. Now each claims its attempt in a
    # write transaction first: three are checked, the other seven meet the back-off.
    from concurrent.futures import ThreadPoolExecutor

    def guess(i: int) -> str:
        try:
            workspace.login("ana", f"wrong password {i:03d}")
        except WrongPassword:
            return "checked"
        except TooManyAttempts:
            return "refused"
        return "in"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(guess, range(10)))
    assert sorted(outcomes) == ["checked"] * 3 + ["refused"] * 7
    fails = [e for e in workspace.audit.entries(team["auditor"]) if e.action == "auth.fail"]
    reasons = [e.details["reason"] for e in fails]
    assert reasons.count("wrong user name or password") == 3
    assert reasons.count("refused during back-off") == 7


def test_disabled_account_cannot_log_in_and_acting_session_loses_rights(workspace, team):
    analyst = team["analyst"]
    workspace.users.disable(team["admin"], "ana")
    with pytest.raises(AuthenticationError, match="disabled"):
        workspace.login("ana", PASSWORDS["ana"])
    from engine.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="disabled"):
        workspace.objects.put(analyst, b"x", "blob")


def test_last_admin_cannot_be_disabled_or_demoted(workspace, admin):
    from engine.errors import ValidationError

    with pytest.raises(ValidationError, match="last enabled administrator"):
        workspace.users.disable(admin, "admin")
    with pytest.raises(ValidationError, match="last enabled administrator"):
        workspace.users.set_role(admin, "admin", "analyst")


def test_login_is_audited_and_signed(workspace, team):
    workspace.login("admin", ADMIN_PASSWORD)
    entry = last_entries(workspace, team["auditor"], 1)[0]
    assert entry.action == "auth.login" and entry.sig is not None
    assert entry.key_id == team["admin"].key_id


def test_locked_actor_cannot_act(workspace, admin):
    from engine.errors import WorkspaceError

    admin.lock()
    with pytest.raises(WorkspaceError, match="locked"):
        workspace.users.add(admin, "bob", "analyst", "bob password 123")


@pytest.mark.sqlite_only
def test_reading_works_when_the_database_cannot_be_written(workspace, team):
    # A database that cannot be written (a full disk, a read-only mount; SQLite's query_only
    # gives the same refusal): a sign-in writes, so every command used to fail, even a
    # read-only one.
    from sqlalchemy import event

    from engine.errors import WorkspaceError

    workspace.objects.put(team["admin"], b"before the disk filled up" * 10, "blob")
    workspace.db.dispose()

    def full(connection, _record):
        connection.execute("PRAGMA query_only = 1")

    event.listen(workspace.db.engine, "connect", full)
    try:
        ana = workspace.login("ana", PASSWORDS["ana"])
        assert "cannot be written" in ana.unrecorded
        assert [u.name for u in workspace.users.list(ana)]  # reading works
        with pytest.raises(WrongPassword):  # a failure is still a failure
            workspace.login("ana", "not her password 1")
        with pytest.raises(WorkspaceError, match="cannot be written"):
            workspace.objects.put(ana, os.urandom(200_000), "blob")
    finally:
        event.remove(workspace.db.engine, "connect", full)
        workspace.db.dispose()
    workspace.objects.put(ana, b"after", "blob")  # the first change records the sign-in
    logins = [
        e
        for e in workspace.audit.entries(team["admin"])
        if e.action == "auth.login" and e.user_id == ana.user_id
    ]
    assert logins
