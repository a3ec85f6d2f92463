"""The Data view: projects, datasets and their versions; a version's data (lazily shown,
a million rows at once), profile (computed when the tab opens), contract, recipe, personal
data and lineage. Built on the area skeleton (gui/views/base.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
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
from gui.views.base import AreaView, EmptyState
from gui.views.data_contract import ContractTab
from gui.views.data_privacy import PrivacyTab
from gui.views.data_profile import ProfileTab
from gui.views.data_recipe import RecipeTab
from gui.widgets.lineage_graph import LineageGraph


class DataView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Data"), parent=parent)
        self.datasets: list[Any] = []
        self.projects: list[Any] = []
        self.version: Any = None
        self.dataset: Any = None
        self._select_project: str | None = None
        self.new_project_button = self.add_action(
            self.tr("&New project…"), lambda: self.open_project(new=True), "project.create"
        )
        self.edit_project_button = self.add_action(
            self.tr("Edit pro&ject…"), lambda: self.open_project(new=False), "project.edit"
        )
        self.import_button = self.add_action(
            self.tr("&Import…"), lambda: self.open_import(), "data.import"
        )
        self.export_button = self.add_action(
            self.tr("E&xport version…"), self._export, "data.export"
        )
        self.project_info = QLabel()
        self.project_info.setWordWrap(True)
        self.project_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("Dataset / version"), self.tr("Rows"), self.tr("Columns")]
        )
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
        self.profile = ProfileTab(ctx, self.strip)
        self.contract = ContractTab(ctx, self.strip)
        self.recipe = RecipeTab(ctx, self.strip)
        self.recipe.made.connect(self._made)
        self.privacy = PrivacyTab(ctx, self.strip)
        self.lineage = LineageGraph()
        self.tabs = QTabWidget()
        self.tabs.addTab(data_tab, self.tr("Data"))
        self.tabs.addTab(self.profile, self.tr("Profile"))
        self.tabs.addTab(self.contract, self.tr("Contract"))
        self.tabs.addTab(self.recipe, self.tr("Recipe"))
        self.tabs.addTab(self.privacy, self.tr("Personal data"))
        self.tabs.addTab(self.lineage, self.tr("Lineage"))
        self.tabs.currentChanged.connect(self._tab_shown)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setSizes([270, 1010])
        # (hidden while EmptyState copies it: its copy, shown before it has a parent, would
        # open as a window of its own; apply_permissions shows both)
        self.import_button.setVisible(False)
        self.empty = EmptyState(split, self.tr("No datasets yet — Import…"), self.import_button)
        self.add_body(self.project_info, 0)
        self.add_body(self.empty)
        self.apply_permissions()

    def apply_permissions(self) -> None:
        super().apply_permissions()
        role = self._ctx.actor.role
        for tab, action in ((self.recipe, "data.prepare"), (self.contract, "data.validate")):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), rbac.allowed(role, action))
        self.privacy.save_tags.setVisible(rbac.allowed(role, "data.tag"))
        self.privacy.save_sheet.setVisible(rbac.allowed(role, "data.tag"))
        self.contract.save_button.setVisible(rbac.allowed(role, "data.contract"))
        self.empty.action.setVisible(rbac.allowed(role, "data.import"))

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.profile.profiles.clear()  # the role may have changed what it may see
        super().refresh()

    def _projects_read(self, projects: list[Any]) -> None:
        self.projects = projects
        if self._select_project is None:
            super()._projects_read(projects)
        else:
            self._show_project(projects, self._select_project)

    def _show_project(self, projects: list[Any], name: str) -> None:
        from gui.widgets.projects import fill_projects

        assert self.project is not None
        self._select_project = None
        fill_projects(self.project, projects)
        index = self.project.findData(name)
        if index >= 0:
            self.project.blockSignals(True)
            self.project.setCurrentIndex(index)
            self.project.blockSignals(False)
        self.load()

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
            .replace("%1", project.objective or "—")
            .replace("%2", criteria)
            .replace("%3", risk_label(project.risk_tier))
        )

    def load(self) -> Job:
        self._describe_project()
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        return self._ctx.runner.run(
            self.tr("Reading datasets"),
            lambda _p, _c: ws.data.datasets(actor, project),
            on_success=self._show_datasets,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _show_datasets(self, datasets: list[Any]) -> None:
        selected = self.version.id if self.version is not None else None
        self.datasets = datasets
        self.tree.blockSignals(True)
        self.tree.clear()
        current = None
        for dataset in datasets:
            top = QTreeWidgetItem([dataset.name, "", ""])
            self.tree.addTopLevelItem(top)
            for version in dataset.versions:
                item = QTreeWidgetItem(
                    [f"@{version.version}", f"{version.rows:,}", str(version.columns)]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, (dataset, version))
                top.addChild(item)
                if version.id == selected:
                    current = item
            top.setExpanded(True)
        self.tree.blockSignals(False)
        first = self.tree.topLevelItem(0)
        if current is None and first is not None and first.childCount():
            current = first.child(first.childCount() - 1)  # the newest version
        may_import = rbac.allowed(self._ctx.actor.role, "data.import")
        focus = QApplication.focusWidget()
        self.empty.set_empty(
            not datasets,
            self.tr("No datasets yet — Import…")
            if may_import
            else self.tr("No datasets in this project yet."),
        )
        if not datasets and focus is not None and self.empty.content.isAncestorOf(focus):
            # the focused widget was hidden: keep the keyboard (and Ctrl+N) in the window
            (self.empty.action if may_import else self.tabs).setFocus()
        if current is not None:
            self.tree.setCurrentItem(current)  # (the list was rebuilt: read it again)
        else:  # nothing to show or export from this project
            self.dataset = self.version = None
            self.export_button.setEnabled(False)

    def select(self, ref: str) -> bool:
        """Select a version by NAME@V (for tests and jumps)."""
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            for child in range(top.childCount() if top is not None else 0):
                item = top.child(child) if top is not None else None
                if item is None:
                    continue
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
        self.export_button.setEnabled(True)
        version = self.version
        source = version.source_name or self.tr("recipe %1").replace(
            "%1", (version.recipe or {}).get("name", "")
        )
        self.info.setText(
            self.tr("%1 · %2 rows · %3 columns · from %4 · content hash %5")
            .replace("%1", version.ref)
            .replace("%2", f"{version.rows:,}")
            .replace("%3", str(version.columns))
            .replace("%4", source)
            .replace("%5", version.content_hash[:16] + "…")
        )
        for tab in (self.profile, self.contract, self.recipe):
            tab.set_version(version)
        self.privacy.set_version(version, self.dataset)
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(
            self.tr("Decrypting %1").replace("%1", version.ref),
            lambda _p, _c: ws.data.view_table(actor, version),
            on_success=self._show_rows,
            on_error=self.status.show_error,
            cancellable=False,
        )
        self._ctx.runner.run(
            self.tr("Reading the lineage"),
            lambda _p, _c: ws.data.lineage(actor, version.ref, version.project),
            on_success=self.lineage.show_lineage,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.profile:
            self.profile.ensure()  # a version not yet profiled: profile it now

    def _show_rows(self, found: tuple[Any, list[str]]) -> None:
        table, masked = found
        self.model.set_table(table)
        if masked:  # personal columns a validator or auditor does not need
            self.status.setText(
                self.tr("Masked for your role: %1").replace("%1", ", ".join(masked))
            )

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

        job = self._ctx.runner.run(
            self.tr("Reading users"),
            lambda _p, _c: ws.users.list(actor),
            on_success=show,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )
        opened["job"] = job
        return opened

    def _project_saved(self, project: Any) -> None:
        if project is None:
            return
        self.status.setText(self.tr("Saved project %1.").replace("%1", project.name), "ok")
        self._select_project = project.name
        super().refresh()

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
        text = (
            self.tr("%1 is the same data as an existing version.").replace("%1", version.ref)
            if stored.existing
            else self.tr("Imported %1.").replace("%1", version.ref)
        )
        from engine.data.pii import sensitive_by_name

        suggested = sensitive_by_name([c["name"] for c in version.schema], {})
        if suggested:  # brought up at import, not only in the Privacy tab
            text += " " + self.tr(
                "Possible sensitive attributes: %1 — tag them in the "
                "Privacy tab (sensitive, or not sensitive to dismiss)."
            ).replace("%1", ", ".join(suggested))
        self.status.setText(text, "ok")
        self.version = version
        self.load()

    def _made(self, version: Any) -> None:
        """A recipe made a version: list it (and keep the recipe's version selected)."""
        self.load()

    def _export(self) -> None:
        if self.version is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export a decrypted copy"),
            f"{self.version.dataset}.csv",
            "CSV (*.csv);;Parquet (*.parquet)",
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Job:
        ws, actor, version = self._ctx.workspace, self._ctx.actor, self.version
        return self.run_job(
            self.tr("Exporting %1").replace("%1", version.ref),
            lambda progress, cancel: ws.data.export(
                actor, version.ref, path, project=version.project, progress=progress, cancel=cancel
            ),
            on_success=lambda p: self.status.setText(
                self.tr("Wrote %1 (decrypted; recorded in the audit log).").replace("%1", str(p)),
                "ok",
            ),
        )
