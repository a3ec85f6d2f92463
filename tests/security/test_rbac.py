"""The role × action matrix: every role tries every action; allowed and denied exactly as
the permission table (and docs/roles.md) says; every denial is audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import PermissionDenied
from engine.projects import ProjectFields
from engine.security import rbac
from engine.security.rbac import Role

from conftest import PASSWORDS

ROOT = Path(__file__).resolve().parents[2]


def _actions(workspace, team, tmp_path):
    """action -> a call that performs it as the given actor."""
    blob = workspace.objects.put(team["admin"], b"shared evidence", "blob")
    csv = tmp_path / "small.csv"
    csv.write_text("a,b\n1,x\n2,y\n")
    workspace.data.import_file(team["admin"], csv, "base")
    body = workspace.data.contracts.infer(team["admin"], "base@1")
    workspace.data.contracts.save(team["admin"], "basec", body)
    counter = iter(range(1000))
    return {
        "user.list": lambda a: workspace.users.list(a),
        "user.add": lambda a: workspace.users.add(a, f"new{next(counter)}", "analyst",
                                                  "a new user password"),
        "user.disable": lambda a: workspace.users.disable(a, "val"),
        "user.enable": lambda a: workspace.users.enable(a, "val"),
        "user.role": lambda a: workspace.users.set_role(a, "val", "validator"),
        "user.passwd": lambda a: workspace.users.change_password(
            a, PASSWORDS[a.name], PASSWORDS[a.name]),
        "user.passwd.other": lambda a: workspace.users.reset_password(
            a, "aud" if a.name != "aud" else "val", "reset password 123"),
        "keys.rotate_master": lambda a: workspace.keys.rotate_master(a),
        "workspace.upgrade": lambda a: workspace.upgrade(a),
        "workspace.settings": lambda a: workspace.settings.set(
            a, "autolock_max_minutes", 10 + next(counter) % 50),
        "object.put": lambda a: workspace.objects.put(a, f"data {next(counter)}".encode(),
                                                      "blob"),
        "object.get": lambda a: workspace.objects.info(a, blob.id),
        "project.read": lambda a: workspace.projects.list(a),
        "project.create": lambda a: workspace.projects.create(a, f"p{next(counter)}",
                                                              ProjectFields()),
        "project.edit": lambda a: workspace.projects.edit(a, None,
                                                          ProjectFields(objective="x")),
        "data.read": lambda a: workspace.data.datasets(a),
        "data.import": lambda a: workspace.data.import_file(a, csv, f"d{next(counter)}"),
        "data.export": lambda a: workspace.data.export(a, "base@1",
                                                       tmp_path / f"e{next(counter)}.csv"),
        "data.contract": lambda a: workspace.data.contracts.save(a, "basec", body),
        "data.validate": lambda a: workspace.data.contracts.validate(a, "basec",
                                                                     dataset_ref="base@1"),
        "data.prepare": lambda a: workspace.data.prepare(
            a, "base@1", {"steps": [{"op": "drop", "columns": ["b"]}]},
            name=f"prep{next(counter)}"),
        "data.tag": lambda a: workspace.data.annotations.tag(a, "base", "a", ["identifier"]),
        "training.run": lambda a: workspace.training.log_run(a, "rbac", {"p": 1}, {"m": 0.5}),
        "training.read": lambda a: workspace.training.runs(a),
        "audit.read": lambda a: workspace.audit.entries(a),
        "audit.verify": lambda a: workspace.audit.verify(a),
        "audit.checkpoint": lambda a: workspace.audit.save_checkpoint(a),
        "audit.export": lambda a: workspace.audit.export(a, tmp_path / f"b{next(counter)}.zip"),
    }


def test_every_action_is_covered_by_this_test(workspace, team, tmp_path):
    assert set(_actions(workspace, team, tmp_path)) == set(rbac.PERMISSIONS)


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(workspace, team, tmp_path, role):
    actions = _actions(workspace, team, tmp_path)
    reader = team["auditor"]  # reading the log appends nothing
    name = {"admin": "admin", "analyst": "ana", "validator": "val", "auditor": "aud"}[role]
    for action, call in actions.items():
        # log in afresh each time: a rotation invalidates earlier sessions
        actor = workspace.login(name, PASSWORDS[name])
        if rbac.allowed(role, action):
            call(actor)
            continue
        with pytest.raises(PermissionDenied) as denied:
            call(actor)
        assert f"Your role ({role.value})" in denied.value.message
        entry = workspace.audit.entries(reader)[-1]
        assert (entry.action, entry.user_id, entry.details["action"]) == (
            "access.denied", actor.user_id, action), action


def test_the_auditor_can_change_nothing():
    # Saving checkpoints and exporting bundles record evidence; changing one's own password
    # is everyone's. Nothing else that writes is open to auditors.
    writes = set(rbac.PERMISSIONS) - rbac.READS - {"audit.checkpoint", "audit.export",
                                                   "user.passwd"}
    assert writes and not any(rbac.allowed("auditor", a) for a in writes)


def test_docs_role_matrix_matches_the_table():
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    assert rbac.matrix_markdown() in text
