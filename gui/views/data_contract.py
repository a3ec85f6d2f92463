"""The Contract tab: infer, edit (JSON), save versions, validate this version, see the
report rule by rule."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
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
        self.validate_button.clicked.connect(self.validate)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Contract:")), self.contracts, self.infer_button,
                       self.name, self.save_button, self.validate_button):
            top.addWidget(widget)
        top.addStretch(1)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("DejaVu Sans Mono", 9))
        self.results = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def set_version(self, version: Any) -> None:
        self.version = version
        self.results.clear()
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

    def validate(self) -> Job | None:
        contract = self.contracts.currentData()
        if self.version is None or contract is None:
            self.status.setText(self.tr("Save a contract first."))
            return None
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)
        return self._ctx.runner.run(
            self.tr("Validating %1").replace("%1", ref),
            lambda progress, cancel: ws.data.contracts.validate(
                actor, contract.ref, dataset_ref=ref, project=project, progress=progress,
                cancel=cancel),
            on_success=self.show_report)

    def show_report(self, report: Any) -> None:
        self.report = report
        self.results.clear()
        verdict = self.tr("PASSED") if report.passed else self.tr("FAILED")
        self.results.addItem(f"{report.data} · {report.contract}: {verdict}")
        for rule in report.results:
            samples = ", ".join(f"{s['row']}: {s['value']!r}" if s["row"] else
                                repr(s["value"]) for s in rule.samples)
            item = QListWidgetItem(f"{rule.rule} — {rule.failures:,} · {samples}")
            self.results.addItem(item)

    def _error(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError | AirlockError):
            self.status.setText(error.message)
            return True
        return False
