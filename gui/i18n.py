"""Languages: English (the source strings) and Arabic, laid out right-to-left.

Every user-visible string in gui/ goes through Qt's translation system (self.tr or
QCoreApplication.translate). resources/translations/airlock_ar.ts is the translation
source (editable with pyside6-linguist); `make translations` refreshes it from the code
and compiles airlock_ar.qm, which the app loads.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from engine.resources import resource_dir

TRANSLATIONS = resource_dir() / "translations"
NAMES = {"en": "English", "ar": "العربية"}
_installed: list[QTranslator] = []


def install_language(app: QApplication, language: str) -> bool:
    """Install the translators for `language` and set the layout direction. Returns False
    when the translation file is missing (English is then used)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if language == "en":
        return True
    if QLocale(language).textDirection() == Qt.LayoutDirection.RightToLeft:
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    ours = QTranslator(app)
    if not ours.load(str(TRANSLATIONS / f"airlock_{language}.qm")):
        return False
    qt = QTranslator(app)  # Qt's own strings (standard buttons, dialogs)
    if qt.load(QLocale(language), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    return True
