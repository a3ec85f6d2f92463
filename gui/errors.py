"""The one error presenter: AirlockError messages shown plainly, anything else as a bug
report with its details and a button to copy them."""

from __future__ import annotations

import platform
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from engine import __version__
from engine.errors import AirlockError


class ErrorPresenter(QObject):
    """Shows errors without blocking (window-modal, opened with open())."""

    presented = Signal(str, str)  # kind ("error" or "bug"), the text shown

    def __init__(
        self, parent_widget: Callable[[], QWidget | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent_widget
        self.shown: list[tuple[str, str]] = []
        self.dialogs: list[QWidget] = []

    def present(self, error: BaseException, details: str = "") -> None:
        if isinstance(error, AirlockError):
            message, hint = gui_words(error.message), gui_words(error.hint or "")
            text = message + (f"\n\n{hint}" if hint else "")
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Airlock"),
                message,
                QMessageBox.StandardButton.Ok,
                self._parent_widget(),
            )
            if hint:
                box.setInformativeText(hint)
            self._open(box, "error", text)
            return
        from gui.dialogs.bug import BugReportDialog

        report = (
            f"Airlock {__version__}, Python {platform.python_version()}, "
            f"{platform.platform()}\n\n{details or repr(error)}"
        )
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
        label.setText(engine_text(error))
        return True
    return False


def engine_text(error: AirlockError) -> str:
    """An engine error's message and hint as the GUI says them (no command-line syntax)."""
    hint = gui_words(error.hint or "")
    return gui_words(error.message) + (f" {hint}" if hint else "")


# The engine's messages and hints are written for both faces; where they name a command or
# an option, the desktop app names the button or field instead. Commands by (group, verb),
# then by group alone; options by name. Anything left over is said without the syntax.
_COMMANDS = {
    ("audit", "verify"): "Audit log › Verify",
    ("audit", "log"): "the Audit log",
    ("audit", "export"): "Audit log › Export…",
    ("audit", "proof"): "Audit log › Proof…",
    ("data", "list"): "the Data view",
    ("data", "show"): "the Data view",
    ("data", "tag"): "Data › Privacy (Tag sensitive)",
    ("data", "prepare"): "Data › Recipe (Prepare)",
    ("data", "contract"): "Data › Contract (Infer)",
    ("model", "list"): "the Models view",
    ("model", "show"): "the Models view",
    ("model", "register"): "Models › Register a run…",
    ("model", "request"): "Models › Request approval…",
    ("model", "stage"): "Models › Stage…",
    ("model", "gates"): "Models › Gates",
    ("model", "test"): "the Models view's tests",
    ("data", "validate"): "Data › Contract (Validate)",
    ("governance", "card"): "Governance › Model card",
    ("governance", "dpia"): "Governance › DPIA",
    ("governance", "fairness"): "Governance › Fairness",
    ("governance", "evidence"): "the Evidence room",
    ("governance", "mitigate"): "Governance › Fairness (Mitigate)",
    ("monitor", "add"): "Monitoring › New monitor…",
    ("monitor", "alerts"): "Monitoring (alerts)",
    ("monitor", "list"): "the Monitoring view",
    ("pipeline", "add"): "the Pipelines view",
    ("pipeline", "watch"): "Pipelines › Watch",
    ("project", "list"): "the project picker",
    ("user", "list"): "Administration › Users",
    ("runs", "list"): "the Experiments view",
    ("train", ""): "Experiments › New run…",
    ("score", ""): "Models › Score a file…",
    ("drift", ""): "the Monitoring view",
    ("init", ""): "Create a workspace…",
    ("recover", ""): "Sign in › Recover…",
    ("upgrade", ""): "the airlock upgrade tool (ask your administrator)",
    ("model", "approvals"): "Models (Awaiting approval)",
    ("governance", "inventory"): "Governance › Inventory",
    ("governance", "flags"): "Governance › Fairness",
    ("governance", "reports"): "Governance › Fairness",
    ("governance", "retention"): "Governance › Retention",
    ("governance", "compliance"): "Governance › Compliance",
    ("data", "datasheet"): "Data › Personal data (Datasheet)",
    ("settings", ""): "Administration › Workspace",
    ("workspace", "check"): "the workspace check (an administrator's tool)",
}
_GROUPS = {
    "audit": "the Audit log",
    "data": "the Data view",
    "model": "the Models view",
    "governance": "the Governance view",
    "monitor": "the Monitoring view",
    "pipeline": "the Pipelines view",
}
_OPTIONS = {
    "space": "the search space (New run › Search space)",
    "group": "the Group column field",
    "time": "the Time column field",
    "features": "the Features list",
    "cv": "Folds",
    "search": "Search",
    "force": "Run again",
    "dataset": "the Dataset field",
    "id": "the ID column field",
    "reference": "the Reference field",
    "contract": "the Contract tab",
    "time-column": "the Time column field",
    "strict": "strict checking",
    "stage": "the stage",
    "trusted-key": "the trusted key",
    "trusted-checkpoint": "a kept checkpoint",
    "include-invalid": "the Include invalid option",
    "fingerprint": "the key fingerprint",
    "expect-key": "the key fingerprint",
}
_COMMAND = re.compile(r"`airlock\s*([a-z]*)\s*([a-z-]*)[^`]*`")
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)(?: (?:[A-Z][A-Z@.=,0-9_]*|random|sensitive))?")


def gui_words(text: str) -> str:
    """`text` with every `airlock …` command and --option named as the GUI offers it."""

    def command(match: re.Match[str]) -> str:
        group, verb = match.group(1), match.group(2)
        if " upgrade" in match.group(0):
            return _COMMANDS[("upgrade", "")]
        return (
            _COMMANDS.get((group, verb))
            or _COMMANDS.get((group, ""))
            or _GROUPS.get(group)
            or "the matching view"
        )

    def option(match: re.Match[str]) -> str:
        return _OPTIONS.get(match.group(1), match.group(1).replace("-", " "))

    for phrase, words in _PHRASES.items():
        text = text.replace(phrase, words)
    return _OPTION.sub(option, _COMMAND.sub(command, text))


_PHRASES = {"Pass --force to run it again anyway.": "Use Run again to run it anyway."}
