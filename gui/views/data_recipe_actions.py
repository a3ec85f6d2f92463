"""The Recipe tab's actions: Apply (a new version, in the view's job strip), open a TOML or
JSON recipe, save the recipe as JSON (checked first: a bad recipe is not written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from gui.jobs import Job
from gui.views.base import JobStrip
from gui.views.data_jobs import run_tracked

if TYPE_CHECKING:
    from gui.views.data_recipe import RecipeTab


class RecipeActions(QObject):
    def __init__(self, tab: RecipeTab, strip: JobStrip | None) -> None:
        super().__init__(tab)
        self.tab, self._ctx, self._strip = tab, tab._ctx, strip

    def apply(self) -> Job | None:
        body = self.tab.recipe()
        if body is None or self.tab.version is None or self.tab.check() is None:
            return None
        ws, actor, version = self._ctx.workspace, self._ctx.actor, self.tab.version
        name = self.tab.target.text().strip() or None

        def made(stored: Any) -> None:
            self.tab.status.setText(self.tr("Made %1.").replace("%1", stored.version.ref), "ok")
            self.tab.made.emit(stored.version)

        return run_tracked(
            self._ctx,
            self._strip,
            self.tr("Applying the recipe"),
            lambda progress, cancel: ws.data.prepare(
                actor,
                version.ref,
                body,
                name=name,
                project=version.project,
                progress=progress,
                cancel=cancel,
            ),
            on_success=made,
            on_error=self.tab.status.show_error,
        )

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.tab, self.tr("Open a recipe"), "", self.tr("Recipes (*.toml *.json)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> Job:
        from engine.data.recipe_model import load_recipe

        return self._ctx.runner.run(
            self.tr("Reading %1").replace("%1", path.name),
            lambda _p, _c: load_recipe(path),
            on_success=self.tab.show_recipe,
            on_error=self.tab.status.show_error,
            cancellable=False,
            listed=False,
        )

    def save_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.tab, self.tr("Save the recipe"), "recipe.json", self.tr("Recipes (*.json)")
        )
        if name:
            self.save_file(Path(name))

    def save_file(self, path: Path) -> Job | None:
        """Write the recipe as JSON after checking it (a bad recipe is not saved)."""
        from engine.data.recipe_model import check_recipe
        from engine.store.files import atomic_write

        body = self.tab.recipe()
        if body is None:
            return None

        def work(_p: Any, _c: Any) -> Path:
            text = json.dumps(check_recipe(body), indent=2, ensure_ascii=False) + "\n"
            atomic_write(path, text.encode("utf-8"))
            return path

        return self._ctx.runner.run(
            self.tr("Saving the recipe"),
            work,
            on_error=self.tab.status.show_error,
            cancellable=False,
            on_success=lambda p: self.tab.status.setText(
                self.tr("Saved %1.").replace("%1", str(p)), "ok"
            ),
        )
