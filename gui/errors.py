"""The one error presenter: AirlockError messages shown plainly, anything else as a bug
report with its details and a button to copy them."""

from __future__ import annotations

import platform
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from engine import __version__
from engine.errors import AirlockError


class ErrorPresenter(QObject):
    """Shows errors without blocking (window-modal, opened with open())."""

    presented = Signal(str, str)  # kind ("error" or "bug"), the text shown

    def __init__(self, parent_widget: Callable[[], QWidget | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent_widget
        self.shown: list[tuple[str, str]] = []
        self.dialogs: list[QWidget] = []

    def present(self, error: BaseException, details: str = "") -> None:
        if isinstance(error, AirlockError):
            text = error.message + (f"\n\n{error.hint}" if error.hint else "")
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Airlock"), error.message,
                              QMessageBox.StandardButton.Ok, self._parent_widget())
            if error.hint:
                box.setInformativeText(error.hint)
            self._open(box, "error", text)
            return
        from gui.dialogs.bug import BugReportDialog

        report = (f"Airlock {__version__}, Python {platform.python_version()}, "
                  f"{platform.platform()}\n\n{details or repr(error)}")
        self._open(BugReportDialog(report, self._parent_widget()), "bug", report)

    def _open(self, dialog: QWidget, kind: str, text: str) -> None:
        self.shown.append((kind, text))
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.open()  # type: ignore[attr-defined]
        self.presented.emit(kind, text)

    def close_all(self) -> None:
        for dialog in self.dialogs:
            dialog.close()
        self.dialogs = []


def show_engine_error(label: Any, error: BaseException) -> bool:
    """For a job's on_error: an engine error's message (and hint) in `label`, handled; any
    other error is left to the presenter (a bug)."""
    if isinstance(error, AirlockError):
        label.setText(error.message + (f" {error.hint}" if error.hint else ""))
        return True
    return False
