"""What every view receives: the session, the job runner, the error presenter and the
user's preferences (passed in, never global)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gui.errors import ErrorPresenter
from gui.jobs import JobRunner
from gui.preferences import Preferences
from gui.session import Session

if TYPE_CHECKING:
    from engine.security.actor import Actor
    from engine.workspace import Workspace


@dataclass
class AppContext:
    session: Session
    runner: JobRunner
    presenter: ErrorPresenter
    prefs: Preferences

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace

    @property
    def actor(self) -> Actor:
        return self.session.actor
