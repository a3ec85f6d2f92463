"""The Personal data tab: findings with their evidence, column tags (personal, sensitive
attribute, identifier), and the dataset's datasheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.data.annotations import DATASHEET_FIELDS, TAGS
from engine.data.pii import proposed_tags
from gui.context import AppContext
from gui.jobs import Job
from gui.views.base import JobStrip, MessageBar
from gui.views.data_jobs import run_tracked


class PrivacyTab(QWidget):
    def __init__(
        self, ctx: AppContext, strip: JobStrip | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._strip = ctx, strip
        self.version: Any = None
        self.dataset: Any = None
        self.findings: list[Any] = []
        self.scan_button = QPushButton(self.tr("Find personal data"))
        self.scan_button.clicked.connect(self.scan)
        self.table = QTableWidget(0, 4 + len(TAGS))
        tag_labels = {
            "personal": self.tr("personal"),
            "sensitive": self.tr("sensitive"),
            "identifier": self.tr("identifier"),
            "not_sensitive": self.tr("not sensitive"),
        }
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Looks like"), self.tr("Confidence"), self.tr("Evidence")]
            + [tag_labels[t] for t in TAGS]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 80)
        self.table.setColumnWidth(3, 300)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for offset in range(len(TAGS)):
            self.table.horizontalHeader().setSectionResizeMode(
                4 + offset, QHeaderView.ResizeMode.ResizeToContents
            )
        self.column_tags: dict[str, list[str]] = {}
        self.save_tags = QPushButton(self.tr("Save tags"))
        self.save_tags.clicked.connect(self.apply_tags)
        self.fields: dict[str, QLineEdit] = {}
        sheet = QGroupBox(self.tr("Datasheet"))
        form = QFormLayout(sheet)
        labels = {
            "purpose": self.tr("Purpose"),
            "source": self.tr("Source"),
            "owner": self.tr("Owner"),
            "legal_basis": self.tr("Legal basis"),
            "retention_period": self.tr("Retention period"),
            "personal_data": self.tr("Personal data"),
            "sensitive_attributes": self.tr("Sensitive attributes"),
            "collection_period": self.tr("Collection period"),
        }
        for key in DATASHEET_FIELDS:
            self.fields[key] = QLineEdit()
            form.addRow(labels[key] + ":", self.fields[key])
        self.save_sheet = QPushButton(self.tr("Save datasheet"))
        self.save_sheet.clicked.connect(self.save_datasheet)
        form.addRow(self.save_sheet)
        self.status = MessageBar()
        top = QHBoxLayout()
        top.addWidget(self.scan_button)
        top.addWidget(self.save_tags)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(sheet)

    def set_version(self, version: Any, dataset: Any) -> None:
        self.version, self.dataset = version, dataset
        self.findings = []
        self.column_tags = dict(dataset.column_tags) if dataset is not None else {}
        self._fill()
        sheet = dataset.datasheet if dataset is not None else {}
        for key, field in self.fields.items():
            field.setText(str(sheet.get(key, "")))

    def _fill(self) -> None:
        columns = [c["name"] for c in self.version.schema] if self.version else []
        found: dict[str, Any] = {}
        for finding in self.findings:  # a column may look like several kinds: show them all
            found.setdefault(finding.column, []).append(finding)
        tags = self.column_tags
        self.table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            hits = found.get(column, [])
            evidence = "; ".join(e for f in hits for e in f.evidence)
            for index, text in enumerate(
                (
                    column,
                    ", ".join(f.kind.replace("_", " ") for f in hits),
                    ", ".join(f.confidence for f in hits),
                    evidence,
                )
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if evidence:
                    item.setToolTip(
                        evidence
                        + "".join(
                            f"\n{self.tr('e.g.')} {', '.join(f.examples)}"
                            for f in hits
                            if f.examples
                        )
                    )
                self.table.setItem(row, index, item)
            saved = tags.get(column, [])
            proposed = proposed_tags(hits, saved)
            for offset, tag in enumerate(TAGS):
                # a checkable item, not a widget per cell: Space toggles it from the keyboard
                box = QTableWidgetItem()
                box.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                box.setCheckState(
                    Qt.CheckState.Checked if tag in proposed else Qt.CheckState.Unchecked
                )
                if tag in proposed and tag not in saved:
                    box.setToolTip(self.tr("Suggested by the scan: save the tags to keep it."))
                self.table.setItem(row, 4 + offset, box)

    def scan(self) -> Job | None:
        if self.version is None:
            return None
        ws, actor, ref, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.version.ref,
            self.version.project,
        )

        def done(findings: list[Any]) -> None:
            self.findings = findings
            self._fill()
            self.status.setText(
                self.tr(
                    "Columns that look personal or sensitive: %1. The "
                    "suggested tags are ticked: review them, then Save "
                    "tags."
                ).replace("%1", str(len({f.column for f in findings})))
            )

        return run_tracked(
            self._ctx,
            self._strip,
            self.tr("Looking for personal data"),
            lambda _p, _c: ws.data.personal_data(actor, ref, project),
            on_success=done,
            on_error=self.status.show_error,
        )

    def tags(self) -> dict[str, list[str]]:
        out = {}
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0)
            if name is None:
                continue
            boxes = [self.table.item(row, 4 + offset) for offset in range(len(TAGS))]
            out[name.text()] = [
                tag
                for tag, box in zip(TAGS, boxes, strict=True)
                if box is not None and box.checkState() == Qt.CheckState.Checked
            ]
        return out

    def apply_tags(self) -> Job | None:
        if self.dataset is None:
            return None
        ws, actor, name, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.dataset.name,
            self.dataset.project,
        )
        wanted, current = self.tags(), dict(self.column_tags)

        def work(_p: Any, _c: Any) -> dict[str, list[str]]:
            result = current
            for column, tags in wanted.items():
                if sorted(tags) != sorted(current.get(column, [])):
                    result = ws.data.annotations.tag(actor, name, column, tags, project)
            return result

        def saved(result: dict[str, list[str]]) -> None:
            self.column_tags = dict(result)
            self.status.setText(self.tr("Tags saved."), "ok")

        return self._ctx.runner.run(
            self.tr("Saving tags"), work, on_success=saved, on_error=self.status.show_error
        )

    def save_datasheet(self) -> Job | None:
        if self.dataset is None:
            return None
        ws, actor, name, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.dataset.name,
            self.dataset.project,
        )
        fields = {key: field.text().strip() for key, field in self.fields.items()}
        return self._ctx.runner.run(
            self.tr("Saving the datasheet"),
            lambda _p, _c: ws.data.annotations.set_datasheet(actor, name, fields, project),
            on_success=lambda _r: self.status.setText(self.tr("Datasheet saved."), "ok"),
            on_error=self.status.show_error,
        )
