"""Navigation, what each role sees, the audit view's background work, export, languages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer

from engine.errors import PermissionDenied
from gui.jobs import JobState
from tests.gui.conftest import wait_idle

from helpers import fill_log, raw_db

AREAS = {
    "admin": [
        "dashboard",
        "data",
        "experiments",
        "models",
        "pipelines",
        "monitoring",
        "governance",
        "evidence",
        "audit",
        "admin",
    ],
    "validator": [
        "dashboard",
        "data",
        "experiments",
        "models",
        "pipelines",
        "monitoring",
        "governance",
        "evidence",
        "audit",
    ],
    "auditor": [
        "dashboard",
        "data",
        "experiments",
        "models",
        "pipelines",
        "monitoring",
        "governance",
        "evidence",
        "audit",
    ],
    "analyst": [
        "dashboard",
        "data",
        "experiments",
        "models",
        "pipelines",
        "monitoring",
        "governance",
    ],
}


@pytest.mark.parametrize("role", list(AREAS))
def test_each_role_reaches_exactly_its_views(qtbot, window_for, runner, role):
    window = window_for(role)
    assert [a.key for a in window.areas] == AREAS[role]
    for number, key in enumerate(AREAS[role], 1):
        # Ctrl+1 … Ctrl+9, and Ctrl+0 for the tenth
        qtbot.keyClick(window, Qt.Key.Key_0 + number % 10, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, runner)
        assert window.current_view() is window.views[key]
    assert window.role_label.text() == {"admin": "Role: administrator"}.get(role, f"Role: {role}")
    dashboard = window.views["dashboard"]
    assert dashboard.overview is not None and dashboard.overview.active_users["admin"] == 1


def test_audit_actions_follow_the_role(qtbot, window_for, runner):
    validator = window_for("validator").show_area("audit")
    assert validator.verify_button.isVisibleTo(validator)
    assert not validator.export_button.isVisibleTo(validator)
    assert not validator.checkpoint_button.isVisibleTo(validator)
    auditor = window_for("auditor").show_area("audit")
    for button in (
        auditor.verify_button,
        auditor.export_button,
        auditor.checkpoint_button,
        auditor.bundle_button,
    ):
        assert button.isVisibleTo(auditor)


def test_actions_forced_through_for_the_wrong_role_are_refused_by_the_engine(
    qtbot, window_for, runner, tmp_path
):
    validator_window = window_for("validator")
    audit = validator_window.show_area("audit")
    job = audit.export_bundle(tmp_path / "bundle.zip")
    wait_idle(qtbot, runner)
    assert job.state is JobState.FAILED and isinstance(job.error, PermissionDenied)
    kind, text = runner.presenter.shown[-1]
    assert kind == "error" and "Your role (validator) does not allow you to export" in text
    assert not (tmp_path / "bundle.zip").exists()
    analyst_window = window_for("analyst")
    from gui.views.admin import AdminView

    forced = AdminView(analyst_window.ctx)  # not in the analyst's sidebar; built by force
    qtbot.addWidget(forced)
    job = forced.add_user("mallory", "admin", "mallory password 1")
    wait_idle(qtbot, runner)
    assert isinstance(job.error, PermissionDenied)
    # said in the view, in red, not only in a dialog or the status bar
    assert forced.status.kind == "error" and forced.status.isVisibleTo(forced)
    assert "Your role (analyst) does not allow you to add a user." in forced.status.text()


def test_verify_runs_in_the_background_and_can_be_cancelled(
    qtbot, window_for, runner, workspace, team
):
    fill_log(workspace, [team["admin"]], 12_000)
    audit = window_for("auditor").show_area("audit")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    job = audit.verify()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    timer.stop()
    assert job.state is JobState.SUCCEEDED and audit.report.ok
    duration = job.ended - job.started
    assert len(ticks) >= max(3, int(duration / 0.02 * 0.3)), (len(ticks), duration)
    job = audit.verify()
    job.progressed.connect(lambda *_: job.cancel())
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    assert job.state is JobState.CANCELLED
    assert audit.status.text() == "Verification cancelled."
    assert not audit.progress.isVisible() and audit.verify_button.isEnabled()


@pytest.mark.tampers
def test_tampered_entries_are_listed_by_seq_and_can_be_jumped_to(
    qtbot, window_for, runner, workspace, team
):
    fill_log(workspace, [team["admin"]], 1500)
    db = raw_db(workspace.path)  # drops the append-only guard, as an attacker would
    db.execute("UPDATE audit_entries SET target='object:forged' WHERE seq IN (40, 1200)")
    db.close()
    audit = window_for("auditor").show_area("audit")
    job = audit.verify()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    lines = [audit.findings.item(i).text() for i in range(audit.findings.count())]
    assert any(line.startswith("seq 40: INVALID") for line in lines)
    assert any(line.startswith("seq 1200: INVALID") for line in lines)
    assert set(audit.model.invalid) >= {40, 1200}
    audit.jump_to(1200)  # beyond the first page: the view loads from there
    qtbot.waitUntil(lambda: audit.table.currentIndex().isValid(), timeout=10_000)
    entry = audit.model.entry(audit.table.currentIndex().row())
    assert entry.seq == 1200 and "INVALID" in audit.details.toPlainText()


def test_audit_table_pages_lazily(qtbot, window_for, runner, workspace, team):
    fill_log(workspace, [team["admin"]], 2000)
    audit = window_for("auditor").show_area("audit")
    wait_idle(qtbot, runner)
    assert audit.model.rowCount() == 500 and audit.model.has_more
    audit.table.scrollToBottom()
    qtbot.waitUntil(lambda: audit.model.rowCount() > 500, timeout=10_000)
    audit.filters.action.setCurrentIndex(audit.filters.action.findData("user.add"))
    audit.filters.apply()
    wait_idle(qtbot, runner)
    assert audit.model.rowCount() == 3 and not audit.model.has_more


def test_export_from_the_view_is_accepted_by_the_cli(qtbot, window_for, runner, tmp_path):
    audit = window_for("auditor").show_area("audit")
    checkpoint = audit.save_checkpoint(tmp_path / "kept.txt")
    wait_idle(qtbot, runner)
    assert checkpoint.state is JobState.SUCCEEDED and (tmp_path / "kept.txt").read_text()
    job = audit.export_bundle(tmp_path / "bundle.zip")
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "audit",
            "verify-bundle",
            str(tmp_path / "bundle.zip"),
            "--trusted-checkpoint",
            str(tmp_path / "kept.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "Result: VALID" in result.stdout
    audit.check_bundle(tmp_path / "bundle.zip", (tmp_path / "kept.txt").read_text())
    wait_idle(qtbot, runner)
    assert "Result: VALID" in audit.findings.item(1).text()
    newer = audit.save_checkpoint(tmp_path / "newer.txt")  # the bundle predates this one
    wait_idle(qtbot, runner)
    assert newer.state is JobState.SUCCEEDED
    audit.check_bundle(tmp_path / "bundle.zip", (tmp_path / "newer.txt").read_text())
    wait_idle(qtbot, runner)
    assert "Result: INVALID" in audit.findings.item(1).text()


@pytest.mark.tampers
def test_an_invalid_log_is_exported_only_when_the_user_says_so(
    qtbot, window_for, runner, workspace, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    db = raw_db(workspace.path)
    db.execute("UPDATE audit_entries SET target='user:forged' WHERE seq = 3")
    db.close()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def warning(_parent, _title, text, *_args):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    audit = window_for("auditor").show_area("audit")
    target = tmp_path / "bundle.zip"
    audit.export_bundle(target)
    wait_idle(qtbot, runner)
    assert "fails verification" in asked[0] and "--include-invalid" not in asked[0]
    assert not target.exists() and audit.status.text() == "Nothing was exported."
    answer[0] = QMessageBox.StandardButton.Yes
    audit.export_bundle(target)
    wait_idle(qtbot, runner)
    assert target.exists() and "FAILED verification" in audit.status.text()


def test_pruned_entries_still_say_who_did_what(qtbot, window_for, runner, workspace, team, clock):
    from datetime import timedelta

    workspace.projects.create(team["analyst"], "old", _project())
    clock.advance(800 * 86_400)
    workspace.audit.prune(team["admin"], clock.now - timedelta(days=731))
    audit = window_for("auditor").show_area("audit")
    wait_idle(qtbot, runner)
    rows = [audit.model.entry(r) for r in range(audit.model.rowCount())]
    row = next(r for r, e in enumerate(rows) if e.action == "project.create")
    assert audit.model.index(row, 5).data() == "project.create (pruned)"
    assert audit.model.index(row, 3).data() == "ana"
    audit.jump_to(rows[row].seq)
    qtbot.waitUntil(
        lambda: "who, what and when stay signed" in audit.details.toPlainText(), timeout=10_000
    )


def _project():
    from engine.projects import ProjectFields

    return ProjectFields()


def test_admin_view_manages_users_keys_and_settings(qtbot, window_for, runner):
    window = window_for("admin")
    admin = window.show_area("admin")
    wait_idle(qtbot, runner)
    assert [u.name for u in admin.users] == ["admin", "ana", "aud", "val"]
    assert admin.fingerprint.text().split("\n")[0] == window.ctx.workspace.config.log_key_id
    for job in (admin.add_user("bob", "analyst", "bob password 123"),):
        wait_idle(qtbot, runner)
        assert job.state is JobState.SUCCEEDED
    admin.set_role("bob", "validator")
    wait_idle(qtbot, runner)
    admin.set_enabled("bob", False)
    wait_idle(qtbot, runner)
    bob = next(u for u in admin.users if u.name == "bob")
    assert bob.role == "validator" and bob.disabled
    job = admin.rotate()
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED and "Master key rotated" in admin.status.text()
    admin.replace_recovery()
    wait_idle(qtbot, runner)
    shown = admin.recovery_dialog.key.text()
    assert len(shown.split("-")) == 14
    assert not admin.recovery_dialog.buttons.button(
        admin.recovery_dialog.buttons.StandardButton.Ok
    ).isEnabled()  # until stored offline
    admin.recovery_dialog.stored.setChecked(True)
    admin.recovery_dialog.accept()
    assert [
        e
        for e in window.ctx.workspace.audit.entries(window.ctx.actor)
        if e.action == "keys.rotate_recovery"
    ]
    assert admin.require_dpia.isChecked() and admin.audit_retention.value() == 730
    assert admin.cooling.value() == 7
    assert not admin.default_gates.isChecked()  # the test workspace turned them off
    admin.save(
        "Credit risk",
        7,
        "tcp://10.0.0.5:8786",
        ("mail.internal:25", "ai@bank.sa"),
        (False, 1095),
        14,
        True,
        "bank_features,  risk.steps",
    )
    wait_idle(qtbot, runner)
    assert window.ctx.workspace.settings.all(window.ctx.actor) == {
        "display_name": "Credit risk",
        "autolock_max_minutes": 7,
        "dask_scheduler": "tcp://10.0.0.5:8786",
        "smtp_relay": "mail.internal:25",
        "mail_from": "ai@bank.sa",
        "require_dpia": False,
        "audit_retention_days": 1095,
        "four_eyes_cooling_days": 14,
        "default_gates": True,
        "trusted_code": "bank_features, risk.steps",
    }
    assert admin.default_gates.isChecked()
    assert admin.cooling.value() == 14
    assert not admin.require_dpia.isChecked() and admin.audit_retention.value() == 1095
    assert admin.audit_retention.minimum() == 365 and admin.audit_retention.maximum() == 36_500
    admin.save("Credit risk", 7, "http://cluster")  # refused with the engine's message
    wait_idle(qtbot, runner)
    assert admin.status.kind == "error" and "looks like tcp://10.0.0.5:8786" in admin.status.text()


def test_switching_to_arabic_lays_out_right_to_left(qtbot, window_for, runner, qapp):
    from gui.i18n import install_language
    from gui.main_window import MainWindow

    window = window_for("admin")
    assert install_language(qapp, "ar")
    arabic = MainWindow(window.ctx)
    qtbot.addWidget(arabic)
    arabic.show()
    wait_idle(qtbot, runner)
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert arabic.isRightToLeft()
    assert [arabic.sidebar.item(i).text() for i in range(10)] == [
        "لوحة المعلومات",
        "البيانات",
        "التجارب",
        "النماذج",
        "خطوط المعالجة",
        "المراقبة",
        "الحوكمة",
        "غرفة الأدلة",
        "سجل التدقيق",
        "الإدارة",
    ]
    assert arabic.menus[0].title() == "ملف"
    # each value put into a sentence is a bidi isolate (FSI … PDI): a name@version or a
    # timestamp keeps its own direction inside the Arabic sentence (issue 19, item 6)
    assert arabic.role_label.text() == "الدور: \u2068مسؤول\u2069"
    install_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_preferences_change_theme_and_autolock(qtbot, window_for, runner, qapp):
    from gui.theme import apply_theme

    window = window_for("admin")
    assert apply_theme(qapp, "dark") == "dark"
    assert qapp.palette().window().color().lightness() < 80
    assert apply_theme(qapp, "light") == "light"
    window.ctx.session.set_autolock(3)
    assert window.ctx.session.autolock_ms == 180_000


def test_charts_follow_the_theme(qtbot, qapp):
    """Issue 20: charts were white cards in dark mode."""
    from matplotlib.colors import to_hex

    from gui.theme import apply_theme
    from gui.widgets.plot import PlotCanvas

    try:
        for theme, window in (("dark", "#202326"), ("light", None)):
            apply_theme(qapp, theme)
            canvas = PlotCanvas()
            qtbot.addWidget(canvas)
            axes = canvas.axes()
            axes.plot([0, 1], [0, 1], label="share")
            axes.set_title("trend")
            axes.legend()
            canvas.draw()
            background = to_hex(canvas.figure.get_facecolor())
            if window is not None:
                assert background == window
                assert to_hex(axes.title.get_color()) == "#e8e8e8"
                assert to_hex(axes.get_legend().get_texts()[0].get_color()) == "#e8e8e8"
            else:
                assert background == qapp.palette().window().color().name()
    finally:
        apply_theme(qapp, "light")
