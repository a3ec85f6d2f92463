"""What every view receives: the session, the job runner, the error presenter and the
user's preferences (passed in, never global)."""

from __future__ import annotations

from dataclasses import dataclass

from gui.errors import ErrorPresenter
from gui.jobs import JobRunner
from gui.preferences import Preferences
from gui.session import Session


@dataclass
class AppContext:
    session: Session
    runner: JobRunner
    presenter: ErrorPresenter
    prefs: Preferences

    @property
    def workspace(self):
        return self.session.workspace

    @property
    def actor(self):
        return self.session.actor
