"""The advanced (JSON) tab of a form: the text read back as an object, or why not."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from gui.palette import colour


def read_object(text: str, message: QLabel, not_an_object: str) -> dict[str, Any] | None:
    """`text` as a JSON object, clearing `message`; None with the reason in `message`
    (in the error colour) while it is not valid JSON yet or not an object."""
    try:
        body = json.loads(text)
    except ValueError as exc:
        message.setText(
            QCoreApplication.translate("JsonText", "Not valid JSON yet: %1").replace("%1", str(exc))
        )
        message.setStyleSheet(f"color: {colour('error')};")
        return None
    if not isinstance(body, dict):
        message.setText(not_an_object)
        message.setStyleSheet(f"color: {colour('error')};")
        return None
    message.clear()
    return body
