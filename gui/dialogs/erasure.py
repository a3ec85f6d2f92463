"""The data-subject erasure form: a dataset, its id column, the subjects' ids (one a line)
and the request's reference; confirmed, it runs the engine's erasure (new versions without
the rows, the old ones crypto-shredded, models flagged for retraining)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from gui.context import AppContext
from gui.dialogs.form import FormDialog


class EraseDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        columns: dict[str, list[str]],
        dataset: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx.runner, self.tr("Erase data subjects"), self.tr("&Erase…"), parent)
        self._ctx, self._project, self._columns = ctx, project, columns
        self.erasure: Any = None
        self.dataset = QComboBox()
        self.dataset.addItems(sorted(columns))
        self.id_column = QComboBox()
        self.subjects = QPlainTextEdit()
        self.subjects.setTabChangesFocus(True)
        self.subjects.setPlaceholderText(self.tr("one id a line"))
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("the request's ticket number, e.g. DSR-2026-041"))
        self.form.addRow(self.tr("&Dataset:"), self.dataset)
        self.form.addRow(self.tr("&Id column:"), self.id_column)
        self.form.addRow(self.tr("&Subjects' ids:"), self.subjects)
        self.form.addRow(self.tr("&Request reference:"), self.reference)
        self.dataset.currentTextChanged.connect(self._dataset_chosen)
        if dataset in columns:
            self.dataset.setCurrentText(dataset)
        self._dataset_chosen(self.dataset.currentText())
        self.finish()
        self.resize(520, 420)

    def _dataset_chosen(self, name: str) -> None:
        names = self._columns.get(name, [])
        self.id_column.clear()
        self.id_column.addItems(names)
        ids = [n for n in names if n.lower() == "id" or n.lower().endswith("_id")]
        if ids:
            self.id_column.setCurrentText(ids[0])

    def subject_ids(self) -> list[str]:
        return [line.strip() for line in self.subjects.toPlainText().splitlines() if line.strip()]

    def submit(self) -> None:
        dataset, column = self.dataset.currentText(), self.id_column.currentText()
        subjects, reference = self.subject_ids(), self.reference.text().strip()
        if not subjects:
            self.message.setText(self.tr("Enter at least one id to erase."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Erase data subjects"),
            self.tr(
                "Remove the rows of %1 subjects (by %2) from %3 and every dataset made "
                "from it? Each version that held them is crypto-shredded and cannot be "
                "read again; models trained on them are flagged for retraining."
            )
            .replace("%1", str(len(subjects)))
            .replace("%2", column)
            .replace("%3", dataset),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self._project
        self.message.clear()
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)

        def done(erasure: Any) -> None:
            self.busy.setVisible(False)
            self.erasure = erasure
            self.accept()

        # not FormDialog.run: an erasure rewrites datasets, so its progress shows in the
        # jobs panel. Not cancellable: stopped after the new version is written and before
        # the old ones are shredded, the request would be left half done.
        self.job = self._runner.run(  # type: ignore[union-attr]
            self.tr("Erasing %1 subjects from %2")
            .replace("%1", str(len(subjects)))
            .replace("%2", dataset),
            lambda progress, _cancel: ws.governance.retention.erase(
                actor,
                dataset,
                column,
                subjects,
                reference=reference,
                project=project,
                progress=progress,
            ),
            on_success=done,
            on_error=self._failed,
            cancellable=False,
        )
