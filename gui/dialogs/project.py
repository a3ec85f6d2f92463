"""Create or edit a project: its business objective, the decision the model supports, the
success criteria later gates read, owner, risk tier, intended and out-of-scope uses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from engine.projects import RISK_TIERS, Project, ProjectFields
from gui.context import AppContext
from gui.dialogs.form import FormDialog


def _text_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)  # keyboard users move on with Tab
    box.setFixedHeight(64)
    return box


def risk_label(tier: str) -> str:
    return {
        "low": QCoreApplication.translate("ProjectDialog", "low"),
        "medium": QCoreApplication.translate("ProjectDialog", "medium"),
        "high": QCoreApplication.translate("ProjectDialog", "high"),
        "critical": QCoreApplication.translate("ProjectDialog", "critical"),
    }.get(tier, tier)


class ProjectDialog(FormDialog):
    """`project=None` creates a project; otherwise edits it. The save runs as a job and an
    engine error (a bad criterion, a taken name) appears in the form, nothing lost."""

    def __init__(
        self,
        ctx: AppContext,
        project: Project | None,
        users: list[Any],
        parent: QWidget | None = None,
    ) -> None:
        title = (
            QCoreApplication.translate("ProjectDialog", "New project")
            if project is None
            else QCoreApplication.translate("ProjectDialog", "Edit project %1").replace(
                "%1", project.name
            )
        )
        super().__init__(
            ctx.runner, title, QCoreApplication.translate("ProjectDialog", "Save"), parent
        )
        self._ctx = ctx
        self.project = project
        self.saved: Project | None = None
        self.name = QLineEdit(project.name if project else "")
        self.name.setReadOnly(project is not None)
        self.objective = _text_box(project.objective if project else "")
        self.decision = _text_box(project.decision if project else "")
        self.criteria = QLineEdit(
            "; ".join(f"{c.metric}{c.operator}{c.value:g}" for c in project.success_criteria)
            if project
            else ""
        )
        self.criteria.setPlaceholderText("recall>=0.70; precision>=0.50")
        self.owner = QComboBox()
        for user in users:
            self.owner.addItem(user.name, user.name)
        owner_id = project.owner if project else ctx.actor.user_id
        index = next((i for i, u in enumerate(users) if u.id == owner_id), -1)
        self.owner.setCurrentIndex(max(index, 0))
        self.risk = QComboBox()
        for tier in RISK_TIERS:
            self.risk.addItem(risk_label(tier), tier)
        self.risk.setCurrentIndex(RISK_TIERS.index(project.risk_tier if project else "medium"))
        self.intended = _text_box(project.intended_uses if project else "")
        self.out_of_scope = _text_box(project.out_of_scope_uses if project else "")
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&Business objective:"), self.objective)
        self.form.addRow(self.tr("&Decision supported:"), self.decision)
        self.form.addRow(self.tr("&Success criteria:"), self.criteria)
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.form.addRow(self.tr("&Risk tier:"), self.risk)
        self.form.addRow(self.tr("&Intended uses:"), self.intended)
        self.form.addRow(self.tr("Ou&t of scope:"), self.out_of_scope)
        self.finish()
        self.resize(560, self.sizeHint().height())

    def fields(self) -> ProjectFields:
        criteria = [
            c.strip() for c in self.criteria.text().replace(",", ";").split(";") if c.strip()
        ]
        return ProjectFields(
            objective=self.objective.toPlainText(),
            decision=self.decision.toPlainText(),
            success_criteria=criteria,
            owner=self.owner.currentData(),
            risk_tier=self.risk.currentData(),
            intended_uses=self.intended.toPlainText(),
            out_of_scope_uses=self.out_of_scope.toPlainText(),
        )

    def submit(self) -> None:
        ws, actor, fields = self._ctx.workspace, self._ctx.actor, self.fields()
        if self.project is None:
            name = self.name.text()
            self.run(
                self.tr("Creating project"),
                lambda: ws.projects.create(actor, name, fields),
                self._done,
            )
        else:
            name = self.project.name
            self.run(
                self.tr("Saving project"), lambda: ws.projects.edit(actor, name, fields), self._done
            )

    def _done(self, project: Project) -> None:
        self.saved = project
        self.accept()
