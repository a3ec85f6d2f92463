"""Render every view into docs/screenshots/, in English and Arabic (`make screenshots`).

Runs offscreen (QT_QPA_PLATFORM=offscreen) on a fresh demo workspace in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from engine.demo import DEMO_USERS, open_or_create_demo
from engine.workspace import Workspace
from gui.context import AppContext
from gui.errors import ErrorPresenter
from gui.i18n import install_language
from gui.jobs import JobRunner
from gui.preferences import Preferences
from gui.session import Session
from gui.theme import apply_theme


def settle(app: QApplication, runner: JobRunner, seconds: float = 0.4) -> None:
    """Process events until no job runs, then a little longer for repaints."""
    deadline = time.monotonic() + 60
    while runner.running and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def grab(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(f"wrote {path}")


def data_views(
    app: QApplication,
    runner: JobRunner,
    window: QWidget,
    view: Any,
    tmp: Path,
    out: Path,
    language: str,
) -> None:
    """The Data view's tabs on the demo data, the project form and the import wizard."""

    def shot(name: str, widget: QWidget | None = None) -> None:
        settle(app, runner)
        grab(widget or window, out / f"data-{name}-{language}.png")

    view.select("credit_applications@1")
    settle(app, runner)
    view.tabs.setCurrentWidget(view.profile)
    view.profile.run()
    settle(app, runner)
    view.profile.table.selectRow(9)  # monthly income: a skewed histogram
    shot("profile")
    view.profile.side.setCurrentIndex(1)
    shot("correlations")
    view.select("credit_monthly@6")
    settle(app, runner)
    view.tabs.setCurrentWidget(view.contract)
    settle(app, runner)
    view.contract.validate()
    shot("contract")
    view.select("credit_model_input@1")
    settle(app, runner)
    view.tabs.setCurrentWidget(view.recipe)
    view.recipe.load_version_recipe()
    view.tabs.setCurrentWidget(view.lineage)
    shot("lineage")
    view.select("credit_applications@1")  # the recipe stays: preview it on the parent
    settle(app, runner)
    view.tabs.setCurrentWidget(view.recipe)
    view.recipe.preview()
    shot("recipe")
    view.tabs.setCurrentWidget(view.privacy)
    view.privacy.scan()
    shot("privacy")
    opened = view.open_project(new=False)
    settle(app, runner)
    shot("project", opened["dialog"])
    opened["dialog"].reject()
    sample = tmp / "applications-1447.csv"
    sample.write_bytes(
        (
            "تقرير الطلبات\nالرقم;المدينة;الدخل;الجوال\n"
            + "".join(
                f"{i};{city};{4000 + 250 * i};05{51234560 + i}\n"
                for i, city in enumerate(["الرياض", "جدة", "الدمام", "مكة المكرمة"] * 5)
            )
        ).encode("cp1256")
    )
    wizard = view.open_import(str(sample))
    wizard.resize(900, 620)
    settle(app, runner)
    wizard.skip.setValue(1)
    shot("import", wizard)
    wizard.reject()
    view.tabs.setCurrentIndex(0)
    view.select("credit_applications@1")
    settle(app, runner)


def experiment_views(
    app: QApplication, runner: JobRunner, window: QWidget, view: Any, out: Path, language: str
) -> None:
    """The Experiments view on the demo's runs: detail tabs, the new-run form, compare."""

    def shot(name: str, widget: QWidget | None = None) -> None:
        settle(app, runner)
        grab(widget or window, out / f"experiments-{name}-{language}.png")

    runs = view.model.runs
    if not runs:
        return
    view.select([runs[0].id])
    settle(app, runner)
    view.detail.setCurrentWidget(view.detail.curves)
    shot("curves")
    view.detail.setCurrentWidget(view.detail.importance)
    shot("importance")
    view.detail.setCurrentWidget(view.detail.learning)
    shot("learning")
    view.detail.setCurrentIndex(0)
    view.select([r.id for r in runs])
    view.side.setCurrentWidget(view.charts)
    shot("charts")
    view.side.setCurrentIndex(0)
    view.compare()
    settle(app, runner)
    shot("compare", view.compare_dialog)
    view.compare_dialog.reject()
    dialog = view.open_new_run()
    settle(app, runner)
    dialog.model.setCurrentIndex(dialog.model.findData("random_forest"))
    dialog.param_fields["n_estimators"].setText("0")
    shot("new-run", dialog)
    dialog.reject()
    view.select([runs[0].id])
    settle(app, runner)


def model_views(
    app: QApplication, runner: JobRunner, window: Any, view: Any, out: Path, language: str
) -> None:
    """The Models view: a version awaiting approval and the validator's decision dialog."""
    from gui.dialogs.registry import DecideDialog

    if not view.pending:
        return
    settle(app, runner)
    dialog = DecideDialog(window.ctx, view.project.currentData(), view.pending[0], view)
    dialog.reason.setPlainText("Evidence reviewed.")
    dialog.resize(700, 640)
    dialog.show()
    settle(app, runner)
    grab(dialog, out / f"models-decide-{language}.png")
    dialog.reject()


def governance_privacy_views(
    app: QApplication, runner: JobRunner, window: QWidget, view: Any, out: Path, language: str
) -> None:
    """The Compliance (the first control not met, its evidence open), DPIA and Retention
    tabs."""
    from gui.widgets.tables import select_row

    view.tabs.setCurrentWidget(view.compliance)
    settle(app, runner, 1.0)
    controls = (view.compliance.report or {}).get("controls", [])
    partial = [r for r, c in enumerate(controls) if c["status"] != "met"]
    select_row(view.compliance.table, partial[0] if partial else 0)
    settle(app, runner, 0.4)
    grab(window, out / f"governance-compliance-{language}.png")
    view.tabs.setCurrentWidget(view.dpia)
    settle(app, runner, 1.0)
    grab(window, out / f"governance-dpia-{language}.png")
    view.tabs.setCurrentWidget(view.retention)
    settle(app, runner, 1.0)
    names = [
        view.retention.datasets.item(r, 0).text() for r in range(view.retention.datasets.rowCount())
    ]
    if "credit_monthly" in names:
        select_row(view.retention.datasets, names.index("credit_monthly"))
    settle(app, runner, 0.4)
    grab(window, out / f"governance-retention-{language}.png")
    view.tabs.setCurrentIndex(0)


def main(out: Path) -> int:
    from gui.dialogs.login import LoginDialog
    from gui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    instance = QApplication.instance()
    app = instance if isinstance(instance, QApplication) else QApplication(sys.argv[:1])
    from gui.collector import UiThreadCollector

    collector = UiThreadCollector()  # as the app: never free Qt objects on a worker thread
    tmp = Path(tempfile.mkdtemp(prefix="airlock-shots-"))
    prefs = Preferences(QSettings(str(tmp / "prefs.ini"), QSettings.Format.IniFormat))
    demo = open_or_create_demo(tmp / "demo")
    name, password = DEMO_USERS["admin"]
    with Workspace.open(demo) as ws:  # something for the views to show
        admin = ws.login(name, password)
        ws.objects.put(admin, os.urandom(200_000), "report")
        ws.audit.save_checkpoint(admin)
        ws.auth.lock(admin, "screenshots")
        analyst = ws.login(*DEMO_USERS["analyst"])  # one pipeline run for the Pipelines view
        project = "retail credit default"
        ws.pipelines.inbox.mkdir(exist_ok=True)
        ws.data.export(
            analyst,
            "credit_monthly@6",
            ws.pipelines.inbox / "credit_monthly_2025_12.csv",
            project=project,
        )
        ws.pipelines.watch_once(analyst, project, settle_seconds=0)
        ws.auth.lock(analyst, "screenshots")
    for language, theme in (("en", "light"), ("ar", "light"), ("en", "dark"), ("ar", "dark")):
        install_language(app, language)
        apply_theme(app, theme)
        if theme == "dark":  # file names: data-en.png, data-en-dark.png
            language = f"{language}-dark"
        presenter = ErrorPresenter(lambda: None)
        runner = JobRunner(presenter)
        login = LoginDialog(runner, prefs, demo, str(demo), name)
        login.resize(620, 330)
        login.show()
        settle(app, runner)
        grab(login, out / f"login-{language}.png")
        login.close()
        ws = Workspace.open(demo)
        actor = ws.login(name, password)
        session = Session(ws, actor, runner, 15)
        window = MainWindow(AppContext(session, runner, presenter, prefs))
        window.resize(1280, 800)
        window.show()
        settle(app, runner)
        for area in window.areas:
            view = window.show_area(area.key)
            settle(app, runner)
            if area.key == "audit":
                view.verify()  # type: ignore[attr-defined]
                settle(app, runner)
                view.table.selectRow(1)  # type: ignore[attr-defined]
                settle(app, runner, 0.2)
            if area.key == "evidence":
                view.version.setCurrentText("credit_default@1")  # type: ignore[attr-defined]
                view.show_timeline()  # type: ignore[attr-defined]
                settle(app, runner, 1.0)
            grab(window, out / f"{area.key}-{language}.png")
            if area.key == "data":
                data_views(app, runner, window, view, tmp, out, language)
            if area.key == "experiments":
                experiment_views(app, runner, window, view, out, language)
            if area.key == "models":
                model_views(app, runner, window, view, out, language)
            if area.key == "governance":
                settle(app, runner, 1.0)
                grab(window, out / f"governance-{language}.png")
                view.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
                settle(app, runner, 1.0)
                grab(window, out / f"governance-card-{language}.png")
                view.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
                settle(app, runner, 1.0)
                grab(window, out / f"governance-inventory-{language}.png")
                governance_privacy_views(app, runner, window, view, out, language)
            if area.key == "monitoring":
                settle(app, runner, 1.0)
                grab(window, out / f"monitoring-trend-{language}.png")
                view.analyse("credit_applications@1", "credit_monthly@6")  # type: ignore[attr-defined]
                settle(app, runner, 1.0)
                grab(window, out / f"monitoring-{language}.png")
                view.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
                panel = view.performance  # type: ignore[attr-defined]
                panel.model.setCurrentText("credit_default@1")
                panel.current.setCurrentText("credit_monthly_input@1..6")
                panel.metric_box.setCurrentText("accuracy")
                panel.measure()
                settle(app, runner, 1.0)
                grab(window, out / f"monitoring-performance-{language}.png")
        window.jobs_dock.show()
        settle(app, runner)
        grab(window, out / f"jobs-{language}.png")
        window.close()
        session.close()
    collector.stop()
    return 0


if __name__ == "__main__":
    code = main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
    sys.stdout.flush()
    # every picture is written; leave without tearing down four languages' windows in the
    # garbage collector's order
    os._exit(code)
