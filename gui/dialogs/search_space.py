"""The search space of the New run form: for the chosen model and task, one row per
hyperparameter a search can tune — a "search" tick box and the values to try (prefilled
with the catalog's, e.g. "50, 100, 200") or a range LOW..HIGH that a random or halving
search samples (a grid refuses it). Each row is checked as it is typed by the engine's own
parser, its message under the field; a preview says how many candidates and fits the search
makes, in red when the engine would refuse it (a range in a grid, a grid over MAX_GRID)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from engine.training import search as engine_search
from engine.training.catalog import Estimator, Param
from gui.errors import engine_text
from gui.palette import colour


class FieldNote(QLabel):
    """A small message under a field: what is wrong with it (hidden when nothing is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setStyleSheet(f"color: {colour('error')}; font-size: small;")
        self.setText(text)
        self.setVisible(bool(text))


def noted(field: QWidget) -> tuple[QWidget, FieldNote]:
    """`field` with a FieldNote under it, as one widget for a form row."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(field)
    note = FieldNote()
    column.addWidget(note)
    return box, note


def choice_box(first: str, values: tuple[str, ...]) -> QComboBox:
    """A choice of `values`, or `first` (None: the engine's default)."""
    combo = QComboBox()
    combo.addItem(first, None)
    for value in values:
        combo.addItem(value, value)
    return combo


def number_box(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def restore_values(
    saved: dict[str, Any], combos: dict[str, QComboBox], boxes: dict[str, QSpinBox]
) -> None:
    """A saved form's choices and numbers, where they are still offered."""
    for key, combo in combos.items():
        index = combo.findData(saved.get(key)) if key in saved else -1
        if index >= 0:
            combo.setCurrentIndex(index)
    for key, box in boxes.items():
        value = saved.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            box.setValue(value)


def restore_version(combo: QComboBox, ref: str) -> bool:
    """Choose the dataset version `ref` (NAME@V), else the newest version of that dataset
    (listed first); False when the dataset is gone."""
    refs = [combo.itemText(i) for i in range(combo.count())]
    same = [i for i, r in enumerate(refs) if r == ref] or [
        i for i, r in enumerate(refs) if ref and r.split("@")[0] == ref.split("@")[0]
    ]
    if same:
        combo.setCurrentIndex(same[0])
    return bool(same)


def param_field(param: Param, value: Any) -> QWidget:
    """The field a fixed hyperparameter value is given in: a list of its choices, a tick
    box, or a line checked as it is typed (its tooltip says what is allowed)."""
    if param.kind == "choice":
        combo = QComboBox()
        for choice in param.choices:
            combo.addItem(str(choice), choice)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        return combo
    if param.kind == "bool":
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    line = QLineEdit("none" if value is None else str(value))
    line.setToolTip(param.allowed())
    return line


def field_value(field: QWidget) -> Any:
    if isinstance(field, QComboBox):
        return field.currentData()
    if isinstance(field, QCheckBox):
        return field.isChecked()
    return field.text().strip() if isinstance(field, QLineEdit) else None


def shown_value(param: Param, value: Any) -> str:
    """A catalog value as the user types it (none for unlimited, 0.01 rather than 1e-02)."""
    if value is None:
        return "none"
    if param.kind == "float" and isinstance(value, float):
        return f"{value:g}"
    return str(value)


class SearchRow:
    def __init__(self, param: Param, grid: QGridLayout, row: int) -> None:
        self.param = param
        self.tick = QCheckBox(param.name)
        if param.help:
            self.tick.setToolTip(param.help)
        self.usual = ", ".join(shown_value(param, v) for v in param.search)
        self.values = QLineEdit(self.usual)
        self.values.setToolTip(param.allowed())
        self.values.setEnabled(False)
        self.note = FieldNote()
        grid.addWidget(self.tick, row, 0)
        grid.addWidget(self.values, row, 1)
        grid.addWidget(self.note, row + 1, 1)

    def state(self) -> dict[str, Any]:
        return {"on": self.tick.isChecked(), "text": self.values.text()}

    def check(self) -> Any:
        """The parsed values (a list, or a Range) of a ticked row; None when unticked or
        wrong (its message under the field)."""
        self.values.setEnabled(self.tick.isChecked())
        if not self.tick.isChecked():
            self.note.say("")
            return None
        try:
            parsed = engine_search.parse_values(
                self.param, engine_search.space_values(self.values.text())
            )
        except AirlockError as exc:
            self.note.say(engine_text(exc))
            return None
        self.note.say("")
        return parsed


class SearchSpaceEditor(QGroupBox):
    """Emits `changed` on every edit; `space()` is what RunSpec.space takes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Search space"), parent)
        self.intro = QLabel(
            self.tr(
                "Tick the hyperparameters to search and give the values to try (50, 100, 200) "
                "or a range LOW..HIGH (0.01..10), which a random or halving search samples. With "
                "nothing ticked, every hyperparameter you did not set is searched over its usual "
                "values."
            )
        )
        self.intro.setWordWrap(True)
        self.rows: dict[str, SearchRow] = {}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(2)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.preview)
        self.model: Estimator | None = None
        self.task: str | None = None
        self.saved: dict[str, dict[str, dict[str, Any]]] = {}  # model -> name -> state
        self.plan: tuple[str | None, int, int, set[str]] = (None, 20, 5, set())
        self.problem = ""

    # -- the rows --------------------------------------------------------------------------
    def set_model(self, model: Estimator, task: str | None) -> None:
        """One row per searchable hyperparameter of `model` for `task`; what was ticked and
        typed for a model is kept while the form is open (and in the saved form)."""
        self._keep()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.model, self.task, self.rows = model, task, {}
        saved = self.saved.get(model.key, {})
        for param in model.params:
            if not param.search or (task is not None and task not in param.tasks):
                continue
            row = SearchRow(param, self.grid, 2 * len(self.rows))
            state = saved.get(param.name)
            if isinstance(state, dict):
                row.values.setText(str(state.get("text", row.usual)))
                row.tick.setChecked(bool(state.get("on")))
            row.tick.toggled.connect(self._changed)
            row.values.textChanged.connect(self._changed)
            self.rows[param.name] = row
        self.update_preview()

    def _keep(self) -> None:
        if self.model is not None and self.rows:
            self.saved[self.model.key] = {n: r.state() for n, r in self.rows.items()}

    def _changed(self, *_: Any) -> None:
        self.update_preview()
        self.changed.emit()

    def state(self) -> dict[str, Any]:
        """Every model's ticks and values, for the saved form."""
        self._keep()
        return dict(self.saved)

    def restore(self, state: Any) -> None:
        if isinstance(state, dict):
            self.saved = {str(k): v for k, v in state.items() if isinstance(v, dict)}
            if self.model is not None:
                self.model_rows_again()

    def model_rows_again(self) -> None:
        if self.model is not None:
            model, self.model = self.model, None  # nothing to keep from the rows shown
            self.set_model(model, self.task)

    def ticked(self) -> list[str]:
        return [n for n, r in self.rows.items() if r.tick.isChecked()]

    def space(self) -> dict[str, list[str]]:
        return {
            n: engine_search.space_values(r.values.text())
            for n, r in self.rows.items()
            if r.tick.isChecked()
        }

    def tick(self, name: str, text: str | None = None) -> None:
        row = self.rows[name]
        row.tick.setChecked(True)
        if text is not None:
            row.values.setText(text)

    # -- the preview -----------------------------------------------------------------------
    def set_plan(self, method: str | None, n_iter: int, fits: int, fixed: set[str]) -> None:
        """The search method, candidates of a random search, fits per candidate (folds; 1
        for a holdout; 0 without validation) and the hyperparameters given fixed values."""
        self.plan = (method, n_iter, fits, fixed)
        self.update_preview()

    def valid(self) -> bool:
        return not self.problem and not any(r.note.text() for r in self.rows.values())

    def update_preview(self) -> None:
        method, n_iter, fits, fixed = self.plan
        parsed = {n: r.check() for n, r in self.rows.items()}
        self.problem, text = "", ""
        if method is None or self.model is None:
            self.preview.setText("")
            return
        if any(r.note.text() for r in self.rows.values()):
            text = self.tr("Correct the values marked in red.")
            self.problem = text
        elif fits == 0:
            self.problem = text = self.tr(
                "A search needs validation folds; choose a scheme other than none."
            )
        else:
            text = self._count(
                method, n_iter, fits, fixed, {n: v for n, v in parsed.items() if v is not None}
            )
        self.preview.setStyleSheet(f"color: {colour('error')};" if self.problem else "")
        self.preview.setText(text)

    def _count(
        self, method: str, n_iter: int, fits: int, fixed: set[str], space: dict[str, Any]
    ) -> str:
        assert self.model is not None
        usual = not space
        if usual:
            space = {n: list(r.param.search) for n, r in self.rows.items() if n not in fixed}
        if not space:
            self.problem = self.tr(
                "Nothing to search: tick a hyperparameter and give the values to try."
            )
            return self.problem
        folds = (
            self.tr("1 holdout split")
            if fits == 1
            else self.tr("%1 folds").replace("%1", str(fits))
        )
        if method == "grid":
            try:
                engine_search.parse_space(self.model, {} if usual else self.space(), "grid")
                size = engine_search.grid_size(space)
                engine_search.check_grid(size)
            except AirlockError as exc:
                self.problem = engine_text(exc)
                return self.problem
            sizes = " × ".join(str(len(v)) for v in space.values())
            if len(space) == 1:
                text = (
                    self.tr("Grid over the usual values: %2 candidates × %3 = %4 fits")
                    if usual
                    else self.tr("Grid: %2 candidates × %3 = %4 fits")
                )
            else:
                text = (
                    self.tr("Grid over the usual values: %1 = %2 candidates × %3 = %4 fits")
                    if usual
                    else self.tr("Grid: %1 = %2 candidates × %3 = %4 fits")
                )
            return (
                text.replace("%1", sizes)
                .replace("%2", f"{size:,}")
                .replace("%3", folds)
                .replace("%4", f"{size * fits:,}")
            )
        ranged = any(isinstance(v, engine_search.Range) for v in space.values())
        count = n_iter if ranged or usual else min(n_iter, engine_search.grid_size(space))
        if method == "halving":
            text = (
                self.tr(
                    "Halving: %1 candidates sampled from the usual values of %2 "
                    "hyperparameters; the best third goes on to more rows each round"
                )
                if usual
                else self.tr(
                    "Halving: %1 candidates sampled from %2 "
                    "hyperparameters; the best third goes on to more "
                    "rows each round"
                )
            )
        else:
            text = (
                self.tr(
                    "Random: %1 candidates sampled from the usual values of %2 "
                    "hyperparameters × %3 = %4 fits"
                )
                if usual
                else self.tr("Random: %1 candidates sampled from %2 hyperparameters × %3 = %4 fits")
            )
        return (
            text.replace("%1", str(count))
            .replace("%2", str(len(space)))
            .replace("%3", folds)
            .replace("%4", f"{count * fits:,}")
        )
