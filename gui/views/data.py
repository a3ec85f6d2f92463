"""The Data view: projects, datasets and their versions; a version's data (lazily shown,
a million rows at once), profile, contract, recipe, personal data and lineage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.dialogs.project import risk_label
from gui.jobs import Job
from gui.models.arrow_model import ArrowTableModel
from gui.views.data_contract import ContractTab
from gui.views.data_privacy import PrivacyTab
from gui.views.data_profile import ProfileTab
from gui.views.data_recipe import RecipeTab
from gui.widgets.lineage_graph import LineageGraph


class DataView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.datasets: list[Any] = []
        self.version: Any = None
        self.dataset: Any = None
        heading = QLabel(self.tr("Data"))
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.project = QComboBox()
        self.project.setMinimumContentsLength(24)
        self.project.currentIndexChanged.connect(self._load_datasets)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button = QPushButton(self.tr("E&xport version…"))
        self.export_button.clicked.connect(self._export)
        self.new_project_button = QPushButton(self.tr("&New project…"))
        self.new_project_button.clicked.connect(lambda: self.open_project(new=True))
        self.edit_project_button = QPushButton(self.tr("Edit pro&ject…"))
        self.edit_project_button.clicked.connect(lambda: self.open_project(new=False))
        self.projects: list[Any] = []
        self.project_info = QLabel()
        self.project_info.setWordWrap(True)
        self.project_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Project:")))
        top.addWidget(self.project)
        top.addWidget(self.new_project_button)
        top.addWidget(self.edit_project_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Dataset / version"), self.tr("Rows"),
                                   self.tr("Columns")])
        self.tree.setColumnWidth(0, 160)
        self.tree.setColumnWidth(1, 60)
        self.tree.setMinimumWidth(240)
        self.tree.currentItemChanged.connect(self._selected)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ArrowTableModel()
        self.grid = QTableView()
        self.grid.setModel(self.model)
        data_tab = QWidget()
        data_layout = QVBoxLayout(data_tab)
        data_layout.addWidget(self.info)
        data_layout.addWidget(self.grid, 1)
        self.profile = ProfileTab(ctx)
        self.contract = ContractTab(ctx)
        self.recipe = RecipeTab(ctx)
        self.privacy = PrivacyTab(ctx)
        self.lineage = LineageGraph()
        self.tabs = QTabWidget()
        self.tabs.addTab(data_tab, self.tr("Data"))
        self.tabs.addTab(self.profile, self.tr("Profile"))
        self.tabs.addTab(self.contract, self.tr("Contract"))
        self.tabs.addTab(self.recipe, self.tr("Recipe"))
        self.tabs.addTab(self.privacy, self.tr("Personal data"))
        self.tabs.addTab(self.lineage, self.tr("Lineage"))
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setSizes([270, 1010])
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.project_info)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        role = self._ctx.actor.role
        self.import_button.setVisible(rbac.allowed(role, "data.import"))
        self.export_button.setVisible(rbac.allowed(role, "data.export"))
        self.new_project_button.setVisible(rbac.allowed(role, "project.create"))
        self.edit_project_button.setVisible(rbac.allowed(role, "project.edit"))
        for tab, action in ((self.recipe, "data.prepare"), (self.contract, "data.validate")):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), rbac.allowed(role, action))
        self.privacy.save_tags.setVisible(rbac.allowed(role, "data.tag"))
        self.privacy.save_sheet.setVisible(rbac.allowed(role, "data.tag"))
        self.contract.save_button.setVisible(rbac.allowed(role, "data.contract"))

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self.apply_permissions()
        self._ctx.runner.run(self.tr("Reading projects"),
                             lambda _p, _c: ws.projects.list(actor),
                             on_success=self._projects, cancellable=False, listed=False)

    def _projects(self, projects: list[Any], select: str | None = None) -> None:
        self.projects = projects
        current = select or self.project.currentData()
        self.project.blockSignals(True)
        self.project.clear()
        for project in projects:
            self.project.addItem(project.name, project.name)
        index = self.project.findData(current) if current else -1
        if index < 0:  # prefer a project that has work in it over the empty default
            index = next((i for i, p in enumerate(projects) if p.name != "default"), 0)
        self.project.setCurrentIndex(max(index, 0))
        self.project.blockSignals(False)
        self._load_datasets()

    def current_project(self) -> str | None:
        return self.project.currentData()

    def current_project_entity(self) -> Any:
        return next((p for p in self.projects if p.name == self.current_project()), None)

    def _describe_project(self) -> None:
        project = self.current_project_entity()
        if project is None:
            self.project_info.clear()
            return
        criteria = ", ".join(c.text() for c in project.success_criteria) or "—"
        self.project_info.setText(
            self.tr("Objective: %1 · Success: %2 · Risk tier: %3")
            .replace("%1", project.objective or "—").replace("%2", criteria)
            .replace("%3", risk_label(project.risk_tier)))

    def _load_datasets(self) -> Job:
        self._describe_project()
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        return self._ctx.runner.run(self.tr("Reading datasets"),
                                    lambda _p, _c: ws.data.datasets(actor, project),
                                    on_success=self._show_datasets, cancellable=False,
                                    listed=False)

    def _show_datasets(self, datasets: list[Any]) -> None:
        selected = self.version.id if self.version is not None else None
        self.datasets = datasets
        self.tree.clear()
        for dataset in datasets:
            top = QTreeWidgetItem([dataset.name, "", ""])
            self.tree.addTopLevelItem(top)
            for version in dataset.versions:
                item = QTreeWidgetItem([f"@{version.version}", f"{version.rows:,}",
                                        str(version.columns)])
                item.setData(0, Qt.ItemDataRole.UserRole, (dataset, version))
                top.addChild(item)
                if version.id == selected:
                    self.tree.setCurrentItem(item)
            top.setExpanded(True)
        if self.tree.currentItem() is None and datasets and datasets[0].versions:
            self.tree.setCurrentItem(self.tree.topLevelItem(0).child(  # the newest version
                self.tree.topLevelItem(0).childCount() - 1))
        if not datasets:
            self.status.setText(self.tr("No datasets in this project yet: use Import…"))

    def select(self, ref: str) -> bool:
        """Select a version by NAME@V (for tests and jumps)."""
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            for child in range(top.childCount()):
                item = top.child(child)
                _dataset, version = item.data(0, Qt.ItemDataRole.UserRole)
                if version.ref == ref:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _selected(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        payload = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if payload is None:
            return
        self.dataset, self.version = payload
        version = self.version
        source = version.source_name or self.tr("recipe %1").replace(
            "%1", (version.recipe or {}).get("name", ""))
        self.info.setText(self.tr("%1 · %2 rows · %3 columns · from %4 · content hash %5")
                          .replace("%1", version.ref).replace("%2", f"{version.rows:,}")
                          .replace("%3", str(version.columns)).replace("%4", source)
                          .replace("%5", version.content_hash[:16] + "…"))
        for tab in (self.profile, self.contract, self.recipe):
            tab.set_version(version)
        self.privacy.set_version(version, self.dataset)
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(self.tr("Decrypting %1").replace("%1", version.ref),
                             lambda _p, _c: ws.data.view_table(actor, version),
                             on_success=self._show_rows, cancellable=False)
        self._ctx.runner.run(self.tr("Reading the lineage"),
                             lambda _p, _c: ws.data.lineage(actor, version.ref,
                                                            version.project),
                             on_success=self.lineage.show_lineage, cancellable=False,
                             listed=False)

    def _show_rows(self, found: tuple[Any, list[str]]) -> None:
        table, masked = found
        self.model.set_table(table)
        if masked:  # personal columns a validator or auditor does not need
            self.status.setText(self.tr("Masked for your role: %1").replace(
                "%1", ", ".join(masked)))

    # -- actions ---------------------------------------------------------------------------
    def open_project(self, new: bool) -> Any:
        """Open the project form (new, or the selected project) once the users are read."""
        from gui.dialogs.project import ProjectDialog

        ws, actor = self._ctx.workspace, self._ctx.actor
        project = None if new else self.current_project_entity()
        if not new and project is None:
            return None
        opened: dict[str, Any] = {}

        def show(users: list[Any]) -> None:
            dialog = ProjectDialog(self._ctx, project, users, self)
            dialog.accepted.connect(lambda: self._project_saved(dialog.saved))
            dialog.open()
            opened["dialog"] = dialog

        job = self._ctx.runner.run(self.tr("Reading users"), lambda _p, _c: ws.users.list(actor),
                                   on_success=show, cancellable=False, listed=False)
        opened["job"] = job
        return opened

    def _project_saved(self, project: Any) -> None:
        if project is None:
            return
        self.status.setText(self.tr("Saved project %1.").replace("%1", project.name))
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(self.tr("Reading projects"),
                             lambda _p, _c: ws.projects.list(actor),
                             on_success=lambda ps: self._projects(ps, project.name),
                             cancellable=False, listed=False)

    def open_import(self, path: str | None = None) -> Any:
        from gui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self._ctx, self.current_project(), path, self)
        wizard.accepted.connect(lambda: self._imported(wizard.result_version))
        wizard.open()
        return wizard

    def _imported(self, stored: Any) -> None:
        if stored is None:
            return
        version = stored.version
        text = self.tr("%1 is the same data as an existing version.").replace(
            "%1", version.ref) if stored.existing else self.tr("Imported %1.").replace(
            "%1", version.ref)
        from engine.data.pii import sensitive_by_name

        suggested = sensitive_by_name([c["name"] for c in version.schema], {})
        if suggested:  # brought up at import, not only in the Privacy tab
            text += " " + self.tr("Possible sensitive attributes: %1 — tag them in the "
                                  "Privacy tab (sensitive, or not sensitive to dismiss).").replace(
                "%1", ", ".join(suggested))
        self.status.setText(text)
        self.version = version
        self._load_datasets()

    def _export(self) -> None:
        if self.version is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export a decrypted copy"),
                                              f"{self.version.dataset}.csv",
                                              "CSV (*.csv);;Parquet (*.parquet)")
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Job:
        ws, actor, version = self._ctx.workspace, self._ctx.actor, self.version
        return self._ctx.runner.run(
            self.tr("Exporting %1").replace("%1", version.ref),
            lambda progress, cancel: ws.data.export(actor, version.ref, path,
                                                    project=version.project,
                                                    progress=progress, cancel=cancel),
            on_success=lambda p: self.status.setText(
                self.tr("Wrote %1 (decrypted; recorded in the audit log).").replace("%1",
                                                                                    str(p))))
