"""Selectors: the project selector every area view has, and refilling a combo box."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def fill_projects(combo: QComboBox, projects: list[Any]) -> None:
    """List the projects, keeping the current choice (else the first non-default one),
    without emitting a change while refilling."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for project in projects:
        combo.addItem(project.name, project.name)
    index = combo.findData(current) if current else -1
    if index < 0:
        index = next((i for i, p in enumerate(projects) if p.name != "default"), 0)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def refill(combo: QComboBox, items: list[str]) -> None:
    """Replace the items, keeping the current choice when it is still listed (or, in an
    editable box, whatever was typed), without emitting a change while refilling."""
    keep = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(items)
    if keep and (combo.isEditable() or keep in items):
        combo.setCurrentText(keep)
    combo.blockSignals(False)
