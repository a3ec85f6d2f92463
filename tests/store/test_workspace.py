"""Workspace layout, format checks, migrations."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from engine.errors import AlreadyExists, WorkspaceError
from engine.store.schema import Base
from engine.workspace import Workspace

from conftest import ADMIN_PASSWORD
from helpers import raw_db

pytestmark = pytest.mark.both_backends


def test_layout_and_config(workspace, metadata):
    for name in ("airlock.toml", "keys", "objects", "audit", "inbox"):
        assert (workspace.path / name).exists(), name
    config = tomllib.loads((workspace.path / "airlock.toml").read_text())
    assert config["format"] == 1 and config["workspace_id"] == workspace.id
    assert config["kdf"]["algorithm"] == "argon2id"
    if metadata:  # a team workspace: the server's URL, never its password
        assert not (workspace.path / "metadata.db").exists()
        password = metadata.split(":")[2].split("@")[0]
        assert config["metadata"]["url"] == metadata.replace(f":{password}@", "@")
        assert password not in (workspace.path / "airlock.toml").read_text()
        return
    assert "metadata" not in config
    db = sqlite3.connect(workspace.path / "metadata.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_orm_matches_the_migrated_schema(workspace):
    with workspace.db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_set_per_connection(workspace):
    with workspace.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_init_refuses_a_non_empty_folder_and_leaves_nothing_on_failure(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file.txt").write_text("x")
    with pytest.raises(AlreadyExists, match="not an empty folder"):
        Workspace.create(tmp_path / "full", "admin", ADMIN_PASSWORD)
    from engine.errors import ValidationError

    with pytest.raises(ValidationError):
        Workspace.create(tmp_path / "new", "admin", "short")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("format = 99", "format 99, made by a newer Airlock"),
        ("format = 0", "unknown workspace format"),
        ('format = "x"', "unknown workspace format"),
        ("garbage [[[", "is damaged"),
    ],
)
def test_unknown_or_newer_format_gives_a_clear_message(workspace, edit, message):
    path = workspace.path / "airlock.toml"
    lines = path.read_text().splitlines()
    text = "\n".join([edit if line.startswith("format") else line for line in lines])
    if "garbage" in edit:
        text = edit + "\n" + text
    path.write_text(text)
    with pytest.raises(WorkspaceError, match=message):
        Workspace.open(workspace.path)


def test_database_revisions_newer_and_older(workspace):
    path = workspace.path
    workspace.close()
    db = raw_db(path)
    db.execute("UPDATE alembic_version SET version_num='9999'")
    db.commit()
    with pytest.raises(WorkspaceError, match="does not know"):
        Workspace.open(path)
    db.execute("UPDATE alembic_version SET version_num='0000'")
    db.commit()
    db.close()
    with pytest.raises(WorkspaceError, match="does not know"):
        Workspace.open(path)


def test_the_head_revision_constant_is_alembics_head(workspace):
    # Opening compares against HEAD_REVISION without loading Alembic; a new migration must
    # move it, or every workspace would be called outdated (or an old one current).
    assert workspace.db.head_revision() == workspace.db.alembic_head()
    assert workspace.db.current_revision() == workspace.db.alembic_head()


def test_an_empty_database_is_refused(workspace):
    path = workspace.path
    workspace.close()
    db = raw_db(path)
    db.execute("DROP TABLE alembic_version")
    db.commit()
    db.close()
    with pytest.raises(WorkspaceError, match="is empty"):
        Workspace.open(path)


def test_missing_folder_and_not_a_workspace(tmp_path):
    with pytest.raises(WorkspaceError, match="There is no workspace"):
        Workspace.open(tmp_path / "absent")
    with pytest.raises(WorkspaceError, match="not an Airlock workspace"):
        Workspace.open(tmp_path)


def test_no_plaintext_of_objects_anywhere_in_the_workspace(workspace, admin):
    secret = b"PLAINTEXT-MARKER-" * 100
    workspace.objects.put(admin, secret, "blob")
    workspace.close()
    for file in workspace.path.rglob("*"):
        if file.is_file():
            assert b"PLAINTEXT-MARKER-" not in file.read_bytes(), file


@pytest.mark.governed  # the settings as a new workspace has them
def test_workspace_settings_are_typed_audited_and_admin_only(workspace, team):
    from engine.errors import NotFound, PermissionDenied, ValidationError

    admin = team["admin"]
    assert workspace.settings.all(team["auditor"])["autolock_max_minutes"] == 15
    workspace.settings.set(admin, "autolock_max_minutes", 5)
    workspace.settings.set(admin, "display_name", "  Credit risk  ")
    assert workspace.settings.all(team["analyst"]) == {
        "display_name": "Credit risk",
        "autolock_max_minutes": 5,
        "dask_scheduler": "",
        "smtp_relay": "",
        "mail_from": "",
        "require_dpia": True,
        "four_eyes_cooling_days": 7,
        "audit_retention_days": 730,
        "default_gates": True,
        "trusted_code": "",
    }
    entry = workspace.audit.entries(admin)[-1]
    assert (entry.action, entry.details) == (
        "workspace.settings",
        {"from": "", "to": "Credit risk"},
    )
    with pytest.raises(ValidationError, match=r"integer from 1 to 240\. Got 0"):
        workspace.settings.set(admin, "autolock_max_minutes", 0)
    with pytest.raises(NotFound):
        workspace.settings.set(admin, "colour", "red")
    with pytest.raises(PermissionDenied):
        workspace.settings.set(team["analyst"], "autolock_max_minutes", 9)


def test_overview_counts_what_the_workspace_holds(workspace, team):
    from engine.overview import overview

    workspace.objects.put(team["analyst"], b"12345", "blob")
    workspace.audit.verify(team["auditor"])
    seen = overview(workspace, team["auditor"])
    assert seen.active_users == {"admin": 1, "analyst": 1, "validator": 1, "auditor": 1}
    assert (seen.objects, seen.object_bytes) == (1, 5)
    assert seen.last_verification is not None
    assert (seen.last_verification.result, seen.last_verification.by) == ("valid", "aud")
    analyst_view = overview(workspace, team["analyst"])
    assert analyst_view.last_verification is None and not analyst_view.can_read_audit


def test_demo_workspace_has_one_user_per_role(tmp_path, demo_copy):
    from engine.demo import DEMO_USERS, open_or_create_demo

    path = demo_copy(tmp_path / "demo")  # built once for the run (tests/conftest.py)
    assert open_or_create_demo(path) == path  # opening again creates nothing
    with Workspace.open(path) as ws:
        for role, (name, password) in DEMO_USERS.items():
            assert ws.login(name, password).role == role
        admin = ws.login(*DEMO_USERS["admin"])
        project = "retail credit default"
        assert [c.text() for c in ws.projects.get(admin, project).success_criteria] == [
            "recall >= 0.7",
            "precision >= 0.5",
        ]
        data = {d.name: d for d in ws.data.datasets(admin, project)}
        assert data["credit_applications"].latest.rows == 12_000
        assert len(data["credit_monthly"].versions) == 6
        assert data["credit_applications"].column_tags["gender"] == ["sensitive"]
        rates = [
            ws.data.read_table(admin, f"credit_monthly@{m}", project)
            .column("default")
            .to_numpy()
            .mean()
            for m in (1, 6)
        ]
        assert rates[1] > rates[0] + 0.05  # the batches drift
        derived = ws.data.version(admin, "credit_model_input@1", project)
        assert derived.recipe["name"] == "credit model input"
        lineage = ws.data.lineage(admin, "credit_model_input@1", project)
        assert {n.ref for n in lineage.nodes} == {"credit_applications@1", "credit_model_input@1"}
        split = ws.data.read_table(admin, derived).column("split").to_pylist()
        assert abs(split.count("test") / len(split) - 0.2) < 0.01
        report = ws.data.contracts.validate(
            admin, "credit_applications@1", dataset_ref="credit_monthly@6", project=project
        )
        assert report.contract == "credit_applications@1" and not report.passed  # drifted
        assert ws.audit.verify(admin).ok
        from engine.overview import overview

        facts = overview(ws, ws.login(*DEMO_USERS["auditor"]))
        assert (facts.projects, facts.datasets, facts.dataset_versions) == (2, 4, 14)
        assert (facts.contracts, facts.validations, facts.failed_validations) == (1, 1, 1)
        runs = ws.training.runs(admin, project)
        assert [r.model for r in runs] == [
            "logistic",
            "random_forest",
            "hist_gradient_boosting",
            "logistic",
        ]
        assert all(r.status == "finished" and r.metrics["test"]["roc_auc"] > 0.75 for r in runs)
        assert "gender (sensitive attribute)" in runs[0].notes[0]
        # the registry: one version in production, one refused by the default fairness
        # gate (risk tier high), one awaiting approval, a pipeline
        model = ws.registry.versions.model(admin, "credit_default", project)
        assert {v.ref: v.stage for v in model.versions} == {
            "credit_default@1": "production",
            "credit_default@2": "staging",
            "credit_default@3": "staging",
        }
        refused = [
            g
            for g in ws.registry.gates.check(admin, "credit_default@2", "production", project)
            if not g.passed
        ]
        assert [g.gate for g in refused] == ["demographic_parity_ratio of nationality ≥ 0.8"]
        assert ws.registry.approvals.check_approval(admin, "credit_default@1", project).valid
        assert [
            a.version for a in ws.registry.approvals.all(admin, status="pending", project=project)
        ] == ["credit_default@3"]
        validator = ws.login(*DEMO_USERS["validator"])
        assert [a.version for a in ws.registry.approvals.awaiting(validator, project)] == [
            "credit_default@3"
        ]
        assert all(t.passed for t in ws.registry.tests.stored(admin, "credit_default@2", project))
        assert data["credit_monthly"].column_tags["gender"] == ["sensitive"]
        assert [p.name for p in ws.pipelines.pipelines(admin, project)] == ["monthly-retrain"]
        # monitoring: the drift develops over the months, ok → warning → alert
        inputs = ws.monitors.history(admin, "credit-inputs", project=project)
        assert [r.level for r in inputs] == [
            "ok",
            "warning",
            "warning",
            "alert",
            "alert",
            "alert",
        ]
        assert inputs[0].period == ("2025-07-01", "2025-07-28")
        model = ws.monitors.history(admin, "credit-model", project=project)
        assert [r.performance["level"] for r in model][-1] == "alert"
        assert {
            a.monitor: a.level
            for a in ws.monitors.alerts(admin, project=project)
            if a.level == "alert"
        } == {"credit-inputs": "alert", "credit-model": "alert"}
        # governance: both versions assessed; the challenger fails the four-fifths rule
        flags = {
            ref: ws.governance.fairness.reports(admin, ref, project=project)[0].report.flags
            for ref in ("credit_default@1", "credit_default@2")
        }
        # version 1 meets the rule for each attribute (the gates); only the intersection
        # of the two, a smaller group, falls below
        assert [f.split(":")[0] for f in flags["credit_default@1"]] == ["gender × nationality"]
        assert flags["credit_default@2"][0].startswith("nationality: ")
        card = ws.governance.cards.card(admin, "credit_default@1", project=project)
        assert card["number"] == 1 and card["missing"] == []  # complete, with the monitors
        # the model's input inherited the datasheet of the applications it was made from
        assert card["sections"]["training_data"]["datasheet_of"] == "credit_model_input@1"
        assert card["sections"]["training_data"]["purpose"].startswith("Training and")
        [note] = ws.monitors.annotations(admin, "credit-inputs", project=project)
        assert note.date == "2025-09-01" and not note.new_baseline


def test_example_recipe_is_the_demo_recipe():
    from engine.data.demo_data import DEMO_RECIPE
    from engine.data.recipe_model import check_recipe, load_recipe

    example = Path(__file__).parents[2] / "examples" / "credit_prepare.toml"
    assert load_recipe(example) == check_recipe(DEMO_RECIPE)


def test_a_cancelled_demo_leaves_nothing_half_made(tmp_path):
    # issue 20: the demo is built aside and renamed into place; a cancel (or a crash) half
    # way left a workspace that opened as if it were the finished demo
    from engine.demo import open_or_create_demo
    from engine.errors import Cancelled
    from engine.jobs import CancelToken

    stages: list[tuple[float, str]] = []
    token = CancelToken()

    def progress(fraction: float, message: str = "") -> None:
        stages.append((fraction, message))
        if message.startswith("adding the users (2 of 3"):
            token.cancel()

    path = tmp_path / "demo"
    with pytest.raises(Cancelled):
        open_or_create_demo(path, progress=progress, cancel=token)
    assert not path.exists() and list(tmp_path.iterdir()) == []
    # the stages come in order, with a rising, determinate fraction
    assert [m for _f, m in stages][:2] == [
        "creating the workspace",
        "adding the users (1 of 3: analyst)",
    ]
    assert [f for f, _m in stages] == sorted(f for f, _m in stages)


def test_the_demo_refuses_a_folder_that_holds_something_else_before_building(tmp_path):
    """Found by hand: AIRLOCK_DEMO_DIR naming a folder with other things in it built the demo
    for a minute, then the rename failed with an OSError traceback in the bug dialog."""
    from engine.demo import open_or_create_demo
    from engine.errors import ValidationError

    taken = tmp_path / "taken"
    (taken / "demo").mkdir(parents=True)
    stages: list[str] = []
    with pytest.raises(ValidationError, match="is not an Airlock workspace and is not empty"):
        open_or_create_demo(taken, progress=lambda f, m="": stages.append(m))
    assert stages == [] and sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    (tmp_path / "a file").write_text("x")
    with pytest.raises(ValidationError, match="not empty"):
        open_or_create_demo(tmp_path / "a file")
