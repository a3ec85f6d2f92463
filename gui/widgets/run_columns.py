"""Which columns of the run table show: right-click a header for a checkable menu of every
column (the fixed ones, then metrics, then hyperparameters). The choice is kept in the
preferences (form "runs_columns": column key -> shown) and applies to every project; a
column never chosen (a new metric) follows the model's default."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QTableView

from gui.preferences import Preferences

FORM = "runs_columns"


class RunColumns(QObject):
    def __init__(self, table: QTableView, model: Any, prefs: Preferences) -> None:
        super().__init__(table)
        self.table, self.model, self.prefs = table, model, prefs
        self.menu: QMenu | None = None
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu_at)
        model.modelReset.connect(self.apply)

    def chosen(self) -> dict[str, bool]:
        return {k: v for k, v in self.prefs.form(FORM).items() if isinstance(v, bool)}

    def visible(self, key: str) -> bool:
        if key == "ref":  # the run's name always shows
            return True
        return self.chosen().get(key, self.model.default_visible(key))

    def apply(self) -> None:
        header = self.table.horizontalHeader()
        for column, key in enumerate(self.model.keys):
            header.setSectionHidden(column, not self.visible(key))

    def set_visible(self, key: str, shown: bool) -> None:
        chosen = self.chosen()
        chosen[key] = bool(shown)
        self.prefs.set_form(FORM, dict(chosen))
        self.apply()

    def reset(self) -> None:
        self.prefs.set_form(FORM, {})
        self.apply()

    def build_menu(self) -> QMenu:
        """The checkable menu of every column (kept in `self.menu` until the next one)."""
        if self.menu is not None:
            self.menu.deleteLater()
        menu = QMenu(self.table)
        groups = (
            ("", [k for k in self.model.keys if ":" not in k]),
            (self.tr("Metrics"), [k for k in self.model.keys if k.startswith("metric:")]),
            (self.tr("Hyperparameters"), [k for k in self.model.keys if k.startswith("param:")]),
        )
        for title, keys in groups:
            if not keys:
                continue
            if title:
                menu.addSection(title)
            for key in keys:
                action = menu.addAction(self.model.label(key))
                action.setCheckable(True)
                action.setChecked(self.visible(key))
                action.setEnabled(key != "ref")
                action.setData(key)
                action.toggled.connect(lambda on, k=key: self.set_visible(k, on))
        menu.addSeparator()
        menu.addAction(self.tr("Show the default columns"), self.reset)
        self.menu = menu
        return menu

    def _menu_at(self, position: QPoint) -> None:
        menu = self.build_menu()
        menu.popup(self.table.horizontalHeader().mapToGlobal(position))
