"""The Personal data tab: findings with their evidence, column tags (personal, sensitive
attribute, identifier), and the dataset's datasheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.data.annotations import DATASHEET_FIELDS, TAGS
from gui.context import AppContext
from gui.jobs import Job


class PrivacyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.version: Any = None
        self.dataset: Any = None
        self.findings: list[Any] = []
        self.scan_button = QPushButton(self.tr("Find personal data"))
        self.scan_button.clicked.connect(self.scan)
        self.table = QTableWidget(0, 4 + len(TAGS))
        tag_labels = {"personal": self.tr("personal"), "sensitive": self.tr("sensitive"),
                      "identifier": self.tr("identifier")}
        self.table.setHorizontalHeaderLabels([
            self.tr("Column"), self.tr("Looks like"), self.tr("Confidence"),
            self.tr("Evidence")] + [tag_labels[t] for t in TAGS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(3, 420)
        self.save_tags = QPushButton(self.tr("Save tags"))
        self.save_tags.clicked.connect(self.apply_tags)
        self.fields: dict[str, QLineEdit] = {}
        sheet = QGroupBox(self.tr("Datasheet"))
        form = QFormLayout(sheet)
        labels = {"purpose": self.tr("Purpose"), "source": self.tr("Source"),
                  "owner": self.tr("Owner"), "legal_basis": self.tr("Legal basis"),
                  "retention_period": self.tr("Retention period"),
                  "personal_data": self.tr("Personal data"),
                  "sensitive_attributes": self.tr("Sensitive attributes"),
                  "collection_period": self.tr("Collection period")}
        for key in DATASHEET_FIELDS:
            self.fields[key] = QLineEdit()
            form.addRow(labels[key] + ":", self.fields[key])
        self.save_sheet = QPushButton(self.tr("Save datasheet"))
        self.save_sheet.clicked.connect(self.save_datasheet)
        form.addRow(self.save_sheet)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.scan_button)
        top.addWidget(self.save_tags)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(sheet)
        layout.addWidget(self.status)

    def set_version(self, version: Any, dataset: Any) -> None:
        self.version, self.dataset = version, dataset
        self.findings = []
        self._fill()
        sheet = dataset.datasheet if dataset is not None else {}
        for key, field in self.fields.items():
            field.setText(str(sheet.get(key, "")))

    def _fill(self) -> None:
        columns = [c["name"] for c in self.version.schema] if self.version else []
        found = {f.column: f for f in self.findings}
        tags = self.dataset.column_tags if self.dataset is not None else {}
        self.table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            finding = found.get(column)
            for index, text in enumerate((column, finding.kind if finding else "",
                                          finding.confidence if finding else "",
                                          "; ".join(finding.evidence) if finding else "")):
                self.table.setItem(row, index, QTableWidgetItem(text))
            for offset, tag in enumerate(TAGS):
                box = QCheckBox()
                box.setChecked(tag in tags.get(column, []))
                self.table.setCellWidget(row, 4 + offset, box)

    def scan(self) -> Job | None:
        if self.version is None:
            return None
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)

        def done(findings: list[Any]) -> None:
            self.findings = findings
            self._fill()
            self.status.setText(self.tr("%1 columns look like personal data.")
                                .replace("%1", str(len({f.column for f in findings}))))

        return self._ctx.runner.run(self.tr("Looking for personal data"),
                                    lambda _p, _c: ws.data.personal_data(actor, ref, project),
                                    on_success=done)

    def tags(self) -> dict[str, list[str]]:
        out = {}
        for row in range(self.table.rowCount()):
            column = self.table.item(row, 0).text()
            out[column] = [tag for offset, tag in enumerate(TAGS)
                           if self.table.cellWidget(row, 4 + offset).isChecked()]
        return out

    def apply_tags(self) -> Job | None:
        if self.dataset is None:
            return None
        ws, actor, name, project = (self._ctx.workspace, self._ctx.actor, self.dataset.name,
                                    self.dataset.project)
        wanted, current = self.tags(), dict(self.dataset.column_tags)

        def work(_p: Any, _c: Any) -> dict[str, list[str]]:
            result = current
            for column, tags in wanted.items():
                if sorted(tags) != sorted(current.get(column, [])):
                    result = ws.data.annotations.tag(actor, name, column, tags, project)
            return result

        return self._ctx.runner.run(self.tr("Saving tags"), work,
                                    on_success=lambda _r: self.status.setText(
                                        self.tr("Tags saved.")))

    def save_datasheet(self) -> Job | None:
        if self.dataset is None:
            return None
        ws, actor, name, project = (self._ctx.workspace, self._ctx.actor, self.dataset.name,
                                    self.dataset.project)
        fields = {key: field.text().strip() for key, field in self.fields.items()}
        return self._ctx.runner.run(
            self.tr("Saving the datasheet"),
            lambda _p, _c: ws.data.annotations.set_datasheet(actor, name, fields, project),
            on_success=lambda _r: self.status.setText(self.tr("Datasheet saved.")))
