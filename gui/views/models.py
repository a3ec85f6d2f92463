"""The Models view: registered models, their versions with stage badges, the selected
version's manifest, gates and approval, and the actions the user's role allows — register,
move to staging/dev/archive, request production, approve or reject (evidence shown,
password re-entered), roll back, compare with production, score a file, export a bundle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.details import stage_word, version_html
from gui.jobs import Job
from gui.palette import STAGES
from gui.views.base import AreaView, EmptyState
from gui.views.model_deploy import ScoringActions
from gui.views.model_stages import StageActions
from gui.widgets.tables import select_row

STAGE_COLOURS = STAGES


class ModelsView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            QCoreApplication.translate("ModelsView", "Models"),
            actions_below=True,
            parent=parent,
        )
        self.models: list[Any] = []
        self.runs: list[Any] = []
        self.datasets: list[str] = []
        self.pending: list[Any] = []
        self.job: Job | None = None
        self.dialog: Any = None
        self.focus_after: str | None = None
        self.scoring = ScoringActions(self)
        self.stages = StageActions(self)
        self.register_button = self.add_action(
            self.tr("Re&gister a run…"), self.open_register, "registry.register"
        )
        self.stage_button = self.add_action(self.tr("&Stage"), lambda: None, "registry.promote")
        stage_menu = QMenu(self.stage_button)
        self.to_staging = stage_menu.addAction(
            self.tr("Move to staging"), lambda: self.move_to_stage("staging")
        )
        self.to_dev = stage_menu.addAction(
            self.tr("Move back to dev"), lambda: self.move_to_stage("dev")
        )
        self.to_archive = stage_menu.addAction(
            self.tr("Archive"), lambda: self.move_to_stage("archived")
        )
        self.stage_button.setMenu(stage_menu)
        self.request_button = self.add_action(
            self.tr("Request &production…"), self.open_request, "registry.request"
        )
        self.decide_button = self.add_action(
            self.tr("&Decide…"), self.open_decide, "registry.approve"
        )
        self.rollback_button = self.add_action(
            self.tr("Roll &back…"), self.open_rollback, "registry.rollback"
        )
        self.compare_button = self.add_action(
            self.tr("Co&mpare with production…"), self.open_compare, "registry.score"
        )
        self.score_button = self.add_action(
            self.tr("S&core a file…"), self.open_score, "registry.score"
        )
        self.export_button = self.add_action(
            self.tr("E&xport bundle…"), lambda: self.export_bundle(), "registry.export"
        )
        self.buttons = (
            self.register_button,
            self.stage_button,
            self.request_button,
            self.decide_button,
            self.rollback_button,
            self.compare_button,
            self.score_button,
            self.export_button,
        )
        # kept names: the score job's bar and Cancel are the job strip's
        self.progress, self.cancel_button, self.running = (
            self.strip.bar,
            self.strip.cancel_button,
            self.strip,
        )
        self.model_list = QListWidget()
        self.model_list.currentRowChanged.connect(lambda _r: self._model_selected())
        self.versions = QTableWidget(0, 5)
        self.versions.setHorizontalHeaderLabels(
            [
                self.tr("Version"),
                self.tr("Stage"),
                self.tr("Run"),
                self.tr("Registered by"),
                self.tr("Primary metric"),
            ]
        )
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().setVisible(False)
        self.versions.itemSelectionChanged.connect(self._version_selected)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.model_list)
        left.addWidget(self.versions)
        left.setSizes([160, 340])
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setSizes([520, 620])
        self.empty = EmptyState(
            split,
            self.tr(
                "No registered models in this project yet — register a finished run with "
                "Register a run…."
            ),
            self.register_button,
        )
        self.add_body(self.empty)
        self._update_buttons()

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        role = actor.role

        def work(_p: Any, _c: Any) -> dict[str, Any]:
            out: dict[str, Any] = {
                "models": ws.registry.versions.models(actor, project),
                "pending": ws.registry.approvals.all(actor, status="pending", project=project),
            }
            out["runs"] = (
                ws.training.runs(actor, project) if rbac.allowed(role, "registry.register") else []
            )
            out["datasets"] = [v.ref for d in ws.data.datasets(actor, project) for v in d.versions]
            return out

        return self._ctx.runner.run(
            self.tr("Reading models"),
            work,
            on_success=self._show,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def focus(self, target: tuple[str | None, str]) -> None:
        """Show (project, NAME@V) selected — a dashboard link to a request."""
        project, self.focus_after = target
        self.show_project(project)

    def _show(self, result: dict[str, Any]) -> None:
        keep = self.current_model().name if self.current_model() else None
        keep_version = self.current_version().version if self.current_version() else None
        if self.focus_after:  # a link asked for this version
            keep, _, number = self.focus_after.partition("@")
            keep_version = int(number) if number.isdigit() else None
            self.focus_after = None
        self.models, self.pending = result["models"], result["pending"]
        self.runs, self.datasets = result["runs"], result["datasets"]
        self.model_list.blockSignals(True)
        self.model_list.clear()
        for model in self.models:
            production = model.production
            text = f"{model.name}   " + (
                self.tr("production: %1").replace("%1", str(production.version))
                if production
                else self.tr("no production")
            )
            waiting = sum(1 for a in self.pending if a.version.startswith(model.name + "@"))
            if waiting:
                text += "   " + self.tr("%1 awaiting approval").replace("%1", str(waiting))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, model.name)
            self.model_list.addItem(item)
        self.model_list.blockSignals(False)
        names = [m.name for m in self.models]
        row = names.index(keep) if keep in names else (0 if names else -1)
        self.model_list.setCurrentRow(row)
        self._model_selected(keep_version)
        self.empty.set_empty(not self.models)

    def current_model(self) -> Any:
        row = self.model_list.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    def current_version(self) -> Any:
        model = self.current_model()
        rows = self.versions.selectionModel().selectedRows() if model else []
        if not rows:
            return None
        item = self.versions.item(rows[0].row(), 0)
        if item is None:
            return None
        number = item.data(Qt.ItemDataRole.UserRole)
        return next((v for v in model.versions if v.version == number), None)

    def _model_selected(self, select_version: int | None = None) -> None:
        model = self.current_model()
        self.versions.blockSignals(True)
        self.versions.setRowCount(0)
        versions = list(reversed(model.versions)) if model else []
        for row, version in enumerate(versions):
            self.versions.insertRow(row)
            primary = version.manifest.get("primary", "")
            value = version.metrics.get(primary)
            cells = [
                str(version.version),
                stage_word(version.stage),
                version.lineage.get("run_ref", "") or self.tr("imported"),
                version.registered_by,
                f"{primary} {value:.4f}" if value is not None else "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, version.version)
                if column == 1:
                    item.setForeground(QColor("white"))
                    item.setBackground(QColor(STAGE_COLOURS.get(version.stage, STAGES["archived"])))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.versions.setItem(row, column, item)
        self.versions.resizeColumnsToContents()
        self.versions.blockSignals(False)
        if versions:
            wanted = next((i for i, v in enumerate(versions) if v.version == select_version), 0)
            select_row(self.versions, wanted)
        self._version_selected()

    def _version_selected(self) -> None:
        self._update_buttons()
        version = self.current_version()
        if version is None:
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        next_stage = "staging" if version.stage == "dev" else "production"

        def work(_p: Any, _c: Any) -> dict[str, Any]:
            out: dict[str, Any] = {
                "version": version,
                "gates": ws.registry.gates.check(actor, version.ref, next_stage, project),
                "next": next_stage,
            }
            if version.stage == "production":
                out["approval"] = ws.registry.approvals.check_approval(actor, version.ref, project)
            out["served"] = [
                (service, figures)
                for service in ws.serving.status(actor)
                if service.running
                for figures in service.served
                if figures.version == version.ref
            ]
            return out

        self._ctx.runner.run(
            self.tr("Reading %1").replace("%1", version.ref),
            work,
            on_success=self._show_version,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _show_version(self, found: dict[str, Any]) -> None:
        v = found["version"]
        if self.current_version() is None or self.current_version().id != v.id:
            return
        waiting = next((a for a in self.pending if a.version == v.ref), None)
        self.detail.setHtml(
            version_html(
                v,
                found["gates"],
                found["next"],
                approval=found.get("approval"),
                waiting=waiting,
                served=found.get("served", ()),
                rtl=self.isRightToLeft(),
            )
        )

    def _update_buttons(self) -> None:
        role = self._ctx.actor.role
        version = self.current_version()
        model = self.current_model()
        stage = version.stage if version else ""
        busy = self.job is not None

        def allowed(action: str) -> bool:
            return rbac.allowed(role, action)

        self.register_button.setVisible(allowed("registry.register"))
        for button, action in (
            (self.stage_button, "registry.promote"),
            (self.request_button, "registry.request"),
            (self.decide_button, "registry.approve"),
            (self.rollback_button, "registry.rollback"),
            (self.score_button, "registry.score"),
            (self.compare_button, "registry.score"),
            (self.export_button, "registry.export"),
        ):
            button.setVisible(allowed(action))
        self.stage_button.setEnabled(bool(version) and stage != "production")
        self.to_staging.setEnabled(stage == "dev")
        self.to_dev.setEnabled(stage in ("staging", "archived"))
        self.to_archive.setEnabled(stage in ("dev", "staging"))
        pending = bool(version) and any(a.version == version.ref for a in self.pending)
        self.request_button.setEnabled(stage == "staging" and not pending)
        self.decide_button.setEnabled(pending)
        self.rollback_button.setEnabled(bool(model) and model.production is not None)
        self.compare_button.setEnabled(
            bool(model) and model.production is not None and stage != "production" and bool(version)
        )
        self.score_button.setEnabled(bool(version) and not busy)
        self.export_button.setEnabled(bool(version))

    # -- actions ---------------------------------------------------------------------------
    def _error(self, error: BaseException) -> bool:
        return self.status.show_error(error)

    def _after(self, text: str) -> None:
        self.status.setText(text, "ok")
        self.load()

    def open_register(self) -> Any:
        return self.stages.open_register()

    def move_to_stage(self, stage: str) -> Job | None:
        return self.stages.move_to_stage(stage)

    def open_request(self) -> Job | None:
        return self.stages.open_request()

    def open_decide(self) -> Any:
        return self.stages.open_decide()

    def open_rollback(self) -> Any:
        return self.stages.open_rollback()

    def open_compare(self) -> Any:
        return self.stages.open_compare()

    def open_score(self) -> Any:
        return self.scoring.open_score()

    def score(
        self,
        ref: str,
        source: str,
        target: str,
        *,
        strict: bool = False,
        decimals: int = 4,
        keep: str | None = None,
    ) -> Job:
        return self.scoring.score(ref, source, target, strict=strict, decimals=decimals, keep=keep)

    def export_bundle(self, target: str | None = None) -> Job | None:
        return self.scoring.export_bundle(target)
