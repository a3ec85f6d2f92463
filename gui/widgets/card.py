"""Dashboard pieces: a card (a title and a few lines of facts) and a tile (one fact that is a
link: click it, or Tab to it and press Enter or Space, and it takes you where the fact
lives)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from gui.palette import colour


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)

    def set_lines(self, lines: list[str]) -> None:
        # in a right-to-left layout every card reads right to left, even one whose first
        # line is Latin ("Airlock demo", a folder): a right-to-left mark first
        mark = "\u200f" if self.isRightToLeft() else ""
        self.body.setText(mark + "<br>".join(lines))


class Tile(QFrame):
    """A fact as a link: a caption, the fact in large type, and where it leads
    ("Open in Models ›"). `activated` on a click, Enter, Return or Space; a tile without a
    destination (`set_link(False)`) is plain text and not in the Tab order."""

    activated = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(220)
        self.caption = QLabel(caption)
        self.value = QLabel()
        self.value.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.link = QLabel()
        for label in (self.caption, self.value, self.detail, self.link):
            # the tile takes the clicks, not its labels
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.link)
        self.level = "info"
        self.linked = False
        self.set_link(True)

    def set_fact(self, value: str, detail: str = "", level: str = "info") -> None:
        """The fact (large), a line under it, and the meaning that colours it (ok, warning,
        alert, muted or info)."""
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.level = level
        self._style()
        self.setAccessibleDescription(f"{value}. {detail}".strip())

    def set_link(self, linked: bool, text: str = "") -> None:
        self.linked = linked
        self.link.setText(text)
        self.link.setVisible(linked and bool(text))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if linked else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor)
        self.setToolTip(text if linked else "")
        self._style()

    def _style(self) -> None:
        accent, muted = colour("accent"), colour("muted")
        fact = (
            colour(self.level)
            if self.level in ("ok", "warning", "alert", "muted")
            else self.palette().windowText().color().name()
        )
        self.caption.setStyleSheet(f"color: {muted}; font-size: 10pt;")
        self.value.setStyleSheet(f"color: {fact}; font-size: 17pt; font-weight: 600;")
        self.detail.setStyleSheet(f"color: {muted};")
        self.link.setStyleSheet(f"color: {accent}; text-decoration: underline;")
        hover = (
            f"QFrame#tile:hover, QFrame#tile:focus {{ border: 2px solid {accent}; }}"
            if self.linked
            else ""
        )
        self.setStyleSheet(
            f"QFrame#tile {{ border: 1px solid {muted}; border-radius: 6px; }}" + hover
        )

    # -- activation ------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if (
            self.linked
            and event.button() == Qt.MouseButton.LeftButton
            and self.rect().contains(event.position().toPoint())
        ):
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.linked and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)
