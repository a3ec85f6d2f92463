"""The Recipe tab: build a recipe (JSON, with step templates; open a TOML or JSON recipe file,
save one, or start from the recipe that made the selected version), preview it on the first
rows, apply it to make a new version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.context import AppContext
from gui.jobs import Job
from gui.models.arrow_model import ArrowTableModel

TEMPLATES: dict[str, dict[str, Any]] = {
    "select": {"op": "select", "columns": []},
    "drop": {"op": "drop", "columns": []},
    "rename": {"op": "rename", "mapping": {"old": "new"}},
    "filter": {"op": "filter", "column": "", "operator": ">=", "value": 0},
    "impute": {"op": "impute", "columns": [], "strategy": "median"},
    "encode": {"op": "encode", "columns": [], "method": "onehot"},
    "scale": {"op": "scale", "columns": [], "method": "standard"},
    "bin": {"op": "bin", "column": "", "bins": 5, "strategy": "quantile"},
    "clip": {"op": "clip", "columns": [], "lower_quantile": 0.01, "upper_quantile": 0.99},
    "date_parts": {"op": "date_parts", "column": "", "parts": ["year", "month"]},
    "cast": {"op": "cast", "column": "", "to": "float"},
    "deduplicate": {"op": "deduplicate"},
    "mask": {"op": "mask", "column": "", "method": "hash"},
    "split": {"op": "split", "test": 0.2, "validation": 0.1, "stratify": "", "seed": 42},
}
PREVIEW_ROWS = 1000


class RecipeTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.version: Any = None
        self.step = QComboBox()
        self.step.addItems(list(TEMPLATES))
        add = QPushButton(self.tr("Add step"))
        add.clicked.connect(self.add_step)
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("new dataset name (default: the same)"))
        self.apply_button = QPushButton(self.tr("Apply: make a new version"))
        self.apply_button.clicked.connect(self.apply)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.clicked.connect(self._open)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.clicked.connect(self._save)
        self.from_version = QPushButton(self.tr("This version's recipe"))
        self.from_version.setEnabled(False)
        self.from_version.clicked.connect(self.load_version_recipe)
        self.target.setMinimumWidth(200)
        top = QHBoxLayout()
        for widget in (self.open_button, self.save_button, self.from_version):
            top.addWidget(widget)
        top.addStretch(1)
        steps_row = QHBoxLayout()
        steps_row.addWidget(QLabel(self.tr("Step:")))
        steps_row.addWidget(self.step, 1)
        steps_row.addWidget(add)
        run_row = QHBoxLayout()
        for widget in (self.preview_button, self.target, self.apply_button):
            run_row.addWidget(widget)
        self.editor = QPlainTextEdit(json.dumps({"name": "recipe", "steps": []}, indent=2))
        self.editor.setFont(QFont("DejaVu Sans Mono", 9))
        self.result_model = ArrowTableModel()
        result = QTableView()
        result.setModel(self.result_model)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(steps_row)
        editor_layout.addWidget(self.editor, 1)
        result_box = QWidget()
        result_layout = QVBoxLayout(result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addLayout(run_row)
        result_layout.addWidget(result, 1)
        split = QSplitter()
        split.addWidget(editor_box)
        split.addWidget(result_box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def set_version(self, version: Any) -> None:
        self.version = version
        self.from_version.setEnabled(bool(version is not None and version.recipe))

    def show_recipe(self, body: dict[str, Any]) -> None:
        self.editor.setPlainText(json.dumps(body, indent=2, ensure_ascii=False))

    def load_version_recipe(self) -> None:
        if self.version is not None and self.version.recipe:
            self.show_recipe(self.version.recipe)
            self.status.setText(self.tr("The recipe that made %1.").replace("%1",
                                                                            self.version.ref))

    def _open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open a recipe"), "",
                                              self.tr("Recipes (*.toml *.json)"))
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> Job:
        from engine.data.recipe_model import load_recipe

        return self._ctx.runner.run(self.tr("Reading %1").replace("%1", path.name),
                                    lambda _p, _c: load_recipe(path),
                                    on_success=self.show_recipe, on_error=self._error,
                                    cancellable=False, listed=False)

    def _save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recipe"), "recipe.json",
                                              self.tr("Recipes (*.json)"))
        if name:
            self.save_file(Path(name))

    def save_file(self, path: Path) -> Job | None:
        """Write the recipe as JSON after checking it (a bad recipe is not saved)."""
        from engine.data.recipe_model import check_recipe
        from engine.store.files import atomic_write

        body = self.recipe()
        if body is None:
            return None

        def work(_p: Any, _c: Any) -> Path:
            text = json.dumps(check_recipe(body), indent=2, ensure_ascii=False) + "\n"
            atomic_write(path, text.encode("utf-8"))
            return path

        return self._ctx.runner.run(
            self.tr("Saving the recipe"), work, on_error=self._error, cancellable=False,
            on_success=lambda p: self.status.setText(self.tr("Saved %1.").replace("%1",
                                                                                  str(p))))

    def recipe(self) -> dict[str, Any] | None:
        try:
            body = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.status.setText(self.tr("The recipe is not valid JSON: %1").replace("%1",
                                                                                    str(exc)))
            return None
        return body if isinstance(body, dict) else None

    def add_step(self) -> None:
        body = self.recipe() or {"name": "recipe", "steps": []}
        body.setdefault("steps", []).append(dict(TEMPLATES[self.step.currentText()]))
        self.show_recipe(body)

    def preview(self) -> Job | None:
        body = self.recipe()
        if body is None or self.version is None:
            return None
        ws, actor, version = self._ctx.workspace, self._ctx.actor, self.version

        def work(_p: Any, cancel: Any) -> Any:
            from engine.data.recipe_model import check_recipe
            from engine.data.recipes import apply_recipe

            recipe = check_recipe(body)
            table = ws.data.read_table(actor, version).slice(0, PREVIEW_ROWS)
            return apply_recipe(table, recipe, hash_key=actor.pseudonym_key(),
                                cancel=cancel)[0]

        return self._ctx.runner.run(self.tr("Previewing the recipe"), work,
                                    on_success=self._previewed, on_error=self._error)

    def _previewed(self, table: Any) -> None:
        self.result_model.set_table(table)
        self.status.setText(self.tr("Preview of the first %1 rows: %2 rows, %3 columns.")
                            .replace("%1", str(PREVIEW_ROWS))
                            .replace("%2", f"{table.num_rows:,}")
                            .replace("%3", str(table.num_columns)))

    def apply(self) -> Job | None:
        body = self.recipe()
        if body is None or self.version is None:
            return None
        ws, actor, version = self._ctx.workspace, self._ctx.actor, self.version
        name = self.target.text().strip() or None
        return self._ctx.runner.run(
            self.tr("Applying the recipe"),
            lambda progress, cancel: ws.data.prepare(actor, version.ref, body, name=name,
                                                     project=version.project,
                                                     progress=progress, cancel=cancel),
            on_success=lambda stored: self.status.setText(
                self.tr("Made %1.").replace("%1", stored.version.ref)),
            on_error=self._error)

    def _error(self, error: BaseException) -> bool:
        if isinstance(error, AirlockError):
            self.status.setText(error.message)
            return True
        return False
