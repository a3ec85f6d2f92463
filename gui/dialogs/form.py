"""A form dialog whose OK button runs one background job: inputs in a QFormLayout, the
engine's error message under them, a busy bar while the job runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.jobs import JobRunner
from gui.palette import colour


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class FormDialog(QDialog):
    def __init__(self, runner: JobRunner | None, title: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish(self, *above: QWidget, below: tuple[QWidget, ...] = ()) -> None:
        """Lay out: widgets above the form, the form, widgets below, message, busy, buttons."""
        layout = self.column = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addLayout(self.form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.accept()

    def passwords_match(self, first: QLineEdit, second: QLineEdit) -> bool:
        if first.text() != second.text():
            self.message.setText(self.tr("The two passwords do not match."))
            return False
        return True

    def run(self, title: str, work: Callable[[], Any],
            on_success: Callable[[Any], None]) -> None:
        """Run `work` in the background; errors the user can act on appear in the form."""
        assert self._runner is not None
        self.message.clear()
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.busy.setVisible(False)
            on_success(result)

        self._runner.run(title, lambda _p, _c: work(), on_success=done, on_error=self._failed,
                         cancellable=False)

    def _failed(self, error: BaseException) -> bool:
        self.busy.setVisible(False)
        self.buttons.setEnabled(True)
        if isinstance(error, AirlockError):
            self.message.setText(error.message + (f" {error.hint}" if error.hint else ""))
            return True
        return False  # a bug: the presenter shows it
