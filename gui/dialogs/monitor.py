"""New monitor: the monitor's definition as a form — its name, the reference dataset version,
the dataset whose new batches it checks, the columns, the schedule, the warning and alert
levels, and the column holding each row's date. The engine checks it (the same rules as a
monitor file); what it refuses is said next to the field at fault and the dialog stays
open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from engine.monitoring.monitor_entities import Monitor
from gui.context import AppContext
from gui.dialogs.form import FormDialog

# Words of the engine's messages that name a field of the definition (its checks in
# engine/monitoring/monitor_definition.parse_monitor and the dataset look-ups of add()).
FIELD_WORDS = (
    ("name", ("'name'",)),
    ("levels", ("levels", "warning", "alert")),
    ("every", ("'every'",)),
    ("time_column", ("time_column", "date")),
    ("current", ("'current'", "with itself")),
    ("reference", ("'reference'",)),
    ("columns", ("column",)),
)


class MonitorDialog(FormDialog):
    FIELD_WORDS = FIELD_WORDS

    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        datasets: list[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx.runner, self.tr("New monitor"), self.tr("&Add monitor"), parent)
        self._ctx, self._project = ctx, project
        self.added: Monitor | None = None
        self.schemas = {v.ref: [c["name"] for c in v.schema] for d in datasets for v in d.versions}
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. credit-inputs"))
        self.reference = QComboBox()
        self.reference.addItems(list(self.schemas))
        self.reference.setToolTip(
            self.tr("The version the batches are compared with, usually the training data.")
        )
        self.current = QComboBox()
        self.current.addItems([d.name for d in datasets])
        self.current.setToolTip(
            self.tr("The dataset whose newest version is checked each time the monitor runs.")
        )
        self.columns = QListWidget()
        self.columns.setMaximumHeight(130)
        self.time_column = QComboBox()
        self.every = QComboBox()
        for text, value in (
            (self.tr("Only when run by hand"), None),
            (self.tr("Every hour"), "1h"),
            (self.tr("Every day"), "1d"),
            (self.tr("Every week"), "7d"),
            (self.tr("Every 30 days"), "30d"),
        ):
            self.every.addItem(text, value)
        self.every.setCurrentIndex(2)
        self.warning = _percent(20)
        self.alert = _percent(50)
        levels = QWidget()
        row = QHBoxLayout(levels)
        row.setContentsMargins(0, 0, 0, 0)
        for text, box in ((self.tr("warning at"), self.warning), (self.tr("alert at"), self.alert)):
            row.addWidget(QLabel(text))
            row.addWidget(box)
        row.addWidget(QLabel(self.tr("of the columns drifting")), 1)
        for key, label, widget, hint in (
            ("name", self.tr("&Name:"), self.name, ""),
            ("reference", self.tr("&Reference:"), self.reference, ""),
            ("current", self.tr("&Checks new batches of:"), self.current, ""),
            (
                "columns",
                self.tr("C&olumns:"),
                self.columns,
                self.tr("None ticked: every column of the reference."),
            ),
            (
                "time_column",
                self.tr("&Date column:"),
                self.time_column,
                self.tr("Optional: each row's date, so the trend shows batches on a time axis."),
            ),
            ("every", self.tr("&Schedule:"), self.every, ""),
            ("levels", self.tr("&Levels:"), levels, ""),
        ):
            self.add_field(
                key, label, widget, hint, buddy=self.warning if key == "levels" else None
            )
        self.reference.currentIndexChanged.connect(lambda _i: self._reference_chosen())
        self._reference_chosen()
        if self.current.count() > 1:  # a dataset other than the reference's, if any
            other = next(
                (
                    i
                    for i in range(self.current.count())
                    if not self.reference.currentText().startswith(self.current.itemText(i) + "@")
                ),
                0,
            )
            self.current.setCurrentIndex(other)
        self.remember(ctx.prefs, "monitoring.new")
        from engine.monitoring.monitor_definition import parse_monitor

        # the definition's own rules (name, levels) while typing; the datasets on Add
        self.check_while_typing(
            lambda: parse_monitor(self.definition()),
            self.name.textChanged,
            self.warning.valueChanged,
            self.alert.valueChanged,
        )
        self.finish()
        self.resize(560, self.sizeHint().height())

    def _reference_chosen(self) -> None:
        names = self.schemas.get(self.reference.currentText(), [])
        ticked = set(self.chosen_columns())
        self.columns.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        keep = self.time_column.currentData()
        self.time_column.clear()
        self.time_column.addItem(self.tr("none"), None)
        for name in names:
            self.time_column.addItem(name, name)
        self.time_column.setCurrentIndex(max(self.time_column.findData(keep), 0))

    def chosen_columns(self) -> list[str]:
        return [
            self.columns.item(i).text()
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() == Qt.CheckState.Checked
        ]

    def definition(self) -> dict[str, Any]:
        """The monitor as the engine takes it (the fields of a monitor file)."""
        body: dict[str, Any] = {
            "name": self.name.text().strip(),
            "reference": self.reference.currentText(),
            "current": self.current.currentText(),
            "levels": {"warning": self.warning.value() / 100, "alert": self.alert.value() / 100},
        }
        if self.chosen_columns():
            body["columns"] = self.chosen_columns()
        if self.every.currentData():
            body["every"] = self.every.currentData()
        if self.time_column.currentData():
            body["time_column"] = self.time_column.currentData()
        return body

    def submit(self) -> None:
        ws, actor, project, body = (
            self._ctx.workspace,
            self._ctx.actor,
            self._project,
            self.definition(),
        )
        self.run(
            self.tr("Adding the monitor %1").replace("%1", body["name"]),
            lambda: ws.monitors.add(actor, body, project=project),
            self._added,
        )

    def _added(self, monitor: Monitor) -> None:
        self.added = monitor
        self.accept()

    def field_for(self, text: str) -> str | None:
        key = super().field_for(text)
        if key is None:  # a dataset that does not exist names itself
            body = self.definition()
            key = next((k for k in ("reference", "current") if body[k] and body[k] in text), None)
        return key

    def form_values(self) -> dict[str, object]:
        """What the next monitor most likely shares with this one (not its name)."""
        return {
            "reference": self.reference.currentText(),
            "current": self.current.currentText(),
            "every": self.every.currentData(),
            "warning": self.warning.value(),
            "alert": self.alert.value(),
            "time_column": self.time_column.currentData(),
        }

    def restore_form(self, values: dict[str, object]) -> None:
        for box, key in ((self.reference, "reference"), (self.current, "current")):
            index = box.findText(str(values.get(key, "")))
            if index >= 0:
                box.setCurrentIndex(index)
        index = self.every.findData(values.get("every"))
        if "every" in values and index >= 0:
            self.every.setCurrentIndex(index)
        for spin, key in ((self.warning, "warning"), (self.alert, "alert")):
            level = values.get(key)
            if isinstance(level, int):
                spin.setValue(level)
        index = self.time_column.findData(values.get("time_column"))
        if values.get("time_column") and index >= 0:
            self.time_column.setCurrentIndex(index)


def _percent(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, 100)
    box.setSuffix(" %")
    box.setValue(value)
    return box
