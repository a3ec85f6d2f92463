"""The recipe tab's work with the engine: previewing the recipe on the chosen version, applying
it as a new version, and reading or writing a recipe file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from engine.errors import AirlockError
from gui.jobs import Job

PREVIEW_ROWS = 1000  # rows of the chosen version a preview runs on

if TYPE_CHECKING:
    from gui.views.data_recipe import RecipeTab


class RecipeRuns(QObject):
    def __init__(self, view: RecipeTab) -> None:
        super().__init__(view)
        self._view = view

    def preview(self) -> Job | None:
        self._view.timer.stop()
        if self._view.version is None or not self._view._steps():
            return None
        recipe = self._view.check()
        if recipe is None:
            self._view.preview_info.setText(self.tr("No preview: the recipe stops at a step."))
            return None
        if self._view._preview_job is not None and self._view._preview_job.running:
            self._view._preview_job.cancel()
        ws, actor, version = self._view._ctx.workspace, self._view._ctx.actor, self._view.version
        head = (
            self._view._head[1] if self._view._head and self._view._head[0] == version.id else None
        )

        self._view._serial += 1
        serial = self._view._serial

        def work(_p: Any, cancel: Any) -> Any:
            from engine.data.recipes import apply_recipe

            table = (
                head
                if head is not None
                else ws.data.read_table(actor, version).slice(0, PREVIEW_ROWS)
            )
            return (
                serial,
                table,
                apply_recipe(table, recipe, hash_key=actor.pseudonym_key(), cancel=cancel)[0],
            )

        self._view.preview_info.setText(self.tr("Previewing…"))
        # bound methods, not lambdas: a result after the tab is gone is dropped by Qt
        self._view._preview_job = self._view._ctx.runner.run(
            self.tr("Previewing the recipe"),
            work,
            on_success=self._previewed,
            on_error=self._problem_or_bug,
            listed=False,
        )
        return self._view._preview_job

    def _previewed(self, found: tuple[int, Any, Any]) -> None:
        serial, head, table = found
        if serial != self._view._serial or self._view.version is None:
            return  # a newer change has its own preview
        self._view._head = (self._view.version.id, head)
        self._view.result_model.set_table(table)
        self._view.preview_info.setText(
            self.tr("Preview of the first %1 rows: %2 rows, %3 columns.")
            .replace("%1", str(PREVIEW_ROWS))
            .replace("%2", f"{table.num_rows:,}")
            .replace("%3", str(table.num_columns))
        )

    def _problem_or_bug(self, error: BaseException) -> bool:
        if isinstance(error, AirlockError):
            self._view.preview_info.setText(self.tr("No preview: the recipe stops at a step."))
            return self._view._problem(error)
        return False

    def apply(self) -> Job | None:
        return self._view.commands.apply()

    def load_version_recipe(self) -> None:
        if self._view.version is not None and self._view.version.recipe:
            self._view.show_recipe(self._view.version.recipe)
            self._view.status.setText(
                self.tr("The recipe that made %1.").replace("%1", self._view.version.ref)
            )

    def open_file(self, path: Path) -> Job:
        return self._view.commands.open_file(path)

    def save_file(self, path: Path) -> Job | None:
        return self._view.commands.save_file(path)
