"""Dialogs of the Models view: register a run, request production, decide (approve or
reject with the evidence shown and the password re-entered), roll back, score a file,
compare with production. Each submits one engine call through FormDialog.run."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)

from gui.context import AppContext
from gui.details import gates_list, metrics_table
from gui.dialogs.form import FormDialog, password_field
from gui.i18n import local_time
from gui.palette import colour


def evidence_html(evidence: dict[str, Any], evidence_hash: str) -> str:
    """The evidence pack as a validator reads it."""
    e = html.escape
    lineage = evidence.get("lineage", {})
    rows = [
        f"<b>{e(evidence['model'])}@{evidence['version']}</b> ({e(evidence.get('task', ''))})",
        QCoreApplication.translate("Registry", "Trained by %1 on %2 (run %3)")
        .replace("%1", f"<b>{e(str(lineage.get('trained_by_name', '?')))}</b>")
        .replace("%2", e(str(lineage.get("dataset_ref", "?"))))
        .replace("%3", e(str(lineage.get("run_ref", "?")))),
        QCoreApplication.translate("Registry", "Model SHA-256")
        + f" <code>{evidence['model_sha256']}</code>",
        QCoreApplication.translate("Registry", "Evidence SHA-256")
        + f" <code>{e(evidence_hash)}</code>",
    ]
    gates = gates_list(evidence["gates"]) if evidence.get("gates") else ""
    champion = evidence.get("champion")
    if champion:
        now = QCoreApplication.translate("Registry", "version %1").replace(
            "%1", str(champion["version"])
        )
    else:
        now = QCoreApplication.translate("Registry", "none")
    rows.append(QCoreApplication.translate("Registry", "In production now: %1").replace("%1", now))
    if gates:
        gate_part = "<h4>" + QCoreApplication.translate("Registry", "Gates") + f"</h4>{gates}"
    else:
        gate_part = "<p>" + QCoreApplication.translate("Registry", "No gates apply.") + "</p>"
    policy = evidence.get("policy") or {}
    if policy.get("source") in ("none", "opted-out"):  # a validator must not miss it
        gate_part += (
            f"<p style='color:{colour('alert')}'><b>"
            + QCoreApplication.translate("Registry", "Warning: %1.").replace(
                "%1", e(str(policy.get("why", "")))
            )
            + "</b></p>"
        )
    elif policy:
        gate_part += (
            "<p>"
            + QCoreApplication.translate("Registry", "Gates from: %1").replace(
                "%1", e(str(policy.get("why", "")))
            )
            + "</p>"
        )
    return (
        "<br>".join(rows)
        + "<h4>"
        + QCoreApplication.translate("Registry", "Metrics")
        + "</h4>"
        + metrics_table(evidence.get("metrics", {}))
        + gate_part
        + _sensitive_html(evidence)
    )


def _sensitive_html(evidence: dict[str, Any]) -> str:
    """Sensitive features in use and the fairness result, for the validator."""
    e, translate = html.escape, QCoreApplication.translate
    sensitive = evidence.get("sensitive")
    if sensitive is None:  # evidence recorded before governance by default
        return ""
    lines = []
    if sensitive.get("features_tagged"):
        lines.append(
            QCoreApplication.translate("Registry", "Features tagged sensitive: %1").replace(
                "%1", e(", ".join(sensitive["features_tagged"]))
            )
        )
    if sensitive.get("features_unreviewed"):
        lines.append(
            f"<b style='color:{colour('alert')}'>"
            + QCoreApplication.translate(
                "Registry", "Features that look sensitive and were never reviewed: %1"
            ).replace("%1", e(", ".join(sensitive["features_unreviewed"])))
            + "</b>"
        )
    if not lines:
        lines.append(
            QCoreApplication.translate(
                "Registry", "No feature is or looks like a sensitive attribute."
            )
        )
    for item in evidence.get("fairness", []):
        if item.get("ratio") is None:
            text = QCoreApplication.translate(
                "Registry", "%1: no fairness result (assess the version)"
            ).replace("%1", e(item["attribute"]))
            lines.append(f"<span style='color:{colour('alert')}'>{text}</span>")
            continue
        interval = (
            "" if item.get("low") is None else f" ({item['low']:.2f}–{item['high']:.2f})"
        )  # one value: one isolate in Arabic
        ok = bool(item.get("four_fifths"))
        verdict = (
            QCoreApplication.translate("Registry", "meets the four-fifths rule")
            if ok
            else QCoreApplication.translate("Registry", "below the four-fifths rule")
        )
        text = translate("Registry", "%1: selection-rate ratio %2, %3")
        lines.append(
            f"<span style='color:{colour('ok' if ok else 'alert')}'>"
            + text.replace("%1", e(item["attribute"]))
            .replace("%2", f"{item['ratio']:.2f}{interval}")
            .replace("%3", verdict)
            + "</span>"
        )
    return (
        "<h4>"
        + QCoreApplication.translate("Registry", "Sensitive attributes and fairness")
        + "</h4>"
        + "<br>".join(lines)
    )


class RegisterDialog(FormDialog):
    FIELD_WORDS = (("name", ("model name",)), ("run", ("Run ", "run ")))

    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        runs: list[Any],
        models: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.runner, self.tr("Register a model version"), self.tr("&Register"), parent
        )
        self._ctx, self._project = ctx, project
        self.run_box = QComboBox()
        for run in runs:
            if run.status == "finished" and run.model_object_id and run.dataset:
                value = run.headline().get(run.primary)
                shown = f" — {run.primary} {value:.4f}" if value is not None else ""
                self.run_box.addItem(f"{run.ref}  {run.model} on {run.dataset}{shown}", run.id)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(models)
        self.description = QLineEdit()
        self.add_field("run", self.tr("&Run:"), self.run_box)
        self.add_field("name", self.tr("&Model name:"), self.name)
        self.add_field("description", self.tr("&Description:"), self.description)
        self.remember(ctx.prefs, "models.register")
        from engine.registry.entities import check_model_name

        self.check_while_typing(
            lambda: check_model_name(self.name.currentText()), self.name.editTextChanged
        )
        self.finish()
        self.result_version: Any = None

    def form_values(self) -> dict[str, object]:
        # the model the next run most likely joins (the run itself is always the newest)
        return {"name": self.name.currentText().strip()}

    def restore_form(self, values: dict[str, object]) -> None:
        if values.get("name"):
            self.name.setEditText(str(values["name"]))

    def submit(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        run_id, name = self.run_box.currentData(), self.name.currentText().strip()
        description, project = self.description.text(), self._project

        def done(version: Any) -> None:
            self.result_version = version
            self.accept()

        self.run(
            self.tr("Registering"),
            lambda: ws.registry.versions.register(
                actor, run_id or "", name, description=description, project=project
            ),
            done,
        )


class RequestDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        ref: str,
        evidence: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.runner,
            self.tr("Request production for %1").replace("%1", ref),
            self.tr("&Request"),
            parent,
        )
        self._ctx, self._project, self._ref = ctx, project, ref
        view = QTextBrowser()
        view.setHtml(evidence_html(evidence, self.tr("(fixed when you request)")))
        view.setMinimumSize(520, 300)
        self.resize(820, 660)
        self.note = QLineEdit()
        self.add_field("note", self.tr("&Note for the validator:"), self.note)
        self.remember(ctx.prefs, "models.request")
        self.finish(view)
        self.column.setStretch(0, 1)

    def form_values(self) -> dict[str, object]:
        return {"ref": self._ref, "note": self.note.text()}

    def restore_form(self, values: dict[str, object]) -> None:
        # a note written for this version (a request refused, then asked again) comes back
        if values.get("ref") == self._ref:
            self.note.setText(str(values.get("note", "")))

    def _failed(self, error: BaseException) -> bool:
        handled = super()._failed(error)
        if handled:  # refused: keep the note for the next attempt, even after Cancel
            self.save_form()
        return handled

    def submit(self) -> None:
        ws, actor, ref, note = self._ctx.workspace, self._ctx.actor, self._ref, self.note.text()
        project = self._project
        self.run(
            self.tr("Requesting production"),
            lambda: ws.registry.approvals.request(actor, ref, note=note, project=project),
            lambda _a: self.accept(),
        )


class DecideDialog(FormDialog):
    """Approve or reject a pending request: the evidence, a reason, the password again."""

    def __init__(
        self, ctx: AppContext, project: str | None, approval: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx.runner,
            self.tr("Decide on %1").replace("%1", approval.version),
            self.tr("&Approve"),
            parent,
        )
        self._ctx, self._project, self._approval = ctx, project, approval
        view = QTextBrowser()
        note = (
            "<p>"
            + self.tr("Requested by %1 on %2")
            .replace("%1", f"<b>{html.escape(approval.requested_by)}</b>")
            .replace("%2", html.escape(local_time(approval.requested)))
            + (f": \u2068{html.escape(approval.note)}\u2069" if approval.note else "")
            + "</p>"
        )
        view.setHtml(note + evidence_html(approval.evidence, approval.evidence_hash))
        view.setMinimumSize(560, 320)
        self.resize(860, 700)  # the evidence is what the validator reads: room for it
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.password = password_field()
        self.form.addRow(self.tr("R&eason (signed with the decision):"), self.reason)
        self.form.addRow(self.tr("Your &password:"), self.password)
        self.reject_button = self.buttons.addButton(
            self.tr("Re&ject"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.reason.textChanged.connect(self.message.clear)  # the warning goes once typed
        self.finish(view)
        self.column.setStretch(0, 1)  # the evidence takes the room, not the form
        self.decision = ""

    def keyPressEvent(self, event: Any) -> None:
        """A decision is made by a button, never by Enter in the password field."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        self.decide("approve")

    def decide(self, decision: str) -> None:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self._project
        ref, reason, password = (
            self._approval.version,
            self.reason.toPlainText(),
            self.password.text(),
        )
        call = (
            ws.registry.approvals.approve if decision == "approve" else ws.registry.approvals.reject
        )
        self.decision = decision

        def done(_a: Any) -> None:
            self.password.clear()
            self.accept()

        self.run(
            self.tr("Recording the decision"),
            lambda: call(actor, ref, password=password, reason=reason, project=project),
            done,
        )


class RollbackDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: str | None, model: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx.runner, self.tr("Roll back %1").replace("%1", model), self.tr("&Roll back"), parent
        )
        self._ctx, self._project, self._model = ctx, project, model
        self.reason = QLineEdit()
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.finish()

    def submit(self) -> None:
        ws, actor, model, project = self._ctx.workspace, self._ctx.actor, self._model, self._project
        reason = self.reason.text()
        self.run(
            self.tr("Rolling back"),
            lambda: ws.registry.approvals.rollback(actor, model, reason=reason, project=project),
            lambda _t: self.accept(),
        )
