"""The Recipe tab: the steps as a list (Add step, Remove, Up, Down), the chosen step as a
form (gui/widgets/recipe_form.py), the whole recipe as JSON under Advanced (each follows
the other), a preview on the first rows that follows every change, and Apply to make a new
version. The engine checks the recipe; its message shows beside the step it is about."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.data.recipe_model import STEPS
from engine.errors import AirlockError
from gui.context import AppContext
from gui.errors import engine_text
from gui.jobs import Job
from gui.models.arrow_model import ArrowTableModel
from gui.palette import colour
from gui.views.base import JobStrip, MessageBar
from gui.views.data_recipe_actions import RecipeActions
from gui.views.data_recipe_run import RecipeRuns
from gui.widgets.json_text import read_object
from gui.widgets.recipe_form import StepForm, new_step
from gui.widgets.recipe_words import op_label, summary

DEBOUNCE_MS = 400
_STEP = re.compile(r"^Step (\d+)\b")


def step_number(message: str) -> int | None:
    """The step an engine message is about ("Step 2 (impute): …" -> 2), if any."""
    found = _STEP.match(message)
    return int(found.group(1)) if found else None


class RecipeTab(QWidget):
    made = Signal(object)  # the stored version a recipe made

    def __init__(
        self, ctx: AppContext, strip: JobStrip | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._strip = ctx, strip
        self.runs = RecipeRuns(self)
        self.version: Any = None
        self.body: dict[str, Any] = {"name": "recipe", "steps": []}
        self.errors: dict[int, str] = {}
        self._head: tuple[str, Any] | None = None  # (version id, its first rows)
        self._preview_job: Job | None = None
        self._serial = 0  # of the latest preview
        self._syncing = False
        remembered = ctx.prefs.form("data.recipe")
        self.commands = RecipeActions(self, strip)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.clicked.connect(self.commands.open_dialog)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.clicked.connect(self.commands.save_dialog)
        self.from_version = QPushButton(self.tr("This version's recipe"))
        self.from_version.setEnabled(False)
        self.from_version.clicked.connect(self.load_version_recipe)
        self.name = QLineEdit("recipe")
        self.name.textEdited.connect(self._name_edited)
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.name)
        top = QHBoxLayout()
        for button in (self.open_button, self.save_button, self.from_version):
            top.addWidget(button)
        top.addWidget(name_label)
        top.addWidget(self.name, 1)

        # the steps: list, buttons, the chosen step's form
        self.step = QComboBox()
        for op in STEPS:
            self.step.addItem(op_label(op), op)
        last = self.step.findData(remembered.get("op"))
        self.step.setCurrentIndex(max(last, 0))
        self.add_button = QPushButton(self.tr("&Add step"))
        self.add_button.clicked.connect(lambda: self.add_step())
        self.steps = QListWidget()
        self.steps.setWordWrap(True)
        self.steps.currentRowChanged.connect(self._chosen)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button = QPushButton(self.tr("&Up"))
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button = QPushButton(self.tr("Do&wn"))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.form = StepForm()
        defaults = remembered.get("defaults")
        self.form.remembered = dict(defaults) if isinstance(defaults, dict) else {}
        self.form.changed.connect(self._form_edited)
        add_row = QHBoxLayout()
        add_row.addWidget(self.step, 1)
        add_row.addWidget(self.add_button)
        move_row = QHBoxLayout()
        for widget in (self.remove_button, self.up_button, self.down_button):
            move_row.addWidget(widget)
        move_row.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        steps_page = QWidget()
        steps_layout = QVBoxLayout(steps_page)
        steps_layout.addLayout(add_row)
        steps_layout.addWidget(self.steps, 1)
        steps_layout.addLayout(move_row)
        steps_layout.addWidget(scroll, 2)

        # Advanced: the recipe as JSON, edited either way
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("DejaVu Sans Mono", 9))
        self.editor.textChanged.connect(self._text_edited)
        self.editor_message = QLabel()
        self.editor_message.setWordWrap(True)
        advanced = QWidget()
        advanced_layout = QVBoxLayout(advanced)
        advanced_layout.addWidget(self.editor, 1)
        advanced_layout.addWidget(self.editor_message)
        self.mode = QTabWidget()
        self.mode.addTab(steps_page, self.tr("Steps"))
        self.mode.addTab(advanced, self.tr("Advanced (JSON)"))

        # the preview and Apply
        self.preview_info = QLabel(self.tr("Add steps: the first rows show the result."))
        self.preview_info.setWordWrap(True)
        self.result_model = ArrowTableModel()
        result = QTableView()
        result.setModel(self.result_model)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("new dataset name (default: the same)"))
        self.target.setMinimumWidth(220)
        self.target.setText(str(remembered.get("target", "")))
        self.apply_button = QPushButton(self.tr("Apply: make a new version"))
        self.apply_button.clicked.connect(self.apply)
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.clicked.connect(self.preview)
        run_row = QHBoxLayout()
        run_row.addWidget(self.preview_button)
        run_row.addWidget(self.target, 1)
        run_row.addWidget(self.apply_button)
        result_box = QWidget()
        result_layout = QVBoxLayout(result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.preview_info)
        result_layout.addWidget(result, 1)
        result_layout.addLayout(run_row)
        split = QSplitter()
        split.addWidget(self.mode)
        split.addWidget(result_box)
        split.setSizes([430, 570])
        self.status = MessageBar()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.preview)
        self._write_editor()
        self._fill_list()

    # -- the version ----------------------------------------------------------------------
    def set_version(self, version: Any) -> None:
        self.version = version
        self.from_version.setEnabled(bool(version is not None and version.recipe))
        self.form.set_columns([c["name"] for c in version.schema] if version else [])
        self._changed(editor=False)

    # -- the recipe as a whole -----------------------------------------------------------
    def show_recipe(self, body: dict[str, Any]) -> None:
        self.body = copy.deepcopy(body)
        self._write_editor()
        self._fill_list(0)
        self._changed(editor=False)

    def recipe(self) -> dict[str, Any] | None:
        """The recipe as the Advanced text holds it (None, said, when it is not JSON)."""
        try:
            body = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.status.setText(
                self.tr("The recipe is not valid JSON: %1").replace("%1", str(exc)), "error"
            )
            return None
        return body if isinstance(body, dict) else None

    def _write_editor(self) -> None:
        self._syncing = True
        self.editor.setPlainText(json.dumps(self.body, indent=2, ensure_ascii=False))
        self._syncing = False
        self.editor_message.clear()
        self.name.setText(str(self.body.get("name", "")))

    def _text_edited(self) -> None:
        """Advanced text -> the steps and the form (when it reads as a recipe)."""
        if self._syncing:
            return
        body = read_object(
            self.editor.toPlainText(),
            self.editor_message,
            self.tr("A recipe is an object with a name and steps."),
        )
        if body is None:
            return
        self.body = body
        self.name.setText(str(body.get("name", "")))
        self._fill_list(max(self.steps.currentRow(), 0))
        self._changed(editor=False)

    def _steps(self) -> list[Any]:
        steps = self.body.get("steps")
        return steps if isinstance(steps, list) else []

    def _name_edited(self, text: str) -> None:
        self.body["name"] = text
        self._changed()

    # -- the step list --------------------------------------------------------------------
    def _fill_list(self, select: int = -1) -> None:
        self.steps.blockSignals(True)
        self.steps.clear()
        for index in range(len(self._steps())):
            self.steps.addItem(QListWidgetItem())
            self._paint_item(index)
        self.steps.blockSignals(False)
        count = self.steps.count()
        self.steps.setCurrentRow(min(select, count - 1) if count else -1)
        self._chosen(self.steps.currentRow())

    def _paint_item(self, index: int) -> None:
        item = self.steps.item(index)
        if item is None:
            return
        text = f"{index + 1}. {summary(self._steps()[index])}"
        problem = self.errors.get(index)
        if problem:
            text += "\n⚠ " + problem
        item.setText(text)
        item.setToolTip(problem or "")
        item.setForeground(QBrush(QColor(colour("error"))) if problem else QBrush())

    def _chosen(self, row: int) -> None:
        steps = self._steps()
        step = steps[row] if 0 <= row < len(steps) and isinstance(steps[row], dict) else None
        self.form.show_step(step)
        self.form.set_message(self.errors.get(row, "") if step is not None else "")
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(0 <= row < len(steps))

    def add_step(self, op: str | None = None) -> dict[str, Any]:
        op = op or self.step.currentData()
        step = new_step(op, self.form.remembered)
        self.body.setdefault("steps", [])
        if not isinstance(self.body["steps"], list):
            self.body["steps"] = []
        self.body["steps"].append(step)
        self._fill_list(len(self.body["steps"]) - 1)
        self.mode.setCurrentIndex(0)
        self._changed()
        return step

    def remove_step(self) -> None:
        row, steps = self.steps.currentRow(), self._steps()
        if 0 <= row < len(steps):
            del steps[row]
            self._fill_list(min(row, len(steps) - 1))
            self._changed()

    def move_step(self, offset: int) -> None:
        row, steps = self.steps.currentRow(), self._steps()
        other = row + offset
        if 0 <= row < len(steps) and 0 <= other < len(steps):
            steps[row], steps[other] = steps[other], steps[row]
            self._fill_list(other)
            self._changed()

    def _form_edited(self, _key: str) -> None:
        self._paint_item(self.steps.currentRow())
        self._changed()

    # -- checking and the preview ---------------------------------------------------------
    def _changed(self, editor: bool = True) -> None:
        """After any change: the text follows, the engine checks, the preview follows."""
        if editor:
            self._syncing = True
            self.editor.setPlainText(json.dumps(self.body, indent=2, ensure_ascii=False))
            self._syncing = False
        self._ctx.prefs.set_form(
            "data.recipe",
            {
                "op": self.step.currentData(),
                "defaults": self.form.remembered,
                "target": self.target.text().strip(),
            },
        )
        self.check()
        self.timer.start()

    def check(self) -> dict[str, Any] | None:
        """The engine's check of the recipe; its message beside the step concerned."""
        from engine.data.recipe_model import check_recipe

        self._set_errors({})
        if not self._steps():
            return None
        try:
            return check_recipe(self.body)
        except AirlockError as error:
            self._problem(error)
            return None

    def _set_errors(self, errors: dict[int, str]) -> None:
        before, self.errors = self.errors, errors
        for index in set(before) | set(errors):
            self._paint_item(index)
        self.form.set_message(self.errors.get(self.steps.currentRow(), ""))
        if self.status.kind == "error" and before != errors:
            self.status.clear()

    def _problem(self, error: AirlockError) -> bool:
        number = step_number(error.message)
        if number is not None and 1 <= number <= len(self._steps()):
            self._set_errors({number - 1: engine_text(error)})
        else:
            self.status.setText(engine_text(error), "error")
        return True

    def preview(self) -> Job | None:
        return self.runs.preview()

    # -- apply, files ---------------------------------------------------------------------
    def apply(self) -> Job | None:
        return self.runs.apply()

    def load_version_recipe(self) -> None:
        return self.runs.load_version_recipe()

    def open_file(self, path: Path) -> Job:
        return self.runs.open_file(path)

    def save_file(self, path: Path) -> Job | None:
        return self.runs.save_file(path)
