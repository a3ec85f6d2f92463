"""API tokens live in the signed audit log: an insider with write access to metadata.db
cannot add one, widen one or undo a revocation (the attacks first, then the plain rules)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from engine.errors import IntegrityError, NotFound, PermissionDenied, ValidationError
from engine.serving.server import Options, loopback
from engine.serving.tokens import TARGET, find, logged_tokens
from tests.helpers import raw_db


def live(workspace):
    with workspace.db.reading() as session:
        return logged_tokens(session)


def test_a_token_is_shown_once_and_only_its_hash_is_kept(workspace, team):
    made = workspace.serving.tokens.create(team["admin"], "loans", ["credit"], days=30)
    tokens = live(workspace)
    assert find(tokens, made.secret) == made.token and made.token.allows("CREDIT")
    assert not made.token.allows("other") and find(tokens, made.secret[:-1] + "x") is None
    db = raw_db(workspace.path)
    dumped = "\n".join(str(r) for r in db.execute("SELECT details FROM audit_entries"))
    assert made.secret not in dumped and made.token.sha256 in dumped
    assert made.secret.split("_")[2] not in (workspace.path / "metadata.db").read_bytes().decode(
        "latin-1"
    )


@pytest.mark.tampers
def test_an_insider_cannot_widen_a_token_in_the_database(workspace, team):
    made = workspace.serving.tokens.create(team["admin"], "loans", ["credit"])
    db = raw_db(workspace.path)
    [(seq, details)] = db.execute(
        "SELECT seq, details FROM audit_entries WHERE action = 'serving.token'"
    ).fetchall()
    widened = json.loads(details)
    widened["models"] = ["*"]
    db.execute("UPDATE audit_entries SET details = ? WHERE seq = ?", (json.dumps(widened), seq))
    with pytest.raises(IntegrityError, match="was changed"):
        live(workspace)
    assert made.token.models == ("credit",)


@pytest.mark.tampers
def test_an_analyst_cannot_sign_a_token_of_their_own(workspace, team):
    analyst = team["analyst"]
    with pytest.raises(PermissionDenied):
        workspace.serving.tokens.create(analyst, "mine", ["*"])
    with pytest.raises(PermissionDenied):  # the role before the input
        workspace.serving.tokens.create(analyst, "no spaces here", [])
    # with the database open and their own signing key, the entry is written — and refused
    with workspace.db.transaction() as session:
        workspace.audit_log.append(
            session,
            analyst,
            "serving.token",
            TARGET,
            {
                "token_id": "0123456789ab",
                "name": "mine",
                "models": ["*"],
                "created": "",
                "expires": "2099-01-01T00:00:00.000000Z",
                "sha256": "0" * 64,
            },
        )
    with pytest.raises(IntegrityError, match="not signed by a user whose role may"):
        live(workspace)


@pytest.mark.tampers
def test_a_revocation_cannot_be_taken_back(workspace, team, clock):
    admin = team["admin"]
    made = workspace.serving.tokens.create(admin, "loans", ["credit"], days=1)
    assert made.token.live(clock.now)
    revoked = workspace.serving.tokens.revoke(admin, made.token.id)
    assert revoked.revoked and not live(workspace)[made.token.id].live(clock.now)
    workspace.audit.save_checkpoint(admin)
    db = raw_db(workspace.path)
    db.execute("DELETE FROM audit_entries WHERE action = 'serving.revoke'")
    # the log without its tail no longer matches the signed checkpoint ...
    assert not workspace.audit.verify(admin).ok
    # ... and a running service never forgets a revocation it has seen
    from engine.serving.tokens import merge_tokens

    merged = merge_tokens(live(workspace), {made.token.id: revoked})
    assert merged[made.token.id].revoked == revoked.revoked


def test_token_rules(workspace, team, clock):
    admin = team["admin"]
    with pytest.raises(ValidationError, match="letters, digits"):
        workspace.serving.tokens.create(admin, "no spaces", ["m"])
    with pytest.raises(ValidationError, match="Name the models"):
        workspace.serving.tokens.create(admin, "x", [" "])
    with pytest.raises(ValidationError, match=r"1 to 365 days\. Got 400\."):
        workspace.serving.tokens.create(admin, "x", ["m"], days=400)
    with pytest.raises(NotFound, match="no API token"):
        workspace.serving.tokens.revoke(admin, "nope")
    made = workspace.serving.tokens.create(admin, "short", ["m"], days=1)
    clock.advance(timedelta(days=2).total_seconds())
    assert not made.token.live(clock.now)
    assert [t.name for t in workspace.serving.tokens.tokens(admin)] == ["short"]


def test_plain_http_off_loopback_needs_a_flag_or_tls(tmp_path):
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("10.1.2.3")
    with pytest.raises(ValidationError, match="serve it over TLS"):
        Options(host="0.0.0.0").check()
    Options(host="0.0.0.0", insecure_http=True).check()
    with pytest.raises(ValidationError, match="both --tls-cert and --tls-key"):
        Options(tls_cert=tmp_path / "c.pem").check()
    with pytest.raises(ValidationError, match="The stage is one of"):
        Options(stage="prod").check()
