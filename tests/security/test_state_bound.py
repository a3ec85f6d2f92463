"""State an insider could bend by editing the metadata database (issue 18): roles, status and
signing keys in the users table are taken from the signed log at every sign-in, and `audit
verify` reports a table that differs from the log. The insider holds the analyst's password
and write access to the workspace folder (tests/audit/insider.py)."""

from __future__ import annotations

import pytest

from engine.errors import IntegrityError, PermissionDenied
from tests.audit.insider import Insider

from conftest import PASSWORDS

pytestmark = [pytest.mark.tampers, pytest.mark.sqlite_only]


@pytest.fixture
def insider(workspace, team):
    return Insider(workspace, "ana", PASSWORDS["ana"])


def verify_problems(workspace, admin) -> list[str]:
    return [f.line() for f in workspace.audit.verify(admin).findings if f.invalid]


def test_an_analyst_made_admin_in_the_table_cannot_sign_in(workspace, team, insider):
    with pytest.raises(PermissionDenied):
        workspace.users.add(team["analyst"], "mallory", "admin", "mallory password 1")
    insider.update("UPDATE users SET role = 'admin' WHERE name = 'ana'")
    with pytest.raises(
        IntegrityError, match="ana is admin there, but analyst in the signed audit log"
    ):
        workspace.login("ana", PASSWORDS["ana"])
    assert any(
        "users: INVALID: ana is admin in the user table, but analyst in the log" in p
        for p in verify_problems(workspace, team["admin"])
    )
    refused = [e for e in workspace.audit.entries(team["admin"]) if e.action == "auth.fail"]
    assert "edited outside Airlock" in refused[-1].details["reason"]


def test_a_disabled_account_enabled_in_the_table_cannot_sign_in(workspace, team, insider):
    workspace.users.disable(team["admin"], "val")
    insider.update("UPDATE users SET disabled = 0 WHERE name = 'val'")
    with pytest.raises(IntegrityError, match="val is disabled in the signed audit log"):
        workspace.login("val", PASSWORDS["val"])
    assert any(
        "val is enabled in the user table, but disabled in the log" in p
        for p in verify_problems(workspace, team["admin"])
    )


def test_a_user_the_log_never_added_cannot_sign_in(workspace, team, insider):
    # a copy of ana's row under a new name and id: her slot, her password
    insider.update(
        "INSERT INTO users (id, name, name_key, role, disabled, slot, "
        "signing_key_id, created, password_changed, service) SELECT 'usr_forged', "
        "'eve', 'eve', 'admin', 0, slot, signing_key_id, created, "
        "password_changed, 0 FROM users WHERE name = 'ana'"
    )
    with pytest.raises(IntegrityError, match="the audit log never added eve"):
        workspace.login("eve", PASSWORDS["ana"])
    assert any(
        "eve" in p and "never established" in p for p in verify_problems(workspace, team["admin"])
    )


def test_another_users_key_in_the_table_is_refused(workspace, team, insider):
    insider.update(
        "UPDATE users SET signing_key_id = (SELECT signing_key_id FROM users "
        "WHERE name = 'admin') WHERE name = 'ana'"
    )
    with pytest.raises(IntegrityError, match="signing key of ana is not one the audit log"):
        workspace.login("ana", PASSWORDS["ana"])


def test_a_role_change_the_analyst_signed_herself_leaves_only_an_auditors_rights(
    workspace, team, insider
):
    # the forged entry breaks the log's record of users: no role can be confirmed, so every
    # session may read and verify (to investigate) and change nothing
    ana = insider.id_of("ana")
    insider.append("user.role", f"user:{ana}", {"from": "analyst", "to": "admin"})
    insider.update("UPDATE users SET role = 'admin' WHERE name = 'ana'")
    forged = workspace.login("ana", PASSWORDS["ana"])
    assert "record of users does not check out" in forged.limited
    with pytest.raises(PermissionDenied, match="auditor's rights only"):
        workspace.users.add(forged, "mallory", "admin", "mallory chose this 1")
    with pytest.raises(PermissionDenied, match="auditor's rights only"):
        workspace.objects.put(forged, b"x", "blob")
    report = workspace.audit.verify(forged)
    assert not report.ok and any("may not user.role" in f.message for f in report.findings)


def test_a_role_edited_during_a_session_is_refused(workspace, team, insider):
    ana = workspace.login("ana", PASSWORDS["ana"])  # signed in while the table was right
    insider.update("UPDATE users SET role = 'admin' WHERE name = 'ana'")
    with pytest.raises(IntegrityError, match="ana is admin there, but analyst"):
        workspace.users.add(ana, "mallory", "admin", "mallory chose this 1")
    with pytest.raises(IntegrityError, match="ana is admin there"):
        workspace.objects.put(ana, b"x", "blob")


def test_a_real_role_change_during_a_session_applies(workspace, team):
    ana = workspace.login("ana", PASSWORDS["ana"])
    workspace.users.set_role(team["admin"], "ana", "auditor")
    with pytest.raises(PermissionDenied, match=r"Your role \(auditor\)"):
        workspace.objects.put(ana, b"x", "blob")


def test_a_real_role_change_signs_in_with_the_new_role(workspace, team):
    workspace.users.set_role(team["admin"], "ana", "validator")
    assert workspace.login("ana", PASSWORDS["ana"]).role == "validator"
    assert verify_problems(workspace, team["admin"]) == []


def test_a_version_pointed_at_other_data_is_refused_before_use(workspace, team, insider, tmp_path):
    # label-flipped data imported as another dataset, then loans@1's row pointed at it
    from engine.training.spec import RunSpec

    analyst = team["analyst"]
    honest, flipped = tmp_path / "loans.csv", tmp_path / "other.csv"
    rows = [(i, 20 + i % 40, i % 2) for i in range(200)]
    honest.write_text("id,age,default\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    flipped.write_text("id,age,default\n" + "".join(f"{a},{b},{1 - c}\n" for a, b, c in rows))
    workspace.data.import_file(analyst, honest, "loans")
    other = workspace.data.import_file(analyst, flipped, "other").version
    insider.update(
        "UPDATE dataset_versions SET object_id = ?, content_hash = ? WHERE id = "
        "(SELECT v.id FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
        "WHERE d.name = 'loans')",
        (other.object_id, other.content_hash),
    )
    with pytest.raises(IntegrityError, match="loans@1 points at other data than the signed"):
        workspace.data.read_table(analyst, "loans@1")
    with pytest.raises(IntegrityError, match="points at other data"):
        workspace.training.train(
            analyst,
            RunSpec(
                "loans@1", "default", model="logistic", folds=3, learning_curve=False, n_jobs=1
            ),
        )
    assert workspace.data.read_table(analyst, "other@1").num_rows == 200  # untouched


def test_an_edited_storing_entry_does_not_vouch_for_a_version(workspace, team, insider, tmp_path):
    analyst = team["analyst"]
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n2\n")
    version = workspace.data.import_file(analyst, path, "a").version
    insider.update(
        "UPDATE audit_entries SET details = replace(details, ?, ?) WHERE action = 'data.import'",
        (version.object_id, "0" * 64),
    )
    with pytest.raises(IntegrityError, match=r"audit entry .* that recorded this was changed"):
        workspace.data.read_table(analyst, "a@1")


def test_a_contract_weakened_in_the_database_is_refused(workspace, team, insider, tmp_path):
    # an insider holding the keys re-seals a contract without its rule: the body no longer
    # matches the SHA-256 its signed entry pinned, so it is not used to pass data
    from engine.objects.sealed import SEALER
    from engine.store.schema import ContractRow

    analyst = team["analyst"]
    path = tmp_path / "ids.csv"
    path.write_text("code\nN001\nN002\n")
    workspace.data.import_file(analyst, path, "ids")
    body = workspace.data.contracts.infer(analyst, "ids@1")
    body["columns"][0]["pattern"] = r"^N\d{3}$"
    workspace.data.contracts.save(analyst, "ids", body)
    with workspace.db.transaction() as session:
        row = session.query(ContractRow).one()
        weak = SEALER.open(session, analyst, row.body, f"contracts/{row.id}/body")
        weak["columns"][0].pop("pattern")
        row.body = SEALER.seal(session, analyst, weak, f"contracts/{row.id}/body")
    with pytest.raises(IntegrityError, match="ids@1 differs from the one its signed audit"):
        workspace.data.contracts.get(analyst, "ids")
    with pytest.raises(IntegrityError, match="differs from the one its signed"):
        workspace.data.contracts.validate(analyst, "ids", dataset_ref="ids@1")


def test_a_cached_drift_profile_swapped_in_the_database_is_refused(
    workspace, team, insider, tmp_path
):
    analyst = team["analyst"]
    for name, shift in (("jan", 0), ("feb", 50)):
        path = tmp_path / f"{name}.csv"
        path.write_text("x,y\n" + "".join(f"{i + shift},{i % 3}\n" for i in range(300)))
        workspace.data.import_file(analyst, path, name)
    workspace.monitoring.drift(analyst, "jan@1", "feb@1")  # caches jan's profile
    workspace.monitoring.drift(analyst, "feb@1", "jan@1")  # and feb's
    insider.update(
        "UPDATE drift_profiles SET object_id = (SELECT object_id FROM "
        "drift_profiles WHERE reference = 'feb@1') WHERE reference = 'jan@1'"
    )
    with pytest.raises(IntegrityError, match="cached reference profile of jan@1 is not"):
        workspace.monitoring.drift(analyst, "jan@1", "feb@1")


def test_a_failed_validation_marked_passed_in_the_database_is_refused(
    workspace, team, insider, tmp_path
):
    analyst = team["analyst"]
    path = tmp_path / "ids.csv"
    path.write_text("code\nN001\nX002\n")
    workspace.data.import_file(analyst, path, "ids")
    body = workspace.data.contracts.infer(analyst, "ids@1")
    body["columns"][0]["pattern"] = r"^N\d{3}$"
    workspace.data.contracts.save(analyst, "ids", body)
    assert not workspace.data.contracts.validate(analyst, "ids", dataset_ref="ids@1").passed
    assert workspace.data.contracts.results(analyst, "ids@1")[0].passed is False
    insider.update("UPDATE validations SET passed = 1, failures = 0")
    with pytest.raises(
        IntegrityError,
        match=r"Validation val_\w+ against ids@1 differs from "
        r"the signed audit entry .*\(passed changed",
    ):
        workspace.data.contracts.results(analyst, "ids@1")


def test_a_monitor_run_turned_green_in_the_database_is_refused(workspace, team, insider, tmp_path):
    analyst = team["analyst"]
    for name, shift in (("jan", 0), ("feb", 500)):
        path = tmp_path / f"{name}.csv"
        path.write_text("x,y\n" + "".join(f"{i + shift},{i % 3}\n" for i in range(300)))
        workspace.data.import_file(analyst, path, "loans")
    workspace.monitors.add(analyst, {"name": "mon", "reference": "loans@1", "current": "loans"})
    run = workspace.monitors.run(analyst, "mon")
    assert run.level != "ok"
    assert [h.level for h in workspace.monitors.history(analyst, "mon")] == [run.level]
    insider.update("UPDATE monitor_runs SET level = 'ok', drift_share = 0")
    with pytest.raises(
        IntegrityError,
        match=r"Monitor run mrun_\w+ of mon differs from the "
        r"signed audit entry .*\(level, drift_share",
    ):
        workspace.monitors.history(analyst, "mon")
