"""The one palette: the colours that carry a meaning (ok, warning, alert, error, muted,
accent) in a light and a dark variant, chosen by the window's current background.

Views, detail panes and charts ask `colour("alert")` instead of writing a hex value, so that
a dark theme never shows dark red on near-black or a white card in a dark window."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

_LIGHT = {
    "ok": "#1e8449",
    "warning": "#b9770e",
    "alert": "#c0392b",
    "error": "#c0392b",
    "muted": "#6c757d",
    "accent": "#2e86c1",
    "info": "#2e86c1",
    "error_bg": "#fdecea",
    "warning_bg": "#fef5e7",
    "ok_bg": "#eafaf1",
    "info_bg": "#eaf2f8",
}
_DARK = {
    "ok": "#58d68d",
    "warning": "#f5b041",
    "alert": "#ff6b6b",
    "error": "#ff6b6b",
    "muted": "#a0a6ab",
    "accent": "#79a8ff",
    "info": "#79a8ff",
    "error_bg": "#4a2224",
    "warning_bg": "#4a3a1c",
    "ok_bg": "#1d3b2a",
    "info_bg": "#1c2f45",
}
# Series colours for charts (colour-blind safe, Okabe–Ito), the same in both themes.
SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(name: str, palette: QPalette | None = None) -> str:
    """The hex colour for a meaning in the current theme (KeyError on an unknown name)."""
    return (_DARK if is_dark(palette) else _LIGHT)[name]


# Stage badges: white text on these backgrounds reads in both themes.
STAGES = {"dev": "#7f8c8d", "staging": "#d68910", "production": "#1e8449", "archived": "#566573"}

LEVEL_COLOURS = {"ok": "ok", "warning": "warning", "alert": "alert", "none": "muted"}


def level_colour(level: str | None, palette: QPalette | None = None) -> str:
    """A drift/health level's colour: ok green, warning amber, alert red, else muted."""
    return colour(LEVEL_COLOURS.get(level or "none", "muted"), palette)


def as_paper(widget: QWidget) -> None:
    """Show a printable document (a model card, a report exported as HTML) as it prints:
    dark text on a white page in either theme. Those documents carry their own light
    stylesheet; on a dark window's base they would be dark grey on near-black."""
    palette = widget.palette()
    for group in (
        QPalette.ColorGroup.Active,
        QPalette.ColorGroup.Inactive,
        QPalette.ColorGroup.Disabled,
    ):
        palette.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.Text, QColor("#222222"))
        palette.setColor(group, QPalette.ColorRole.Link, QColor(_LIGHT["accent"]))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
