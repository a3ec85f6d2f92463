"""Scoring a file with a version, and comparing the champion with a challenger: the forms and
their checks (the engine's own, while typing)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

from engine.registry.deploy_entities import Comparison
from gui.context import AppContext
from gui.dialogs.form import FormDialog


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

    def _show(self, result: Comparison) -> None:
        self.buttons.setEnabled(True)
        a, b = result.champion, result.challenger
        rows = "".join(
            f"<tr><td>{'<b>' if m == result.primary else ''}{html.escape(m)}</td>"
            f"<td align='right'>{_f(a.metrics.get(m))}</td>"
            f"<td align='right'>{_f(b.metrics.get(m))}</td></tr>"
            for m in sorted(set(a.metrics) | set(b.metrics))
        )
        on = (
            self.tr("On %1 (%2 rows)")
            .replace("%1", html.escape(result.dataset))
            .replace("%2", f"{a.rows:,}")
        )
        better = (
            self.tr("Better on %1: %2")
            .replace("%1", html.escape(result.primary))
            .replace("%2", f"<b>{html.escape(str(result.winner))}</b>")
        )
        production = self.tr("(production)")
        self.result_view.setHtml(
            f"<p>{on}</p><table cellspacing=6><tr><th></th><th>{html.escape(a.version)} "
            f"{production}</th><th>{html.escape(b.version)}</th></tr>{rows}</table>"
            f"<p>{better}</p>"
        )
        self.comparison = result


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.4f}"
