"""Languages: English (the source strings) and Arabic, laid out right-to-left.

Every user-visible string in gui/ goes through Qt's translation system (self.tr or
QCoreApplication.translate). resources/translations/airlock_ar.ts is the translation
source (editable with pyside6-linguist); `make translations` refreshes it from the code
and compiles airlock_ar.qm, which the app loads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyledItemDelegate

from engine.resources import resource_dir

TRANSLATIONS = resource_dir() / "translations"
NAMES = {"en": "English", "ar": "العربية"}
_installed: list[QTranslator] = []
FSI, PDI = "\u2068", "\u2069"  # first strong isolate, pop directional isolate (UAX #9)


def local_time(stamp: str) -> str:
    """An engine timestamp (UTC, ISO 8601 with microseconds) as the user reads it: local
    time to the minute, "2026-12-07 16:29"; anything else as it is."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def plain(text: str) -> str:
    """`text` without the bidi marks the translations add, for matplotlib (which draws
    them as missing glyphs)."""
    return text.translate(
        {0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None, 0x200E: None, 0x200F: None}
    )


class IsolatingDelegate(QStyledItemDelegate):
    """Right to left, each cell's text is a bidi isolate: "2026-12-07 13:04", an interval
    "[0.25, 0.45]" or "credit@1" keep their own left-to-right order in an Arabic table
    (without it the parts of a timestamp or an interval swap places); an Arabic cell stays
    right to left. Sentences get the same through the translations (fill_ts.isolate)."""

    def initStyleOption(self, option: Any, index: Any) -> None:
        super().initStyleOption(option, index)
        if (
            option.direction == Qt.LayoutDirection.RightToLeft
            and option.text
            and not option.text.startswith(FSI)
        ):
            option.text = FSI + option.text + PDI


class _Isolation(QObject):
    """Gives every item view the isolating delegate when it is first polished (views are
    built lazily, so one application-wide filter rather than a call in each view)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QAbstractItemView)
            and type(watched.itemDelegate()) is QStyledItemDelegate
        ):
            watched.setItemDelegate(IsolatingDelegate(watched))
        return False


def _install_isolation(app: QApplication) -> None:
    if app.property("airlock_isolation"):
        return
    isolation = _Isolation(app)
    app.installEventFilter(isolation)
    app.setProperty("airlock_isolation", True)


def install_language(app: QApplication, language: str) -> bool:
    """Install the translators for `language` and set the layout direction. Returns False
    when the translation file is missing (English is then used)."""
    _install_isolation(app)
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
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    return True
