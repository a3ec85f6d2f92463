"""Import a file: choose it, look at a live preview, correct encoding, delimiter, header row,
sheet and column types, then import as a background job with progress and Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.context import AppContext
from gui.details import semantic_word
from gui.jobs import Job
from gui.models.arrow_model import ArrowTableModel
from gui.palette import colour

ENCODINGS = ["", "utf-8", "utf-8-sig", "cp1256", "cp1252", "latin-1", "utf-16"]
DELIMITERS = [("", ""), (",", ","), (";", ";"), ("\t", "Tab"), ("|", "|")]
SEMANTIC = ["numeric", "categorical", "boolean", "datetime", "text", "identifier"]


class ImportWizard(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        path: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._project = project
        self.job: Job | None = None
        self.result_version: Any = None
        self.setWindowTitle(self.tr("Import a dataset"))
        self.resize(900, 640)
        self.path = QLineEdit(path or "")
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.name = QLineEdit(Path(path).stem if path else "")
        self.encoding = QComboBox()
        for value in ENCODINGS:
            self.encoding.addItem(value or self.tr("detect"), value)
        self.delimiter = QComboBox()
        for value, label in DELIMITERS:
            self.delimiter.addItem(label or self.tr("detect"), value)
        self.skip = QSpinBox()
        self.skip.setRange(0, 1000)
        self.sheet = QComboBox()
        self.detected = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Dataset name:"), self.name)
        options = QHBoxLayout()
        for label, widget in (
            (self.tr("Encoding:"), self.encoding),
            (self.tr("Delimiter:"), self.delimiter),
            (self.tr("Lines before the header:"), self.skip),
            (self.tr("Sheet:"), self.sheet),
        ):
            options.addWidget(QLabel(label))
            options.addWidget(widget)
        options.addStretch(1)
        form.addRow(options)
        form.addRow(self.detected)
        self.preview_model = ArrowTableModel()
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.types = QTableWidget(0, 2)
        self.types.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Type")])
        self.types.horizontalHeader().setStretchLastSection(True)
        self.types.setMaximumWidth(320)
        middle = QHBoxLayout()
        middle.addWidget(self.preview, 3)
        middle.addWidget(self.types, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        for signal in (
            self.encoding.currentIndexChanged,
            self.delimiter.currentIndexChanged,
            self.skip.valueChanged,
            self.sheet.currentIndexChanged,
        ):
            signal.connect(self.refresh_preview)
        self.path.editingFinished.connect(self.refresh_preview)
        if path:
            self.refresh_preview()

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a file to import"),
            "",
            self.tr("Data files (*.csv *.txt *.tsv *.parquet *.xlsx *.xlsm)"),
        )
        if name:
            self.path.setText(name)
            if not self.name.text():
                self.name.setText(Path(name).stem)
            self.refresh_preview()

    def options(self) -> Any:
        from engine.data.readers import ImportOptions

        types = {}
        for row in range(self.types.rowCount()):
            combo = self.types.cellWidget(row, 1)
            item = self.types.item(row, 0)
            if isinstance(combo, QComboBox) and item is not None:
                types[item.text()] = combo.currentData()
        sheet = self.sheet.currentText() if self.sheet.count() else None
        return ImportOptions(
            encoding=self.encoding.currentData() or None,
            delimiter=self.delimiter.currentData() or None,
            skip_rows=self.skip.value(),
            sheet=sheet or None,
            types=types,
        )

    def refresh_preview(self) -> Job | None:
        path = self.path.text().strip()
        if not path:
            return None
        from engine.data.preview import preview_file

        options = self.options()
        options.types = {}
        self.message.clear()
        return self._ctx.runner.run(
            self.tr("Reading a preview"),
            lambda _p, _c: preview_file(path, options),
            on_success=self._show_preview,
            on_error=self._failed,
            cancellable=False,
            listed=False,
        )

    def _show_preview(self, preview: Any) -> None:
        self.preview_model.set_table(preview.table)
        self.detected.setText(
            self.tr("Format %1 · encoding %2 · delimiter %3")
            .replace("%1", preview.format)
            .replace("%2", preview.encoding or "—")
            .replace("%3", repr(preview.delimiter) if preview.delimiter else "—")
        )
        if preview.sheets and self.sheet.count() != len(preview.sheets):
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(preview.sheets)
            self.sheet.blockSignals(False)
        self.sheet.setEnabled(bool(preview.sheets))
        self.types.setRowCount(len(preview.semantic))
        for row, (column, kind) in enumerate(preview.semantic.items()):
            self.types.setItem(row, 0, QTableWidgetItem(column))
            combo = QComboBox()
            for value in SEMANTIC:
                combo.addItem(semantic_word(value), value)
            combo.setCurrentIndex(max(combo.findData(kind), 0))
            self.types.setCellWidget(row, 1, combo)

    def start_import(self) -> Job | None:
        path, name = self.path.text().strip(), self.name.text().strip()
        if not path or not name:
            self.message.setText(self.tr("Choose a file and a dataset name."))
            return None
        ws, actor, project, options = (
            self._ctx.workspace,
            self._ctx.actor,
            self._project,
            self.options(),
        )
        self.progress.setVisible(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.job = self._ctx.runner.run(
            self.tr("Importing %1").replace("%1", Path(path).name),
            lambda progress, cancel: ws.data.import_file(
                actor,
                path,
                name,
                project=project,
                options=options,
                progress=progress,
                cancel=cancel,
            ),
            on_success=self._imported,
            on_error=self._failed,
            on_cancel=lambda: self._stopped(self.tr("Import cancelled; nothing was stored.")),
        )
        self.job.progressed.connect(lambda f, _m: self.progress.setValue(int(f * 1000)))
        return self.job

    def _imported(self, stored: Any) -> None:
        self.result_version = stored
        self.accept()

    def _stopped(self, text: str) -> None:
        self.progress.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.message.setText(text)

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, AirlockError):
            self._stopped(error.message + (f" {error.hint}" if error.hint else ""))
            return True
        self._stopped("")
        return False

    def _cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # the dialog stays until the job has cleaned up
            return
        self.reject()
