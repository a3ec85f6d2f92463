"""The demo workspace: one user per role with published passwords (README), so anyone can
try every part of the app. Later issues add demo data, runs and models here."""

from __future__ import annotations

from pathlib import Path

from engine.jobs import CancelToken, Progress, check, report
from engine.workspace import Workspace

# Published in README.md on purpose: the demo holds nothing secret.
DEMO_USERS: dict[str, tuple[str, str]] = {
    "admin": ("admin", "demo admin password"),
    "analyst": ("analyst", "demo analyst password"),
    "validator": ("validator", "demo validator password"),
    "auditor": ("auditor", "demo auditor password"),
}


def open_or_create_demo(path: Path, *, progress: Progress | None = None,
                        cancel: CancelToken | None = None) -> Path:
    """Create the demo workspace at `path` unless it already exists; return its folder."""
    path = Path(path)
    if (path / "airlock.toml").is_file():
        return path
    name, password = DEMO_USERS["admin"]
    report(progress, 0.05, "creating the workspace")
    ws, _ = Workspace.create(path, name, password)
    with ws:
        admin = ws.login(name, password)
        ws.settings.set(admin, "display_name", "Airlock demo")
        for step, role in enumerate(("analyst", "validator", "auditor"), 1):
            check(cancel)
            report(progress, 0.1 + 0.25 * step, f"adding the {role}")
            user, secret = DEMO_USERS[role]
            ws.users.add(admin, user, role, secret)
        ws.audit.verify(admin)
        ws.auth.lock(admin, "demo set-up finished")
    report(progress, 1.0, "done")
    return path
