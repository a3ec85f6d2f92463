"""Four-eyes that one administrator cannot satisfy alone (issue 18, docs/roles.md): an
approval by an account added after the request, inside the cooling-off period, by the
requester, or still on the password its creator chose, is flagged wherever it is checked;
the approval shows who added the approver."""

from __future__ import annotations

import pytest

from tests.audit.insider import Insider
from tests.conftest import PASSWORDS
from tests.registry.conftest import VALIDATOR_PASSWORD

DAY = 86_400


def staged(workspace, actor, ref):
    workspace.registry.versions.set_stage(actor, ref, "staging")
    return workspace.registry.approvals.request(actor, ref, note="ready")


def test_a_lone_administrator_approval_is_flagged(workspace, admin, registered, clock):
    # the attack: the administrator requests, adds a validator, approves with it, disables it
    staged(workspace, admin, registered.ref)
    workspace.users.add(admin, "puppet", "validator", "puppet password 1")
    puppet = workspace.login("puppet", "puppet password 1")
    workspace.registry.approvals.approve(
        puppet, registered.ref, password="puppet password 1", reason="fine"
    )
    workspace.users.disable(admin, "puppet")
    held = workspace.registry.approvals.check_approval(admin, registered.ref)
    assert held.valid  # the signature holds; the doubts are stated
    assert any("added by admin on" in f and "after the request" in f for f in held.flags)
    assert "the approver's account was added by admin, who requested this version" in held.flags
    assert any("had not chosen their own password" in f for f in held.flags)
    assert "FLAGGED (four-eyes)" in held.detail
    [approval] = workspace.registry.approvals.all(admin, status="approved")
    assert approval.approver_added_by == "admin" and approval.approver_added


def test_an_established_validator_with_their_own_password_is_not_flagged(
    workspace, admin, analyst, validator, registered, clock
):
    workspace.users.change_password(validator, VALIDATOR_PASSWORD, "validator chose this 1")
    clock.advance(8 * DAY)
    staged(workspace, analyst, registered.ref)
    workspace.registry.approvals.approve(
        validator, registered.ref, password="validator chose this 1", reason="reviewed"
    )
    held = workspace.registry.approvals.check_approval(analyst, registered.ref)
    assert held.valid and held.flags == () and "FLAGGED" not in held.detail


@pytest.mark.tampers
@pytest.mark.sqlite_only
def test_the_cooling_off_is_read_from_the_signed_log(
    workspace, admin, analyst, validator, registered, clock
):
    workspace.users.change_password(validator, VALIDATOR_PASSWORD, "validator chose this 1")
    clock.advance(2 * DAY)
    staged(workspace, analyst, registered.ref)
    workspace.registry.approvals.approve(
        validator, registered.ref, password="validator chose this 1", reason="reviewed"
    )
    [doubt] = workspace.registry.approvals.check_approval(analyst, registered.ref).flags
    assert "2 days before the decision, within the 7-day cooling-off" in doubt
    # an insider who sets the table's value to 0 changes nothing: the log says 7
    Insider(workspace, "ana", PASSWORDS["ana"]).update(
        "INSERT INTO workspace_settings (name, value) VALUES ('four_eyes_cooling_days', '0')"
    )
    assert workspace.registry.approvals.check_approval(analyst, registered.ref).flags == (doubt,)
    workspace.settings.set(admin, "four_eyes_cooling_days", 1)  # signed and in the log
    assert workspace.registry.approvals.check_approval(analyst, registered.ref).flags == ()


@pytest.mark.parametrize("value", [-1, 366, "7"])
def test_the_cooling_off_setting_is_bounded(workspace, admin, value):
    from engine.errors import ValidationError

    with pytest.raises(ValidationError, match="four_eyes_cooling_days"):
        workspace.settings.set(admin, "four_eyes_cooling_days", value)
