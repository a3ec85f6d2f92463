"""The form of one recipe step: its type, then its fields (gui/widgets/recipe_fields.py),
and under them the engine's message about this step when it has one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from engine.data.recipe_model import STEPS
from gui.palette import colour
from gui.widgets.recipe_fields import (
    DEFAULTS,
    REMEMBERED,
    SHOWN_WHEN,
    SPEC,
    StepField,
)
from gui.widgets.recipe_words import field_label, op_label


def new_step(op: str, remembered: dict[str, Any] | None = None) -> dict[str, Any]:
    """A new step of `op` with its default values, the user's last choices over them."""
    step: dict[str, Any] = {"op": op, **DEFAULTS.get(op, {})}
    keys = {key for key, _kind in SPEC.get(op, [])}
    for key, value in ((remembered or {}).get(op) or {}).items():
        if key in REMEMBERED and key in keys:
            step[key] = value
    return step


class StepForm(QWidget):
    """Edits `step` (a dict of the recipe, in place) and says so with `changed`."""

    changed = Signal(str)  # the key edited ("op" when the type changed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step: dict[str, Any] | None = None
        self.columns: list[str] = []
        self.remembered: dict[str, Any] = {}
        self.fields: dict[str, StepField] = {}
        self.op = QComboBox()
        for op in STEPS:
            self.op.addItem(op_label(op), op)
        self.op.currentIndexChanged.connect(self._op_changed)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Step type:"), self.op)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.hint = QLabel(self.tr("Add a step, or choose one in the list to edit it."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {colour('muted')};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.show_step(None)

    def set_columns(self, columns: list[str]) -> None:
        self.columns = list(columns)
        self.show_step(self.step)

    def show_step(self, step: dict[str, Any] | None) -> None:
        """Build the fields of `step`'s type and show its values (None: nothing to edit)."""
        self.step = step
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.fields = {}
        editable = isinstance(step, dict)
        self.hint.setVisible(not editable)
        self.form.setRowVisible(0, editable)
        if not isinstance(step, dict):
            return
        op = step.get("op")
        self.op.blockSignals(True)
        index = self.op.findData(op)
        if index < 0:  # an op the engine does not know: shown as written, refused on check
            self.op.addItem(str(op), op)
            index = self.op.count() - 1
        self.op.setCurrentIndex(index)
        self.op.blockSignals(False)
        for key, kind in SPEC.get(str(op), []):
            field = StepField(str(op), key, kind, self.columns, self)
            field.show(step)
            field.edited.connect(self._edited)
            self.fields[key] = field
            label = field_label("split_column" if (op, key) == ("split", "column") else key)
            if field.kind == "bool":
                self.form.addRow("", field.widget)
            else:
                self.form.addRow(label, field.widget)
        self._update_shown()

    def _update_shown(self) -> None:
        if self.step is None:
            return
        op = str(self.step.get("op"))
        for key, field in self.fields.items():
            rule = SHOWN_WHEN.get((op, key))
            shown = rule is None or self.step.get(rule[0]) in rule[1] or key in self.step
            self.form.setRowVisible(field.widget, shown)

    def _edited(self, key: str) -> None:
        if self.step is None:
            return
        value = self.fields[key].read(self.step)
        if value is None:
            self.step.pop(key, None)
        else:
            self.step[key] = value
        if key in REMEMBERED and value is not None:
            self.remembered.setdefault(str(self.step.get("op")), {})[key] = value
        if key == "operator" and "value" in self.fields:  # a list for `in`, one value else
            self.fields["value"].edited.emit("value")
        self._update_shown()
        self.changed.emit(key)

    def _op_changed(self) -> None:
        """Another step type: its defaults, keeping the columns when the new type has them."""
        if self.step is None:
            return
        op = self.op.currentData()
        keep = {
            key: self.step[key]
            for key, _kind in SPEC.get(op, [])
            if key in ("columns", "column") and key in self.step
        }
        fresh = new_step(op, self.remembered)
        fresh.update(keep)
        self.step.clear()
        self.step.update(fresh)
        self.show_step(self.step)
        self.changed.emit("op")

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.message.setVisible(bool(text))
