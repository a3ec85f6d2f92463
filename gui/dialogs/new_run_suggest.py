"""What the New run form fills in for the user: the target and task it guesses from the chosen
dataset, the models and metrics for that task, a model's hyperparameters with their defaults,
and the recipe file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLineEdit,
    QListWidgetItem,
)

from engine.errors import AirlockError
from engine.training.catalog import CATALOG, DEFAULT_MODEL
from engine.training.entities import Suggestion
from engine.training.spec import METRICS, guess_target
from gui.dialogs.search_space import (
    noted,
    param_field,
)
from gui.errors import show_engine_error

if TYPE_CHECKING:
    from gui.dialogs.new_run import NewRunDialog


class Suggestions(QObject):
    def __init__(self, view: NewRunDialog) -> None:
        super().__init__(view)
        self._view = view
        self.detected_task: str | None = None  # what the chosen dataset's target suggests
        self._fields_of: str | None = None  # the model whose fields are shown

    def dataset_changed(self) -> None:
        version = self._view.dataset.currentData()
        columns = [c["name"] for c in version.schema] if version is not None else []
        for combo in (self._view.target, self._view.group, self._view.time):
            combo.blockSignals(True)
            combo.clear()
        self._view.group.addItem(self.tr("none"), None)
        self._view.time.addItem(self.tr("none"), None)
        for column in columns:
            self._view.target.addItem(column, column)
            self._view.group.addItem(column, column)
            self._view.time.addItem(column, column)
        wanted, self._view._wanted_target = self._view._wanted_target, None
        if wanted not in columns:
            wanted = guess_target(list(version.schema)) if version is not None else None
        self._view.target.setCurrentIndex(max(self._view.target.findData(wanted), 0))
        for combo in (self._view.target, self._view.group, self._view.time):
            combo.blockSignals(False)
        self.suggest()

    def suggest(self) -> None:
        version, target = self._view.dataset.currentData(), self._view.target.currentData()
        self._view.features.clear()
        if version is None or target is None:
            return
        ws, actor = self._view._ctx.workspace, self._view._ctx.actor
        self._view.feature_notes.setText(self.tr("Reading the data…"))
        self._view._ctx.runner.run(
            self.tr("Suggesting features"),
            lambda _p, _c: ws.training.suggest(actor, version.ref, target, version.project),
            on_success=self._suggested,
            on_error=self._suggest_failed,
            cancellable=False,
            listed=False,
        )

    def _suggested(self, found: Suggestion) -> None:
        self._view.features.clear()
        for column in found.columns:
            item = QListWidgetItem(column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if column in found.features else Qt.CheckState.Unchecked
            )
            self._view.features.addItem(item)
        self._view.feature_notes.setText(
            "; ".join(n for n in found.notes if not n.startswith("SENSITIVE ATTRIBUTE?"))
        )
        self._view.unreviewed, self._view.tags = list(found.unreviewed), dict(found.tags)
        # one column at a time: sex may be sensitive and age not
        more = len(self._view.unreviewed) - 1
        self._view.sensitive_label.setText(
            self.tr(
                "%1 looks like a sensitive attribute (sex, age, nationality…): tag it "
                "sensitive, or say it is not."
            ).replace("%1", self._view.unreviewed[0] if more >= 0 else "")
            + (" " + self.tr("(%1 more after it)").replace("%1", str(more)) if more > 0 else "")
        )
        self._view.sensitive_box.setVisible(bool(self._view.unreviewed))
        self.detected_task = found.task
        self._view.detected_positive = found.positive
        self._view.positive.clear()
        for value in found.classes if found.task == "binary" else []:
            self._view.positive.addItem(value, value)
        if self._view.detected_positive is not None:
            self._view.positive.setCurrentIndex(
                max(self._view.positive.findData(self._view.detected_positive), 0)
            )
        self._view.positive.setEnabled(found.task == "binary")
        if self._view.task.currentData() is None:
            self._fill_metrics(found.task)
            shown = self._view.model.currentData()
            self._fill_models(found.task)
            if self._view.model.currentData() == shown:  # its rows now for the detected task
                self.model_changed()
        self._view.message.clear()
        self._view._validate()

    def review(self, tag: str) -> Any:
        version = self._view.dataset.currentData()
        if version is None or not self._view.unreviewed:
            return None
        ws, actor, columns = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.unreviewed[:1],
        )
        tags = {
            c: sorted((set(self._view.tags.get(c, [])) - {"sensitive", "not_sensitive"}) | {tag})
            for c in columns
        }

        def work(_p: Any, _c: Any) -> None:
            for column, wanted in tags.items():
                ws.data.annotations.tag(actor, version.dataset, column, wanted, version.project)

        return self._view._ctx.runner.run(
            self.tr("Tagging columns"),
            work,
            on_success=lambda _r: self.suggest(),
            on_error=self._suggest_failed,
            cancellable=False,
            listed=False,
        )

    def _suggest_failed(self, error: BaseException) -> bool:
        self._view.feature_notes.setText("")
        return show_engine_error(self._view.message, error)

    def task_changed(self) -> None:
        task = self._view.task.currentData() or self.detected_task
        if task:
            self._fill_metrics(task)
            self._fill_models(task)
        self.model_changed()

    def _fill_models(self, task: str) -> None:
        """Only the models that do `task` (no regressors for a binary target); the choice is
        kept when it still fits."""
        current = self._view.model.currentData()
        self._view.model.blockSignals(True)
        self._view.model.clear()
        for key, model in CATALOG.items():
            if task in model.tasks:
                self._view.model.addItem(model.title, key)
        index = self._view.model.findData(current)
        if index < 0:
            index = max(self._view.model.findData(DEFAULT_MODEL), 0)
        self._view.model.setCurrentIndex(index)
        self._view.model.blockSignals(False)
        if self._view.model.currentData() != current:
            self.model_changed()

    def _fill_metrics(self, task: str) -> None:
        self._view.optimise.clear()
        self._view.optimise.addItem(self.tr("default for the task"), None)
        for name in METRICS[task]:
            self._view.optimise.addItem(name, name)

    def model_changed(self) -> None:
        """The model's hyperparameter fields (what was typed is kept when the same model's
        fields are made again for the task) and its rows in the search space."""
        model = CATALOG[self._view.model.currentData()]
        typed = (
            self._view.params(changed_only=False)
            if self._view.param_fields and self._fields_of == model.key
            else {}
        )
        while self._view.params_form.rowCount():
            self._view.params_form.removeRow(0)
        self._view.param_fields, self._view.param_notes, self._fields_of = {}, {}, model.key
        task = self._view.task.currentData() or self.detected_task
        for param in model.params:
            if task is not None and task not in param.tasks:
                continue
            field = param_field(param, typed.get(param.name, param.default))
            if isinstance(field, QLineEdit):
                field.textChanged.connect(self._view._validate)
            self._view.param_fields[param.name] = field
            box, self._view.param_notes[param.name] = noted(field)
            self._view.params_form.addRow(param.name + ":", box)
        self._view.balanced.setEnabled(model.class_weight)
        if not model.class_weight:
            self._view.balanced.setChecked(False)
        self._view.space_editor.set_model(model, task)
        self._view._validate()

    def choose_recipe(self) -> None:
        from engine.data.recipe_model import load_recipe

        name, _ = QFileDialog.getOpenFileName(
            self._view, self.tr("Choose a training recipe"), "", self.tr("Recipes (*.toml *.json)")
        )
        if not name:
            return
        try:
            self._view.recipe = load_recipe(Path(name))
        except AirlockError as exc:
            self._view.message.setText(exc.message)
            return
        self._view.recipe_label.setText(Path(name).name)
