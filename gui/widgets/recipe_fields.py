"""The typed fields of one recipe step: columns ticked from the version's schema, choices
from the engine's lists, numbers in spin boxes. A field reads and writes one key of the step
dictionary; an empty optional field leaves its key out (the engine then applies its
default), so the JSON stays what the user asked for."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from engine.data.recipe_model import CHOICES, DATE_PARTS
from gui.widgets.recipe_words import (
    choice_label,
    field_label,
    parse_value,
    show_value,
)

# op -> its fields in form order: (key, kind); a kind ending in "?" may be left empty
SPEC: dict[str, list[tuple[str, str]]] = {
    "select": [("columns", "columns")],
    "drop": [("columns", "columns")],
    "rename": [("mapping", "mapping")],
    "filter": [("column", "column"), ("operator", "choice"), ("value", "value?")],
    "cast": [("column", "column"), ("to", "choice")],
    "date_parts": [("column", "column"), ("parts", "parts?"), ("drop", "bool")],
    "deduplicate": [("columns", "columns?")],
    "impute": [("columns", "columns"), ("strategy", "choice"), ("value", "value?")],
    "encode": [("columns", "columns"), ("method", "choice")],
    "scale": [("columns", "columns"), ("method", "choice")],
    "bin": [("column", "column"), ("bins", "int"), ("strategy", "choice")],
    "clip": [
        ("columns", "columns"),
        ("lower_quantile", "number?"),
        ("upper_quantile", "number?"),
        ("lower", "number?"),
        ("upper", "number?"),
    ],
    "mask": [
        ("column", "column"),
        ("method", "choice"),
        ("width", "number?"),
        ("unit", "unit?"),
        ("keep_last", "whole?"),
    ],
    "split": [
        ("test", "fraction"),
        ("validation", "fraction"),
        ("stratify", "column?"),
        ("seed", "int"),
        ("column", "text?"),
    ],
}
# a new step of each op starts with these values
DEFAULTS: dict[str, dict[str, Any]] = {
    "filter": {"operator": ">="},
    "cast": {"to": "float"},
    "date_parts": {"parts": ["year", "month"]},
    "impute": {"strategy": "median"},
    "encode": {"method": "onehot"},
    "scale": {"method": "standard"},
    "bin": {"bins": 5, "strategy": "quantile"},
    "clip": {"lower_quantile": 0.01, "upper_quantile": 0.99},
    "mask": {"method": "hash"},
    "split": {"test": 0.2, "validation": 0.1, "seed": 42},
}
# the values a user's choice may set as the next default (never columns or data values)
REMEMBERED = {
    "strategy",
    "method",
    "to",
    "operator",
    "bins",
    "test",
    "validation",
    "seed",
    "lower_quantile",
    "upper_quantile",
}
# a field shown only when another field holds one of these values
SHOWN_WHEN: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("impute", "value"): ("strategy", ("constant",)),
    ("filter", "value"): ("operator", ("==", "!=", "<", "<=", ">", ">=", "in", "not in")),
    ("mask", "width"): ("method", ("generalise",)),
    ("mask", "unit"): ("method", ("generalise",)),
    ("mask", "keep_last"): ("method", ("redact",)),
}
NUMBER_DEFAULTS = {"test": 0.2, "validation": 0.0, "seed": 0, "bins": 5}
NUMBER = QRegularExpression(r"-?[0-9]*[.]?[0-9]*([eE]-?[0-9]+)?")
INT_RANGES = {"bins": (2, 1000), "seed": (0, 2**31 - 1)}


class StepField(QObject):
    """One key of a step: a widget, how to show a value, how to read it back."""

    edited = Signal(str)

    def __init__(
        self, op: str, key: str, kind: str, columns: list[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.op, self.key, self.kind = op, key, kind.rstrip("?")
        self.optional = kind.endswith("?")
        self.columns = columns
        self.widget = self._make()

    def _make(self) -> QWidget:
        kind = self.kind
        if kind in ("columns", "parts"):
            box = QListWidget()
            box.setMaximumHeight(150 if kind == "columns" else 110)
            box.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            names = self.columns if kind == "columns" else list(DATE_PARTS)
            for name in names:
                self._add_check(box, name, choice_label(name) if kind == "parts" else name)
            box.itemChanged.connect(lambda _i: self.edited.emit(self.key))
            return box
        if kind == "mapping":
            table = QTableWidget(0, 2)
            table.setHorizontalHeaderLabels([self.tr("Column"), self.tr("New name")])
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.verticalHeader().setVisible(False)
            table.setMaximumHeight(180)
            table.itemChanged.connect(lambda _i: self.edited.emit(self.key))
            return table
        if kind in ("column", "choice", "unit"):
            combo = QComboBox()
            if kind == "column":
                combo.setEditable(True)
                combo.addItems(([""] if self.optional else []) + self.columns)
                combo.currentTextChanged.connect(lambda _t_: self.edited.emit(self.key))
                return combo
            options = (
                list(CHOICES.get((self.op, self.key), ()))
                if kind == "choice"
                else ["year", "month"]
            )
            if self.optional:
                combo.addItem(self.tr("(default)"), "")
            for option in options:
                combo.addItem(choice_label(option), option)
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit(self.key))
            return combo
        if kind == "bool":
            check = QCheckBox(field_label(self.key))
            check.toggled.connect(lambda _c: self.edited.emit(self.key))
            return check
        if kind == "int":
            spin = QSpinBox()
            spin.setRange(*INT_RANGES.get(self.key, (0, 2**31 - 1)))
            spin.valueChanged.connect(lambda _v: self.edited.emit(self.key))
            return spin
        if kind == "fraction":
            dspin = QDoubleSpinBox()
            dspin.setRange(0.0, 0.95)
            dspin.setSingleStep(0.05)
            dspin.setDecimals(3)
            dspin.valueChanged.connect(lambda _v: self.edited.emit(self.key))
            return dspin
        line = QLineEdit()
        if kind == "number":  # not QDoubleValidator: it follows the locale's decimal sign
            line.setValidator(QRegularExpressionValidator(NUMBER, line))
        elif kind == "whole":
            line.setValidator(QIntValidator(0, 64, line))
        line.setPlaceholderText(self.tr("(default)") if self.optional else "")
        line.textEdited.connect(lambda _t_: self.edited.emit(self.key))
        return line

    @staticmethod
    def _add_check(box: QListWidget, name: str, label: str) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)
        return item

    # -- value in, value out ---------------------------------------------------------------
    def show(self, step: dict[str, Any]) -> None:
        """Show the step's value of this key (signals blocked: showing is not editing)."""
        value = step.get(self.key)
        widget = self.widget
        widget.blockSignals(True)
        try:
            self._show(value, self.key in step)
        finally:
            widget.blockSignals(False)

    def _show(self, value: Any, present: bool) -> None:
        widget, kind = self.widget, self.kind
        if isinstance(widget, QListWidget):
            chosen = [str(v) for v in value] if isinstance(value, list) else []
            known = {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())}
            for name in chosen:  # a column the schema does not list (renamed earlier, say)
                if name not in known:
                    self._add_check(widget, name, name)
            for i in range(widget.count()):
                item = widget.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked
                    if item.data(Qt.ItemDataRole.UserRole) in chosen
                    else Qt.CheckState.Unchecked
                )
        elif isinstance(widget, QTableWidget):
            mapping = value if isinstance(value, dict) else {}
            names = self.columns + [str(k) for k in mapping if k not in self.columns]
            widget.setRowCount(len(names))
            for row, name in enumerate(names):
                old = QTableWidgetItem(name)
                old.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                widget.setItem(row, 0, old)
                widget.setItem(row, 1, QTableWidgetItem(str(mapping.get(name, ""))))
        elif isinstance(widget, QComboBox) and kind == "column":
            text = str(value) if present and value is not None else ""
            if text and widget.findText(text) < 0:
                widget.addItem(text)
            widget.setCurrentText(text)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value) if present else (0 if self.optional else -1)
            if index < 0 and present:  # a value the engine will refuse: shown as typed
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value is True)
        elif isinstance(widget, QSpinBox):
            widget.setValue(value if type(value) is int else int(NUMBER_DEFAULTS.get(self.key, 0)))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(
                float(value)
                if isinstance(value, int | float) and not isinstance(value, bool)
                else float(NUMBER_DEFAULTS.get(self.key, 0.0))
            )
        elif isinstance(widget, QLineEdit):
            widget.setText(
                "" if not present else show_value(value) if self.kind == "value" else str(value)
            )

    def read(self, step: dict[str, Any]) -> Any:
        """The value to store, or None to leave the key out."""
        widget, kind = self.widget, self.kind
        if isinstance(widget, QListWidget):
            chosen = [
                widget.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked
            ]
            return chosen or None
        if isinstance(widget, QTableWidget):
            mapping = {}
            for row in range(widget.rowCount()):
                old, new = widget.item(row, 0), widget.item(row, 1)
                if old is not None and new is not None and new.text().strip():
                    mapping[old.text()] = new.text().strip()
            return mapping or None
        if isinstance(widget, QComboBox) and kind == "column":
            return widget.currentText().strip() or None
        if isinstance(widget, QComboBox):
            return widget.currentData() or None
        if isinstance(widget, QCheckBox):
            return True if widget.isChecked() else None
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QDoubleSpinBox):
            return round(widget.value(), 6)
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if not text:
            return None
        if kind == "value":
            return parse_value(text, step.get("operator") in ("in", "not in"))
        if kind == "whole":
            return int(text) if text.isdigit() else text
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                return text
            return int(number) if number.is_integer() and "." not in text else number
        return text
