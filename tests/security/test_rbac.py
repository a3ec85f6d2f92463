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

pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parents[2]


def _actions(workspace, team, tmp_path):
    """action -> a call that performs it as the given actor."""
    blob = workspace.objects.put(team["admin"], b"shared evidence", "blob")
    csv = tmp_path / "small.csv"
    csv.write_text("a,b\n1,x\n2,y\n")
    workspace.data.import_file(team["admin"], csv, "base")
    body = workspace.data.contracts.infer(team["admin"], "base@1")
    workspace.data.contracts.save(team["admin"], "basec", body)
    erasable = tmp_path / "erase.csv"
    erasable.write_text("id,v\n1,x\n2,y\n3,z\n")
    workspace.data.import_file(team["admin"], erasable, "rbe")
    counter = iter(range(1000))
    registry = _registry_setup(workspace, team, tmp_path)
    api_token = workspace.serving.tokens.create(team["admin"], "rbac", ["rbs"]).token.id

    def prune(a):
        import contextlib
        from datetime import UTC, datetime

        from engine.errors import ValidationError

        # allowed, and always refused on its merits (see test_retention.py)
        with contextlib.suppress(ValidationError):
            workspace.audit.prune(a, datetime(2000, 1, 1, tzinfo=UTC), retention_days=730)

    return {
        **registry(counter),
        "user.list": lambda a: workspace.users.list(a),
        "user.add": lambda a: workspace.users.add(
            a, f"new{next(counter)}", "analyst", "a new user password"
        ),
        "user.disable": lambda a: workspace.users.disable(a, "val"),
        "user.enable": lambda a: workspace.users.enable(a, "val"),
        "user.role": lambda a: workspace.users.set_role(a, "val", "validator"),
        "user.passwd": lambda a: workspace.users.change_password(
            a, PASSWORDS[a.name], PASSWORDS[a.name]
        ),
        "user.passwd.other": lambda a: workspace.users.reset_password(
            a, "aud" if a.name != "aud" else "val", "reset password 123"
        ),
        "keys.rotate_master": lambda a: workspace.keys.rotate_master(a),
        "keys.rotate_recovery": lambda a: workspace.keys.rotate_recovery(a),
        "workspace.upgrade": lambda a: workspace.upgrade(a),
        "workspace.settings": lambda a: workspace.settings.set(
            a, "autolock_max_minutes", 10 + next(counter) % 50
        ),
        "object.put": lambda a: workspace.objects.put(a, f"data {next(counter)}".encode(), "blob"),
        "object.get": lambda a: workspace.objects.info(a, blob.id),
        "project.read": lambda a: workspace.projects.list(a),
        "project.create": lambda a: workspace.projects.create(
            a, f"p{next(counter)}", ProjectFields()
        ),
        "project.edit": lambda a: workspace.projects.edit(a, None, ProjectFields(objective="x")),
        "data.read": lambda a: workspace.data.datasets(a),
        "data.import": lambda a: workspace.data.import_file(a, csv, f"d{next(counter)}"),
        "data.export": lambda a: workspace.data.export(
            a, "base@1", tmp_path / f"e{next(counter)}.csv"
        ),
        "data.contract": lambda a: workspace.data.contracts.save(a, "basec", body),
        "data.validate": lambda a: workspace.data.contracts.validate(
            a, "basec", dataset_ref="base@1"
        ),
        "data.prepare": lambda a: workspace.data.prepare(
            a, "base@1", {"steps": [{"op": "drop", "columns": ["b"]}]}, name=f"prep{next(counter)}"
        ),
        "data.tag": lambda a: workspace.data.annotations.tag(a, "base", "a", ["identifier"]),
        "training.run": lambda a: workspace.training.log_run(a, "rbac", {"p": 1}, {"m": 0.5}),
        "training.read": lambda a: workspace.training.runs(a),
        "audit.read": lambda a: workspace.audit.entries(a),
        "audit.verify": lambda a: workspace.audit.verify(a),
        "audit.checkpoint": lambda a: workspace.audit.save_checkpoint(a),
        "audit.export": lambda a: workspace.audit.export(a, tmp_path / f"b{next(counter)}.zip"),
        "audit.prune": prune,
        "serving.token": lambda a: workspace.serving.tokens.create(a, f"t{next(counter)}", ["m"]),
        "serving.revoke": lambda a: workspace.serving.tokens.revoke(a, api_token),
        "data.erasure": lambda a: workspace.governance.retention.erase(
            a, "rbe", "id", ["1"], reference="DSR-1"
        ),
        "governance.purge": lambda a: workspace.governance.retention.purge(a),
        "governance.retention": lambda a: workspace.governance.retention.set(
            a, "base", 100 + next(counter)
        ),
        "governance.dpia": lambda a: workspace.governance.dpia.save(
            a, {"processing": f"p{next(counter)}"}
        ),
    }


def _registry_setup(workspace, team, tmp_path):
    """Models in every state the registry actions need, made by the administrator (who
    trained them) and approved by the validator."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.training.spec import RunSpec
    from tests.training.conftest import loans_table

    admin, val = team["admin"], team["validator"]
    pq.write_table(loans_table(200), tmp_path / "loans.parquet")
    workspace.data.import_file(admin, tmp_path / "loans.parquet", "loans")
    runs = [
        workspace.training.train(
            admin,
            RunSpec(
                dataset="loans@1",
                target="default",
                model="logistic",
                folds=2,
                seed=seed,
                learning_curve=False,
                explain=False,
                n_jobs=1,
            ),
        )
        for seed in (1, 2)
    ]
    for name in ("rbs", "rbr", "rba"):
        workspace.registry.versions.register(admin, runs[0].ref, name)
    for name in ("rbr", "rba"):
        workspace.registry.versions.set_stage(admin, f"{name}@1", "staging")
    workspace.registry.approvals.request(admin, "rba@1")
    for run in runs:  # rbb: two production versions, so a rollback always has a target
        version = workspace.registry.versions.register(admin, run.ref, "rbb")
        workspace.registry.versions.set_stage(admin, version.ref, "staging")
        workspace.registry.approvals.request(admin, version.ref)
        workspace.registry.approvals.approve(
            val, version.ref, password=PASSWORDS["val"], reason="ok"
        )
    source = tmp_path / "score.csv"
    loans_table(20).to_pandas().to_csv(source, index=False)
    bundle = tmp_path / "rbs.zip"
    workspace.registry.deploy.export_bundle(admin, "rbs@1", bundle)

    def stage_toggle(a):
        now = workspace.registry.versions.version(admin, "rbs@1").stage
        return workspace.registry.versions.set_stage(
            a, "rbs@1", "dev" if now == "staging" else "staging"
        )

    def request_withdraw(a):
        workspace.registry.approvals.request(a, "rbr@1")
        workspace.registry.approvals.withdraw(a, "rbr@1")

    workspace.pipelines.add(
        admin,
        {
            "name": "rbp",
            "trigger": {"dataset": "loans"},
            "step": [{"kind": "validate", "contract": "rbc"}],
        },
    )
    workspace.data.contracts.save(admin, "rbc", workspace.data.contracts.infer(admin, "loans@1"))

    workspace.monitors.add(
        admin,
        {
            "name": "rbm",
            "reference": "loans@1",
            "current": "loans",
            "levels": {"warning": 0.01, "alert": 0.02, "cooldown": "1m"},
        },
    )
    alerts = []
    for seed in range(4):  # an open alert for each role that may acknowledge one
        pq.write_table(
            loans_table(200, 100 + seed)
            .to_pandas()
            .assign(age=lambda f: f["age"] + 30)
            .pipe(pa.Table.from_pandas, preserve_index=False),
            tmp_path / f"drifted{seed}.parquet",
        )
        workspace.data.import_file(admin, tmp_path / f"drifted{seed}.parquet", "loans")
        workspace.clock.advance(120)
        alerts.append(workspace.monitors.run(admin, "rbm").alert)
    workspace.data.import_file(admin, tmp_path / "loans.parquet", "loans")  # loans@latest

    def actions(counter):
        return {
            "monitoring.run": lambda a: workspace.monitoring.drift(a, "loans@1", "loans@1"),
            "monitoring.read": lambda a: workspace.monitors.alerts(a),
            "monitoring.edit": lambda a: workspace.monitors.add(
                a, {"name": f"m{next(counter)}", "reference": "loans@1", "current": "loans"}
            ),
            "monitoring.ack": lambda a: workspace.monitors.acknowledge(a, alerts.pop()),
            "pipeline.read": lambda a: workspace.pipelines.pipelines(a),
            "pipeline.edit": lambda a: workspace.pipelines.add(
                a,
                {
                    "name": f"p{next(counter)}",
                    "trigger": {"dataset": "loans"},
                    "step": [{"kind": "validate", "contract": "rbc"}],
                },
            ),
            "pipeline.run": lambda a: workspace.pipelines.run(a, "rbp", force=True),
            "registry.read": lambda a: workspace.registry.versions.models(a),
            "registry.register": lambda a: workspace.registry.versions.register(
                a, runs[1].ref, f"m{next(counter)}"
            ),
            "registry.edit": lambda a: workspace.registry.versions.edit(
                a, "rbs@1", description=f"d{next(counter)}"
            ),
            "registry.promote": stage_toggle,
            "registry.request": request_withdraw,
            "registry.approve": lambda a: workspace.registry.approvals.approve(
                a, "rba@1", password=PASSWORDS[a.name], reason="ok"
            ),
            "registry.rollback": lambda a: workspace.registry.approvals.rollback(
                a, "rbb", reason="x"
            ),
            "registry.test": lambda a: workspace.registry.tests.run(
                a, "rbs@1", {"name": "t", "check": [{"kind": "output"}]}
            ),
            "registry.score": lambda a: workspace.registry.deploy.score(
                a, "rbs@1", source, tmp_path / f"s{next(counter)}.csv"
            ),
            "registry.export": lambda a: workspace.registry.deploy.export_bundle(
                a, "rbs@1", tmp_path / f"x{next(counter)}.zip"
            ),
            "registry.import": lambda a: workspace.registry.deploy.import_bundle(
                a, bundle, name=f"imp{next(counter)}"
            ),
            "governance.read": lambda a: workspace.governance.fairness.reports(a, "rbs@1"),
            "governance.assess": lambda a: workspace.governance.fairness.assess_run(
                a, runs[0].ref, attributes=["gender"]
            ),
            "governance.mitigate": lambda a: workspace.governance.fairness.mitigate(
                a, runs[0].ref, attribute="gender"
            ),
            "governance.card": lambda a: workspace.governance.cards.save(
                a, "rbs@1", {"caveats": f"c{next(counter)}"}
            ),
        }

    return actions


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
            "access.denied",
            actor.user_id,
            action,
        ), action


def test_the_auditor_can_change_nothing():
    # Saving checkpoints and exporting bundles record evidence; changing one's own password
    # is everyone's. Nothing else that writes is open to auditors.
    writes = (
        set(rbac.PERMISSIONS) - rbac.READS - {"audit.checkpoint", "audit.export", "user.passwd"}
    )
    assert writes and not any(rbac.allowed("auditor", a) for a in writes)


def test_docs_role_matrix_matches_the_table():
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    assert rbac.matrix_markdown() in text


@pytest.mark.parametrize("case", ["settings", "role", "monitor", "pipeline", "card", "datasheet"])
def test_the_role_is_checked_before_the_input_and_the_refusal_is_audited(
    workspace, team, tmp_path, case
):
    # an auditor with bad input: refused for the role (and audited), not for the input
    auditor, admin = team["auditor"], team["admin"]
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed\n", encoding="utf-8")
    calls = {
        "settings": lambda: workspace.settings.set(auditor, "autolock_max_minutes", -5),
        "role": lambda: workspace.users.set_role(auditor, "ana", "superuser"),
        "monitor": lambda: workspace.monitors.add(auditor, bad),
        "pipeline": lambda: workspace.pipelines.add(auditor, bad),
        "card": lambda: workspace.governance.cards.save(auditor, "absent@1", {"tone": "x"}),
        # issue 19: the unknown field was reported before the role was refused
        "datasheet": lambda: workspace.data.annotations.set_datasheet(
            auditor, "absent", {"colour": "blue"}
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[case]()
    denied = [e for e in workspace.audit.entries(admin) if e.action == "access.denied"]
    assert denied and denied[-1].user_id == auditor.user_id
