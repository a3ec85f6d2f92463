"""The Contract tab: infer a contract from this version, edit its rules as a form (or as
JSON under Advanced, each following the other), save versions, validate this version or a
file, and see every rule with its result: what failed, with rows, and what passed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.jobs import Job
from gui.palette import colour
from gui.views.base import EmptyState, JobStrip, MessageBar
from gui.views.data_contract_form import ContractForm, rule_results
from gui.views.data_jobs import run_tracked
from gui.widgets.json_text import read_object


class ContractTab(QWidget):
    def __init__(
        self, ctx: AppContext, strip: JobStrip | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._strip = ctx, strip
        self.version: Any = None
        self.report: Any = None
        self._syncing = False
        self.contracts = QComboBox()
        self.contracts.currentIndexChanged.connect(self._load_contract)
        self.contracts.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.contracts.setMinimumContentsLength(18)
        self.infer_button = QPushButton(self.tr("Infer from this version"))
        self.infer_button.clicked.connect(self.infer)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("contract name"))
        self.name.setMinimumWidth(160)
        self.save_button = QPushButton(self.tr("Save as new version"))
        self.save_button.clicked.connect(self.save)
        self.validate_button = QPushButton(self.tr("Validate this version"))
        self.validate_button.clicked.connect(lambda: self.validate())
        self.validate_file_button = QPushButton(self.tr("Validate a file…"))
        self.validate_file_button.clicked.connect(self._choose_file)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Contract:")), self.contracts, self.infer_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.validate_button)
        top.addWidget(self.validate_file_button)

        self.form = ContractForm()
        self.form.changed.connect(self._form_edited)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("DejaVu Sans Mono", 9))
        self.editor.textChanged.connect(self._text_edited)
        self.editor_message = QLabel()
        self.editor_message.setWordWrap(True)
        advanced = QWidget()
        advanced_layout = QVBoxLayout(advanced)
        advanced_layout.addWidget(self.editor, 1)
        advanced_layout.addWidget(self.editor_message)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600;")
        self.results = QTreeWidget()
        self.results.setRootIsDecorated(False)
        self.results.setHeaderLabels(
            [
                self.tr("Rule"),
                self.tr("Column"),
                self.tr("Result"),
                self.tr("Failing rows"),
                self.tr("Examples"),
            ]
        )
        for index, width in enumerate((260, 130, 110, 90)):
            self.results.setColumnWidth(index, width)
        self.report_page = QWidget()
        report_layout = QVBoxLayout(self.report_page)
        report_layout.addWidget(self.verdict)
        report_layout.addWidget(self.results, 1)
        self.mode = QTabWidget()
        self.mode.addTab(self.form, self.tr("Rules"))
        self.mode.addTab(advanced, self.tr("Advanced (JSON)"))
        self.mode.addTab(self.report_page, self.tr("Results"))
        self.infer_again = infer_again = QPushButton(self.tr("Infer from this version"))
        infer_again.clicked.connect(self.infer)
        self.empty = EmptyState(
            self.mode,
            self.tr("No contract yet — infer one from this version, then adjust its rules."),
            infer_again,
        )
        self.empty.action.setVisible(True)
        save_row = QHBoxLayout()
        save_row.addWidget(QLabel(self.tr("Save as:")))
        save_row.addWidget(self.name, 1)
        save_row.addWidget(self.save_button)
        self.status = MessageBar()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.empty, 1)
        layout.addLayout(save_row)
        self.empty.set_empty(True)

    def set_version(self, version: Any) -> None:
        self.version = version
        self.results.clear()
        self.verdict.clear()
        if self.mode.currentWidget() is self.report_page:
            self.mode.setCurrentIndex(0)
        if version is not None and not self.name.text():
            self.name.setText(version.dataset)
        self.refresh()

    def refresh(self) -> None:
        if self.version is None:
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.version.project
        self._ctx.runner.run(
            self.tr("Reading contracts"),
            lambda _p, _c: ws.data.contracts.all(actor, project),
            on_success=self._list,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _list(self, contracts: list[Any], select: str | None = None) -> None:
        self.contracts.blockSignals(True)
        self.contracts.clear()
        for contract in contracts:
            self.contracts.addItem(contract.ref, contract)
        dataset = self.version.dataset if self.version is not None else None
        # the saved one, else the newest contract named after this dataset, else the newest
        index = self.contracts.findText(select) if select else -1
        if index < 0:
            index = max(
                (i for i, c in enumerate(contracts) if c.name == dataset),
                default=self.contracts.count() - 1,
            )
        self.contracts.setCurrentIndex(index)
        self.contracts.blockSignals(False)
        self._load_contract()

    def _load_contract(self) -> None:
        contract = self.contracts.currentData()
        if contract is not None:
            self.show_contract(contract.body)
            self.name.setText(contract.name)
            return
        self.form.show_contract({"columns": []})  # none in this project yet
        self.form.body = {}
        self._write_editor()
        self.empty.set_empty(True)

    # -- the form and the text ------------------------------------------------------------
    def show_contract(self, body: dict[str, Any]) -> None:
        self.form.show_contract(copy.deepcopy(body))
        self._write_editor()
        self.empty.set_empty(False)

    def _write_editor(self) -> None:
        self._syncing = True
        self.editor.setPlainText(json.dumps(self.form.body, indent=2, ensure_ascii=False))
        self._syncing = False
        self.editor_message.clear()

    def _form_edited(self) -> None:
        self._write_editor()

    def _text_edited(self) -> None:
        if self._syncing:
            return
        body = read_object(
            self.editor.toPlainText(), self.editor_message, self.tr("A contract is a JSON object.")
        )
        if body is None:
            return
        self.form.show_contract(body)
        self.empty.set_empty(False)

    # -- engine calls ---------------------------------------------------------------------
    def infer(self) -> Job | None:
        if self.version is None:
            return None
        ws, actor, ref, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.version.ref,
            self.version.project,
        )

        def inferred(body: dict[str, Any]) -> None:
            self.show_contract(body)
            self.mode.setCurrentIndex(0)
            self.status.setText(
                self.tr("A contract that %1 passes: adjust the rules, then save it.").replace(
                    "%1", ref
                )
            )

        return run_tracked(
            self._ctx,
            self._strip,
            self.tr("Inferring a contract"),
            lambda _p, _c: ws.data.contracts.infer(actor, ref, project),
            on_success=inferred,
            on_error=self.status.show_error,
            cancellable=False,
        )

    def save(self) -> Job | None:
        try:
            body = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.status.setText(
                self.tr("The contract is not valid JSON: %1").replace("%1", str(exc)), "error"
            )
            return None
        ws, actor, name = self._ctx.workspace, self._ctx.actor, self.name.text().strip()
        project = self.version.project if self.version else None

        def saved(contract: Any) -> None:
            self.status.setText(self.tr("Saved %1.").replace("%1", contract.ref), "ok")
            self._ctx.runner.run(
                self.tr("Reading contracts"),
                lambda _p, _c: ws.data.contracts.all(actor, project),
                on_success=lambda found: self._list(found, contract.ref),
                cancellable=False,
                listed=False,
            )

        return self._ctx.runner.run(
            self.tr("Saving the contract"),
            lambda _p, _c: ws.data.contracts.save(actor, name, body, project),
            on_success=saved,
            on_error=self.status.show_error,
        )

    def validate(self, file: Path | None = None) -> Job | None:
        """Validate the selected version, or a file (read, checked, not stored)."""
        contract = self.contracts.currentData()
        if self.version is None or contract is None:
            self.status.setText(self.tr("Save a contract first."), "warning")
            return None
        ws, actor, ref, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.version.ref,
            self.version.project,
        )
        target = {"file": file} if file is not None else {"dataset_ref": ref}
        return run_tracked(
            self._ctx,
            self._strip,
            self.tr("Validating %1").replace("%1", file.name if file is not None else ref),
            lambda progress, cancel: ws.data.contracts.validate(
                actor, contract.ref, project=project, progress=progress, cancel=cancel, **target
            ),
            on_success=self.show_report,
            on_error=self.status.show_error,
        )

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Validate a file against the contract"),
            "",
            self.tr("Data files (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)"),
        )
        if name:
            self.validate(Path(name))

    def show_report(self, report: Any) -> None:
        """Every rule the engine checked with its result: failures first, with their rows."""
        from engine.data.validation import EXTRA_RULE, format_sample

        self.report = report
        self.results.clear()
        self.mode.setCurrentWidget(self.report_page)
        verdict = self.tr("PASSED") if report.passed else self.tr("FAILED")
        self.verdict.setText(
            self.tr("%1 against %2: %3 (%4 rows, %5 failing rules)")
            .replace("%1", report.data)
            .replace("%2", report.contract)
            .replace("%3", verdict)
            .replace("%4", f"{report.rows:,}")
            .replace("%5", str(len(report.results)))
        )
        tint = colour("ok" if report.passed else "error")
        self.verdict.setStyleSheet(f"font-weight: 600; color: {tint};")
        words = {
            "passed": "✓ " + self.tr("passed"),
            "failed": "✗ " + self.tr("failed"),
            "not checked": "– " + self.tr("not checked"),
        }
        tone = {"passed": "ok", "failed": "error", "not checked": "muted"}
        extra = self.tr("no columns beyond the contract")  # the one rule not named by a column
        for rule, column, result, found in rule_results(report):
            rule = extra if rule == EXTRA_RULE else rule
            samples = ", ".join(format_sample(s) for s in found.samples) if found else ""
            item = QTreeWidgetItem(
                [rule, column or "", words[result], f"{found.failures:,}" if found else "", samples]
            )
            item.setForeground(2, QBrush(QColor(colour(tone[result]))))
            item.setToolTip(4, samples)
            self.results.addTopLevelItem(item)
