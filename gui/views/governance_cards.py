"""The Governance view's Cards tab: a model version's card as the engine generates it from
the evidence (shown as the engine's HTML), the narrative fields to write, **Save card**
(a new numbered card version) and **Export…** (Markdown, HTML or PDF; English or Arabic)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.errors import show_engine_error
from gui.jobs import Job
from gui.palette import as_paper, colour
from gui.widgets.projects import refill


class CardsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.project: str | None = None
        self.card: dict[str, Any] | None = None
        self.version = QComboBox()
        self.version.setMinimumContentsLength(20)
        self.version.currentIndexChanged.connect(lambda _i: self.load())
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("العربية", "ar")
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            self.language.setCurrentIndex(1)  # the card in the language of the interface
        self.language.currentIndexChanged.connect(lambda _i: self._render())
        self.save_button = QPushButton(self.tr("&Save card"))
        self.save_button.clicked.connect(lambda: self.save())
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model version:")))
        top.addWidget(self.version, 1)
        top.addWidget(self.language)
        top.addWidget(self.save_button)
        top.addWidget(self.export_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = QTextBrowser()
        as_paper(self.view)  # the card as it prints, in either theme
        self.fields: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        labels = {
            "limitations": self.tr("Limitations:"),
            "ethical_considerations": self.tr("Ethical considerations:"),
            "caveats": self.tr("Caveats:"),
            "recommendations": self.tr("Recommendations:"),
            "monitoring_plan": self.tr("Monitoring plan:"),
        }
        for name, label in labels.items():
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70)
            self.fields[name] = edit
            form.addRow(label, edit)
        editor = QWidget()
        editor.setLayout(form)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(editor)
        split.setSizes([560, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        can_write = rbac.allowed(ctx.actor.role, "governance.card")
        self.save_button.setVisible(can_write)
        for edit in self.fields.values():
            edit.setReadOnly(not can_write)

    def fill(self, project: str | None, versions: list[str]) -> None:
        self.project = project
        refill(self.version, versions)
        self.load()

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.status, error)

    def load(self) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        return self._ctx.runner.run(
            self.tr("Reading the model card of %1").replace("%1", ref),
            lambda _p, _c: ws.governance.cards.card(actor, ref, project=project),
            on_success=self._show,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _show(self, card: dict[str, Any]) -> None:
        if card["ref"] != self.version.currentText():
            return
        self.card = card
        for name, edit in self.fields.items():
            edit.setPlainText(card["narrative"].get(name, ""))
        self._render()

    def _render(self) -> None:
        from engine.governance.cards import html

        if self.card is None:
            return
        card = self.card
        self.view.setHtml(html(card, self.language.currentData()))
        saved = (
            self.tr("card %1 saved").replace("%1", str(card["number"]))
            if card["number"]
            else self.tr("not saved yet")
        )
        self.status.setText(
            (
                self.tr("%1: %2. Missing for a complete card: %3.")
                .replace("%1", card["ref"])
                .replace("%2", saved)
                .replace("%3", "; ".join(card["missing"]))
            )
            if card["missing"]
            else self.tr("%1: %2. The card is complete.")
            .replace("%1", card["ref"])
            .replace("%2", saved)
        )
        self.status.setStyleSheet(f"color: {colour('alert')};" if card["missing"] else "")

    def save(self) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        narrative = {name: edit.toPlainText() for name, edit in self.fields.items()}
        self.save_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Saving the model card of %1").replace("%1", ref),
            lambda _p, _c: ws.governance.cards.save(actor, ref, narrative, project=project),
            on_success=self._show,
            on_error=self._error,
            cancellable=False,
        )
        job.finished.connect(lambda *_: self.save_button.setEnabled(True))
        return job

    def export(self, path: str | None = None) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the model card"),
                f"{ref.replace('@', '-')}.html",
                self.tr("Model card (*.html *.md *.pdf)"),
            )
            if not path:
                return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        language = self.language.currentData()
        return self._ctx.runner.run(
            self.tr("Exporting the model card of %1").replace("%1", ref),
            lambda _p, _c: ws.governance.cards.export(
                actor, ref, path, language=language, project=project
            ),
            on_success=lambda out: self.status.setText(
                self.tr("Wrote %1.").replace("%1", str(out))
            ),
            on_error=self._error,
            cancellable=False,
        )
