"""The Contract tab: infer, edit (JSON), save versions, validate this version or a file,
see the report rule by rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError, ValidationError
from gui.context import AppContext
from gui.jobs import Job


class ContractTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.version: Any = None
        self.report: Any = None
        self.contracts = QComboBox()
        self.contracts.currentIndexChanged.connect(self._load_contract)
        self.infer_button = QPushButton(self.tr("Infer from this version"))
        self.infer_button.clicked.connect(self.infer)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("contract name"))
        self.save_button = QPushButton(self.tr("Save as new version"))
        self.save_button.clicked.connect(self.save)
        self.validate_button = QPushButton(self.tr("Validate this version"))
        self.validate_button.clicked.connect(lambda: self.validate())
        self.validate_file_button = QPushButton(self.tr("Validate a file…"))
        self.validate_file_button.clicked.connect(self._choose_file)
        self.contracts.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.contracts.setMinimumContentsLength(18)
        self.name.setMinimumWidth(160)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Contract:")), self.contracts, self.infer_button):
            top.addWidget(widget)
        top.addStretch(1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.name, 1)
        save_row.addWidget(self.save_button)
        check_row = QHBoxLayout()
        check_row.addWidget(self.validate_button)
        check_row.addWidget(self.validate_file_button)
        check_row.addStretch(1)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("DejaVu Sans Mono", 9))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600;")
        self.results = QTreeWidget()
        self.results.setRootIsDecorated(False)
        self.results.setHeaderLabels([self.tr("Rule"), self.tr("Failing rows"),
                                      self.tr("Examples")])
        self.results.setColumnWidth(0, 220)
        self.results.setColumnWidth(1, 90)
        report_box = QWidget()
        report_layout = QVBoxLayout(report_box)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addLayout(check_row)
        report_layout.addWidget(self.verdict)
        report_layout.addWidget(self.results, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(save_row)
        editor_layout.addWidget(self.editor, 1)
        split = QSplitter()
        split.addWidget(editor_box)
        split.addWidget(report_box)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def set_version(self, version: Any) -> None:
        self.version = version
        self.results.clear()
        self.verdict.clear()
        if version is not None and not self.name.text():
            self.name.setText(version.dataset)
        self.refresh()

    def refresh(self) -> None:
        if self.version is None:
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.version.project
        self._ctx.runner.run(self.tr("Reading contracts"),
                             lambda _p, _c: ws.data.contracts.all(actor, project),
                             on_success=self._list, cancellable=False, listed=False)

    def _list(self, contracts: list[Any]) -> None:
        self.contracts.blockSignals(True)
        self.contracts.clear()
        for contract in contracts:
            self.contracts.addItem(contract.ref, contract)
        self.contracts.setCurrentIndex(self.contracts.count() - 1)
        self.contracts.blockSignals(False)
        self._load_contract()

    def _load_contract(self) -> None:
        contract = self.contracts.currentData()
        if contract is not None:
            self.editor.setPlainText(json.dumps(contract.body, indent=2, ensure_ascii=False))
            self.name.setText(contract.name)

    def infer(self) -> Job | None:
        if self.version is None:
            return None
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)
        return self._ctx.runner.run(
            self.tr("Inferring a contract"),
            lambda _p, _c: ws.data.contracts.infer(actor, ref, project),
            on_success=lambda body: self.editor.setPlainText(
                json.dumps(body, indent=2, ensure_ascii=False)))

    def save(self) -> Job | None:
        try:
            body = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.status.setText(self.tr("The contract is not valid JSON: %1")
                                .replace("%1", str(exc)))
            return None
        ws, actor, name = self._ctx.workspace, self._ctx.actor, self.name.text().strip()
        project = self.version.project if self.version else None

        def saved(contract: Any) -> None:
            self.status.setText(self.tr("Saved %1.").replace("%1", contract.ref))
            self.refresh()

        return self._ctx.runner.run(self.tr("Saving the contract"),
                                    lambda _p, _c: ws.data.contracts.save(actor, name, body,
                                                                          project),
                                    on_success=saved, on_error=self._error)

    def validate(self, file: Path | None = None) -> Job | None:
        """Validate the selected version, or a file (read, checked, not stored)."""
        contract = self.contracts.currentData()
        if self.version is None or contract is None:
            self.status.setText(self.tr("Save a contract first."))
            return None
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)
        target = {"file": file} if file is not None else {"dataset_ref": ref}
        return self._ctx.runner.run(
            self.tr("Validating %1").replace("%1", file.name if file is not None else ref),
            lambda progress, cancel: ws.data.contracts.validate(
                actor, contract.ref, project=project, progress=progress, cancel=cancel,
                **target),
            on_success=self.show_report, on_error=self._error)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Validate a file against the contract"), "",
            self.tr("Data files (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)"))
        if name:
            self.validate(Path(name))

    def show_report(self, report: Any) -> None:
        from engine.data.validation import format_sample

        self.report = report
        self.results.clear()
        verdict = self.tr("PASSED") if report.passed else self.tr("FAILED")
        self.verdict.setText(self.tr("%1 against %2: %3 (%4 rows, %5 failing rules)")
                             .replace("%1", report.data).replace("%2", report.contract)
                             .replace("%3", verdict).replace("%4", f"{report.rows:,}")
                             .replace("%5", str(len(report.results))))
        self.verdict.setStyleSheet("font-weight: 600; color: %s;"
                                   % ("#1e8449" if report.passed else "#c0392b"))
        for rule in report.results:
            samples = ", ".join(format_sample(s) for s in rule.samples)
            item = QTreeWidgetItem([rule.rule, f"{rule.failures:,}", samples])
            item.setToolTip(2, samples)
            self.results.addTopLevelItem(item)

    def _error(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError | AirlockError):
            self.status.setText(error.message)
            return True
        return False
