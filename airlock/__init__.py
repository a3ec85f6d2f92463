"""Airlock from Python: the governed path for analysts who code.

    import airlock

    with airlock.open("~/ws", user="nora") as ws:          # password: prompt or env
        X_train, X_test, y_train, y_test = ws.split("loans@2", "default")
        airlock.autolog()
        with ws.start_run("credit", dataset="loans@2", target="default") as run:
            model = HistGradientBoostingClassifier().fit(X_train, y_train)
        ws.register(run, "credit_default")

Every call goes through the same engine services, role checks and signed audit log as the
`airlock` command and the desktop app (docs/python-api.md). The engine's services stay
internal; this package is the public, typed surface.
"""

from __future__ import annotations

from airlock._autolog import autolog
from airlock._display import Document
from airlock._run import Run
from airlock._session import Workspace, open
from engine import __version__
from engine.errors import (
    AirlockError,
    IntegrityError,
    NotFound,
    PermissionDenied,
    ValidationError,
    WorkspaceError,
)

__all__ = [
    "AirlockError",
    "Document",
    "IntegrityError",
    "NotFound",
    "PermissionDenied",
    "Run",
    "ValidationError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "autolog",
    "open",
]
