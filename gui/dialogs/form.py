"""A form dialog whose OK button runs one background job: inputs in a QFormLayout, a busy
bar while the job runs, and the engine's refusal next to the field it concerns (else under
the form) with the dialog left open. A form given a name remembers what it last held on
this computer (Preferences.form) and shows it again the next time it opens."""

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
from gui.errors import engine_text
from gui.jobs import JobRunner
from gui.palette import colour


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class FormDialog(QDialog):
    # (field key, words of an engine message that name it): the message goes next to the
    # first field whose words it contains. Subclasses name their fields.
    FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(
        self, runner: JobRunner | None, title: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.errors: dict[str, QLabel] = {}
        self._prefs: Any = None
        self._form_name = ""

    def add_field(
        self, key: str, label: str, widget: QWidget, hint: str = "", buddy: QWidget | None = None
    ) -> QWidget:
        """A form row: the input, an optional grey hint, and its error line (hidden until
        the engine refuses something of this field)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {colour('muted')};")
            column.addWidget(note)
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {colour('error')};")
        error.setVisible(False)
        column.addWidget(error)
        self.errors[key] = error
        self.form.addRow(label, box)
        shown = self.form.labelForField(box)
        if isinstance(shown, QLabel):
            shown.setBuddy(buddy or widget)
        return box

    def clear_errors(self) -> None:
        self.message.clear()
        for error in self.errors.values():
            error.clear()
            error.setVisible(False)

    def field_for(self, text: str) -> str | None:
        """The key of the field an engine message concerns, None when it names none."""
        return next(
            (
                k
                for k, words in self.FIELD_WORDS
                if k in self.errors and any(w in text for w in words)
            ),
            None,
        )

    def show_error(self, text: str) -> str | None:
        """The message next to the field it concerns (else under the form); returns that
        field's key."""
        key = self.field_for(text)
        if key is None:
            self.message.setText(text)
            return None
        self.errors[key].setText(text)
        self.errors[key].setVisible(True)
        self._fit_height()
        return key

    def _fit_height(self) -> None:
        """Grow to show an error line that appeared under a field (a dialog keeps the size
        it opened at: the wrapped message was squeezed over the field above it)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    def check_while_typing(self, check: Callable[[], object], *signals: Any) -> None:
        """Run the engine's own `check` (which raises AirlockError) after each edit that one
        of `signals` reports: its message next to the field, OK disabled while it fails.
        Nothing is said before the first edit."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for signal in signals:
            signal.connect(lambda *_args: ok.setEnabled(self.passes(check)))

    def passes(self, check: Callable[[], object]) -> bool:
        """Whether the engine's `check` accepts the form; if not, its message is shown next
        to the field it concerns."""
        self.clear_errors()
        try:
            check()
        except AirlockError as exc:
            self.show_error(engine_text(exc))
            return False
        return True

    # Remembering: a subclass that calls remember() implements form_values/restore_form.
    def remember(self, prefs: Any, name: str) -> None:
        """Show what this form held when last used successfully; save it on success."""
        self._prefs, self._form_name = prefs, name
        if prefs is not None:
            self.restore_form(prefs.form(name))

    def form_values(self) -> dict[str, object]:
        return {}

    def restore_form(self, values: dict[str, object]) -> None:
        pass

    def save_form(self) -> None:
        if self._prefs is not None and self._form_name:
            self._prefs.set_form(self._form_name, self.form_values())

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

    def run(self, title: str, work: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        """Run `work` in the background; errors the user can act on appear in the form."""
        assert self._runner is not None
        self.clear_errors()
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.busy.setVisible(False)
            self.save_form()
            on_success(result)

        self._runner.run(
            title, lambda _p, _c: work(), on_success=done, on_error=self._failed, cancellable=False
        )

    def _failed(self, error: BaseException) -> bool:
        self.busy.setVisible(False)
        self.buttons.setEnabled(True)
        if isinstance(error, AirlockError):
            self.show_error(engine_text(error))
            return True
        return False  # a bug: the presenter shows it
