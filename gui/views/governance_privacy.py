"""The Governance view's privacy tabs. DPIA: the project's data protection impact assessment
as a form built from the engine's questionnaire, saved in numbered versions. Retention: each
dataset's retention period and its versions' expiry, the purge job that crypto-shreds what
is past it, data-subject erasure, and the models flagged for retraining since."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.errors import show_engine_error
from gui.jobs import Job
from gui.palette import colour


def _when(text: str) -> str:
    return text[:16].replace("T", " ") if text else "—"


class DpiaPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from engine.governance.dpia import questionnaire

        self._ctx = ctx
        self.project: str | None = None
        self.versions: list[Any] = []
        self.questions: list[dict[str, Any]] = questionnaire()["questions"]
        titles = {
            "processing": self.tr("Processing"),
            "purposes": self.tr("Purposes and legal basis"),
            "necessity": self.tr("Necessity and proportionality"),
            "data_subjects": self.tr("Data subjects"),
            "special_categories": self.tr("Special categories of data"),
            "automated_decisions": self.tr("Automated decisions"),
            "risks": self.tr("Risks to data subjects"),
            "measures": self.tr("Measures against the risks"),
            "retention": self.tr("Retention and destruction"),
            "transfers": self.tr("Transfers"),
            "residual_risk": self.tr("Residual risk"),
            "dpo_advice": self.tr("Data protection officer's advice"),
            "subjects_views": self.tr("Views of data subjects"),
            "signed_off_by": self.tr("Signed off by"),
        }
        self.titles = {q["id"]: titles.get(q["id"], q["id"]) for q in self.questions}
        choices = {"low": self.tr("low"), "medium": self.tr("medium"), "high": self.tr("high")}
        self.fields: dict[str, QPlainTextEdit | QComboBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for question in self.questions:
            field: QPlainTextEdit | QComboBox
            if question.get("choices"):
                field = QComboBox()
                field.addItem(self.tr("(not answered)"), "")
                for choice in question["choices"]:
                    field.addItem(choices.get(choice, choice), choice)
            else:
                field = QPlainTextEdit()
                field.setTabChangesFocus(True)
                field.setPlaceholderText(question["text"])
                field.setFixedHeight(54)
            field.setToolTip(f"{question['text']}\n({question['source']})")
            label = QLabel(
                self.titles[question["id"]] + (" *" if question["required"] else "") + ":"
            )
            label.setToolTip(field.toolTip())
            label.setBuddy(field)
            self.fields[question["id"]] = field
            form.addRow(label, field)
        page = QWidget()
        page.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.save_button = QPushButton(self.tr("&Save as a new version"))
        self.save_button.clicked.connect(lambda: self.save())
        note = QLabel(
            self.tr(
                "* required for a complete DPIA. Hover over a question for its "
                "full text and legal source."
            )
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(note, 1)
        top.addWidget(self.save_button)
        self.status = QLabel(self.tr("Reading the DPIA…"))
        self.status.setWordWrap(True)
        self.history = QListWidget()
        self.history.currentRowChanged.connect(self._version_chosen)
        history_box = QGroupBox(self.tr("Ve&rsions"))
        box = QVBoxLayout(history_box)
        box.addWidget(self.history)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(history_box)
        split.setSizes([740, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        can_write = rbac.allowed(ctx.actor.role, "governance.dpia")
        self.save_button.setEnabled(can_write)
        if not can_write:
            self.save_button.setToolTip(self.tr("Your role may read the DPIA, not change it."))
        for edit in self.fields.values():
            if isinstance(edit, QPlainTextEdit):
                edit.setReadOnly(not can_write)
            else:
                edit.setEnabled(can_write)

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.status, error)

    def load(self, project: str | None) -> Job:
        self.project = project
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Reading the DPIA"),
            lambda _p, _c: ws.governance.dpia.history(actor, project),
            on_success=self._show,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _show(self, versions: list[Any]) -> None:
        self.versions = versions
        self.history.blockSignals(True)
        self.history.clear()
        for dpia in versions:
            state = (
                self.tr("complete")
                if dpia.complete
                else self.tr("%1 missing").replace("%1", str(len(dpia.missing)))
            )
            item = QListWidgetItem(
                self.tr("Version %1: %2").replace("%1", str(dpia.number)).replace("%2", state)
                + f"\n{_when(dpia.created)} · {dpia.created_by}"
            )
            if not dpia.complete:
                item.setForeground(QColor(colour("alert")))
            self.history.addItem(item)
        self.history.blockSignals(False)
        if versions:
            self.history.setCurrentRow(0)
        else:
            self._fill({})
            self.status.setText(
                self.tr(
                    "Project %1 has no DPIA yet. Answer the questions and save the first version."
                ).replace("%1", self.project or "")
            )
            self.status.setStyleSheet(f"color: {colour('alert')};")

    def _version_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        dpia = self.versions[row]
        self._fill(dpia.answers)
        shown = (
            self.tr("Version %1 of %2, saved by %3 on %4")
            .replace("%1", str(dpia.number))
            .replace("%2", str(self.versions[0].number))
            .replace("%3", dpia.created_by)
            .replace("%4", _when(dpia.created))
        )
        if dpia.complete:
            state = self.tr("complete")
        else:
            state = self.tr("incomplete, missing: %1").replace(
                "%1", ", ".join(self.titles.get(m, m) for m in dpia.missing)
            )
        self.status.setText(
            self.tr("%1: %2. SHA-256 %3…")
            .replace("%1", shown)
            .replace("%2", state)
            .replace("%3", dpia.sha256[:16])
        )
        self.status.setStyleSheet("" if dpia.complete else f"color: {colour('alert')};")

    def _fill(self, answers: dict[str, str]) -> None:
        for key, field in self.fields.items():
            if isinstance(field, QComboBox):
                field.setCurrentIndex(max(field.findData(answers.get(key, "")), 0))
            else:
                field.setPlainText(answers.get(key, ""))

    def answers(self) -> dict[str, str]:
        return {
            key: field.currentData() if isinstance(field, QComboBox) else field.toPlainText()
            for key, field in self.fields.items()
        }

    def save(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        answers = self.answers()
        self.save_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Saving the DPIA"),
            lambda _p, _c: ws.governance.dpia.save(actor, answers, project=project),
            on_success=lambda _dpia: self.load(project),
            on_error=self._error,
            cancellable=False,
        )
        job.finished.connect(lambda: self.save_button.setEnabled(True))
        return job
