"""The contract's rules as a form: the row bounds, whether other columns may appear, and a
table with a line a column (type, required, missing values, unique, min, max, allowed
values, pattern). It edits the contract dictionary in place; the engine's check of the
contract shows under the table. `rule_results` reads every rule the engine checked from a
validation report, so that a pass lists what passed."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.data.contracts import TYPES
from engine.errors import AirlockError
from gui.errors import engine_text
from gui.palette import colour

KEYS = ("name", "type", "required", "nullable", "unique", "min", "max", "allowed", "pattern")
CHECKS = {"required": True, "nullable": True, "unique": False}  # the engine's defaults
NUMERIC = ("integer", "float", "numeric")


def _number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text  # the engine's check says what is wrong
    return (
        int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value
    )


def show_allowed(values: Any) -> str:
    if not isinstance(values, list):
        return "" if values is None else json.dumps(values, ensure_ascii=False)
    if any(isinstance(v, str) and "," in v for v in values):
        return json.dumps(values, ensure_ascii=False)
    return ", ".join(str(v) for v in values)


def parse_allowed(text: str, kind: str) -> Any:
    """Comma-separated values (numbers for a numeric column), or a JSON list."""
    text = text.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            return text
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return [_number(p) for p in parts] if kind in NUMERIC else parts


def rule_results(report: Any) -> list[tuple[str, str | None, str, Any]]:
    """(rule, column, "failed" | "not checked" | "passed", the failing result or None) for
    every rule the engine checked (ValidationReport.checked), failures first."""
    failing = {r.rule: r for r in report.results}
    return [(c.rule, c.column, c.outcome, failing.get(c.rule)) for c in report.checked]


class ContractForm(QWidget):
    """Edits `body` (a contract dictionary) in place; `changed` after every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body: dict[str, Any] = {}
        self._filling = False
        self.rows_min, self.rows_max = QLineEdit(), QLineEdit()
        for line in (self.rows_min, self.rows_max):
            line.setPlaceholderText(self.tr("any"))
            line.setFixedWidth(110)
            line.textEdited.connect(self._rows_edited)
        self.extra = QCheckBox(self.tr("Allow columns the contract does not list"))
        self.extra.toggled.connect(self._extra_toggled)
        bounds = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Rows at least:")),
            self.rows_min,
            QLabel(self.tr("at most:")),
            self.rows_max,
            self.extra,
        ):
            bounds.addWidget(widget)
        bounds.addStretch(1)
        self.table = QTableWidget(0, len(KEYS))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Column"),
                self.tr("Type"),
                self.tr("Required"),
                self.tr("Missing OK"),
                self.tr("Unique"),
                self.tr("Min"),
                self.tr("Max"),
                self.tr("Allowed values"),
                self.tr("Pattern"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for index in range(len(KEYS)):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KEYS.index("allowed"), QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cell_edited)
        self.add_button = QPushButton(self.tr("Add column"))
        self.add_button.clicked.connect(self.add_column)
        self.remove_button = QPushButton(self.tr("Remove column"))
        self.remove_button.clicked.connect(self.remove_column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bounds)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def _columns(self) -> list[Any]:
        columns = self.body.get("columns")
        return columns if isinstance(columns, list) else []

    def show_contract(self, body: dict[str, Any]) -> None:
        self.body = body
        self._filling = True
        rows = body.get("rows")
        bounds: dict[str, Any] = rows if isinstance(rows, dict) else {}
        self.rows_min.setText("" if bounds.get("min") is None else str(bounds["min"]))
        self.rows_max.setText("" if bounds.get("max") is None else str(bounds["max"]))
        self.extra.setChecked(body.get("allow_extra_columns") is True)
        columns = self._columns()
        self.table.setRowCount(len(columns))
        for row, rule in enumerate(columns):
            self._fill_row(row, rule if isinstance(rule, dict) else {})
        self._filling = False
        self.check()

    def _fill_row(self, row: int, rule: dict[str, Any]) -> None:
        for index, key in enumerate(KEYS):
            if key == "type":
                combo = QComboBox()
                combo.addItems(list(TYPES))
                if rule.get("type") not in TYPES:
                    combo.addItem(str(rule.get("type", "")))
                combo.setCurrentText(str(rule.get("type", "")))
                combo.currentTextChanged.connect(
                    lambda text, combo=combo: self._type_changed(combo, text)
                )
                self.table.setCellWidget(row, index, combo)
                continue
            item = QTableWidgetItem()
            if key in CHECKS:
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(
                    Qt.CheckState.Checked
                    if rule.get(key, CHECKS[key]) is True
                    else Qt.CheckState.Unchecked
                )
            elif key == "allowed":
                item.setText(show_allowed(rule.get("allowed")))
            else:
                value = rule.get(key)
                item.setText("" if value is None else str(value))
            self.table.setItem(row, index, item)

    # -- edits ----------------------------------------------------------------------------
    def _rows_edited(self) -> None:
        bounds = {
            key: _number(line.text().strip())
            for key, line in (("min", self.rows_min), ("max", self.rows_max))
            if line.text().strip()
        }
        if bounds:
            self.body["rows"] = bounds
        else:
            self.body.pop("rows", None)
        self._edited()

    def _extra_toggled(self, checked: bool) -> None:
        if not self._filling:
            self.body["allow_extra_columns"] = checked
            self._edited()

    def _type_changed(self, combo: QComboBox, text: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, KEYS.index("type")) is combo and not self._filling:
                self._columns()[row]["type"] = text
                self._edited()

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or not 0 <= item.row() < len(self._columns()):
            return
        rule, key = self._columns()[item.row()], KEYS[item.column()]
        if not isinstance(rule, dict):
            return
        text = item.text().strip()
        if key in CHECKS:
            checked = item.checkState() == Qt.CheckState.Checked
            if key == "unique" and not checked:
                rule.pop("unique", None)
            else:
                rule[key] = checked
        elif key == "name":
            rule["name"] = text
        elif not text:
            rule.pop(key, None)
        elif key in ("min", "max"):
            rule[key] = _number(text)
        elif key == "allowed":
            rule[key] = parse_allowed(text, str(rule.get("type")))
        else:
            rule[key] = text
        self._edited()

    def add_column(self) -> None:
        self.body.setdefault("columns", [])
        if not isinstance(self.body["columns"], list):
            self.body["columns"] = []
        self.body["columns"].append(
            {"name": "new_column", "type": "string", "nullable": True, "required": True}
        )
        self.show_contract(self.body)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.changed.emit()

    def remove_column(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._columns()):
            del self._columns()[row]
            self.show_contract(self.body)
            self.changed.emit()

    def _edited(self) -> None:
        self.check()
        self.changed.emit()

    def check(self) -> bool:
        """The engine's check of the contract as it stands, said under the table."""
        from engine.data.contracts import check_contract

        try:
            check_contract(self.body)
        except AirlockError as error:
            self.message.setText(engine_text(error))
            self.message.setStyleSheet(f"color: {colour('error')};")
            self.message.setVisible(True)
            return False
        self.message.clear()
        self.message.setVisible(False)
        return True
