"""The user's own preferences on this computer (theme, language, auto-lock, recent
workspaces), kept with QSettings. Workspace-wide policy lives in the engine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

THEMES = ("system", "light", "dark")
LANGUAGES = ("en", "ar")
MAX_RECENT = 8


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings("Airlock", "Airlock")

    def _get(self, key: str, default: object) -> object:
        return self._s.value(key, default)

    @property
    def theme(self) -> str:
        value = str(self._get("theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("theme", value if value in THEMES else "system")

    @property
    def language(self) -> str:
        value = str(self._get("language", "en"))
        return value if value in LANGUAGES else "en"

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("language", value if value in LANGUAGES else "en")

    @property
    def autolock_minutes(self) -> int:
        try:
            return max(1, int(self._get("autolock_minutes", 10)))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 10

    @autolock_minutes.setter
    def autolock_minutes(self, value: int) -> None:
        self._s.setValue("autolock_minutes", int(value))

    @property
    def recent(self) -> list[str]:
        value = self._get("recent_workspaces", [])
        items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [str(v) for v in items if v][:MAX_RECENT]

    def remember(self, workspace: Path | str) -> None:
        path = str(Path(workspace).absolute())
        self._s.setValue(
            "recent_workspaces", [path, *[p for p in self.recent if p != path]][:MAX_RECENT]
        )

    @property
    def last_user(self) -> str:
        return str(self._get("last_user", ""))

    @last_user.setter
    def last_user(self, value: str) -> None:
        self._s.setValue("last_user", value)

    def form(self, name: str) -> dict[str, object]:
        """The values a form `name` last held on this computer ({} when never used). Forms
        keep the user's work: reopening shows what was typed last time."""
        import json

        try:
            value = json.loads(str(self._get(f"forms/{name}", "{}")))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def set_form(self, name: str, values: dict[str, object]) -> None:
        import json

        self._s.setValue(f"forms/{name}", json.dumps(values, default=str))

    def sync(self) -> None:
        self._s.sync()
