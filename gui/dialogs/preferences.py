"""The user's preferences: theme, auto-lock minutes, language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import NAMES
from gui.preferences import LANGUAGES, Preferences


class PreferencesDialog(QDialog):
    def __init__(
        self, prefs: Preferences, autolock_max: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.theme = QComboBox()
        for key, label in (
            ("system", self.tr("Same as the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(self.theme.findData(prefs.theme))
        self.autolock = QSpinBox()
        self.autolock.setRange(1, autolock_max)
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setValue(min(prefs.autolock_minutes, autolock_max))
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(prefs.language))
        form = QFormLayout()
        form.addRow(self.tr("&Theme:"), self.theme)
        form.addRow(self.tr("&Lock after idle:"), self.autolock)
        form.addRow(self.tr("&Language:"), self.language)
        note = QLabel(
            self.tr("The workspace allows at most %1 minutes before locking.").replace(
                "%1", str(autolock_max)
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, int, str]:
        return (
            str(self.theme.currentData()),
            self.autolock.value(),
            str(self.language.currentData()),
        )
