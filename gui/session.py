"""The signed-in session: the open workspace, the acting user, and the auto-lock.

Locking drops the user's keys from memory (the engine records `auth.lock` first); unlocking
is a fresh login with the password. The idle timer restarts on any keyboard or mouse input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from gui.jobs import Job, JobRunner

if TYPE_CHECKING:  # the engine's heavier modules load after the login window shows
    from engine.security.actor import Actor
    from engine.workspace import Workspace

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class Session(QObject):
    lock_changed = Signal(bool)  # True when locked
    actor_changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        runner: JobRunner,
        autolock_minutes: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self._runner = runner
        self._locked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.lock("idle"))
        self.set_autolock(autolock_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self._locked

    @property
    def autolock_ms(self) -> int:
        return self._timer.interval()

    def set_autolock(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))
        if not self._locked:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self._locked:
            self._timer.start()
        return False

    def lock(self, reason: str = "on request") -> None:
        """Lock now: the views hide at once, running jobs are cancelled, and the engine
        records the lock and drops the keys on a worker."""
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        self._runner.cancel_all()
        actor, auth = self.actor, self.workspace.auth
        self._runner.run(
            self.tr("Locking"), lambda _p, _c: auth.lock(actor, reason), cancellable=False
        )
        self.lock_changed.emit(True)

    def unlock(self, password: str) -> Job:
        """Log in again as the same user; on success the session is unlocked."""
        name, ws = self.actor.name, self.workspace
        return self._runner.run(
            self.tr("Unlocking"),
            lambda _p, _c: ws.login(name, password, desktop=True),
            on_success=self._unlocked,
            cancellable=False,
        )

    def _unlocked(self, actor: Actor) -> None:
        self.actor = actor
        self._locked = False
        self._timer.start()
        self.actor_changed.emit()
        self.lock_changed.emit(False)

    def close(self) -> None:
        """Sign out: lock (recorded) and close the workspace after the jobs finish."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()
        if not self._locked:
            self._runner.cancel_all()
            self._runner.wait(10_000)
            try:
                self.workspace.auth.lock(self.actor, "signed out")
            except Exception:
                self.actor.lock()
        self._runner.wait(10_000)
        self.workspace.close()
