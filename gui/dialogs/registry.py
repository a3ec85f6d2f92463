"""Dialogs of the Models view: register a run, request production, decide (approve or
reject with the evidence shown and the password re-entered), roll back, score a file,
compare with production. Each submits one engine call through FormDialog.run."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
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


def _file_row(edit: QLineEdit, browse: Any) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton("…")
    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


class ScoreDialog(FormDialog):
    """Choose the input and output files; the scoring itself runs as a cancellable job in
    the view."""

    FIELD_WORDS = (
        ("source", ("input",)),
        ("target", ("output", "scores to")),
        ("decimals", ("Decimals",)),
    )

    def __init__(self, ref: str, parent: QWidget | None = None, prefs: Any = None) -> None:
        super().__init__(
            None, self.tr("Score a file with %1").replace("%1", ref), self.tr("&Score"), parent
        )
        self.source_folder = self.target_folder = ""
        self.source = QLineEdit()
        self.target = QLineEdit()
        self.strict = QCheckBox(self.tr("Refuse categories never seen in training"))
        self.decimals = QSpinBox()
        self.decimals.setRange(0, 15)
        self.decimals.setValue(4)
        self.keep = QLineEdit()
        self.keep.setPlaceholderText(self.tr("optional: dataset name for monitoring"))
        self.add_field(
            "source",
            self.tr("&Input file:"),
            _file_row(self.source, self._pick_source),
            buddy=self.source,
        )
        self.add_field(
            "target",
            self.tr("&Output (.csv/.parquet):"),
            _file_row(self.target, self._pick_target),
            buddy=self.target,
        )
        self.form.addRow("", self.strict)
        self.add_field("decimals", self.tr("&Decimals:"), self.decimals)
        self.add_field("keep", self.tr("&Keep scored rows as:"), self.keep)
        self.remember(prefs, "models.score")
        self.finish()

    def form_values(self) -> dict[str, object]:
        # the last input (a scoring that failed is tried again on it), where its scores went,
        # and the options
        def folder(edit: QLineEdit) -> str:
            return str(Path(edit.text().strip()).parent) if edit.text().strip() else ""

        return {
            "source": self.source.text().strip(),
            "target_folder": folder(self.target),
            "strict": self.strict.isChecked(),
            "decimals": self.decimals.value(),
            "keep": self.keep.text(),
        }

    def restore_form(self, values: dict[str, object]) -> None:
        self.target_folder = str(values.get("target_folder", ""))
        source = str(values.get("source", ""))
        self.source_folder = str(Path(source).parent) if source else ""
        if source and Path(source).is_file():
            self.source.setText(source)
            self.target.setText(self._scores_for(source))
        self.strict.setChecked(bool(values.get("strict", False)))
        decimals = values.get("decimals")
        if isinstance(decimals, int):
            self.decimals.setValue(decimals)
        self.keep.setText(str(values.get("keep", "")))

    def _scores_for(self, source: str) -> str:
        """NAME-scores.csv where the last scores went, else beside the input: never the
        previous input's scores file, which another input would overwrite."""
        folder = Path(self.target_folder) if self.target_folder else Path(source).parent
        return str(folder / (Path(source).stem + "-scores.csv"))

    def _pick_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Input"), self.source_folder, "Data (*.csv *.parquet *.xlsx)"
        )
        if path:
            before = self.source.text().strip()
            self.source.setText(path)
            if not self.target.text() or (
                before and self.target.text() == self._scores_for(before)
            ):
                self.target.setText(self._scores_for(path))

    def _pick_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Output"), "", "CSV (*.csv);;Parquet (*.parquet)"
        )
        if path:
            self.target.setText(path)

    def submit(self) -> None:
        """The engine's checks of the files before the dialog closes; the scoring itself
        runs in the view with progress and Cancel."""
        from engine.registry.deploy import check_score_files

        if not self.passes(
            lambda: check_score_files(
                self.source.text().strip(), self.target.text().strip(), self.decimals.value()
            )
        ):
            return
        self.save_form()
        self.accept()


class CompareDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        model: str,
        challenger: str,
        datasets: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.runner,
            self.tr("%1 against production").replace("%1", challenger),
            self.tr("&Compare"),
            parent,
        )
        self._ctx, self._project, self._model, self._challenger = ctx, project, model, challenger
        self.dataset = QComboBox()
        self.dataset.addItems(datasets)
        self.result_view = QTextBrowser()
        self.result_view.setMinimumSize(480, 240)
        self.form.addRow(self.tr("On &dataset version:"), self.dataset)
        self.finish(below=(self.result_view,))

    def submit(self) -> None:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self._project
        model, challenger, dataset = self._model, self._challenger, self.dataset.currentText()
        self.run(
            self.tr("Comparing with production"),
            lambda: ws.registry.deploy.champion_challenger(
                actor, model, challenger, dataset, project=project
            ),
            self._show,
        )

    def _show(self, result: dict[str, Any]) -> None:
        self.buttons.setEnabled(True)
        a, b = result["champion"], result["challenger"]
        rows = "".join(
            f"<tr><td>{'<b>' if m == result['primary'] else ''}{html.escape(m)}</td>"
            f"<td align='right'>{_f(a['metrics'].get(m))}</td>"
            f"<td align='right'>{_f(b['metrics'].get(m))}</td></tr>"
            for m in sorted(set(a["metrics"]) | set(b["metrics"]))
        )
        on = (
            self.tr("On %1 (%2 rows)")
            .replace("%1", html.escape(result["dataset"]))
            .replace("%2", f"{a['rows']:,}")
        )
        better = (
            self.tr("Better on %1: %2")
            .replace("%1", html.escape(result["primary"]))
            .replace("%2", f"<b>{html.escape(str(result['winner']))}</b>")
        )
        production = self.tr("(production)")
        self.result_view.setHtml(
            f"<p>{on}</p><table cellspacing=6><tr><th></th><th>{html.escape(a['version'])} "
            f"{production}</th><th>{html.escape(b['version'])}</th></tr>{rows}</table>"
            f"<p>{better}</p>"
        )
        self.comparison = result


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.4f}"
