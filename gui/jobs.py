"""One job runner: engine calls that take `progress`/`cancel` run on worker threads.

    runner.run(self.tr("Verifying"), lambda progress, cancel: audit.verify(
        actor, progress=progress, cancel=cancel), on_success=self.show_report)

Progress and results arrive on the UI thread as signals; the UI thread never waits. Errors go
to the one ErrorPresenter unless `on_error` handles them.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from engine.errors import Cancelled
from engine.jobs import CancelToken, Progress

if TYPE_CHECKING:
    from gui.errors import ErrorPresenter

Work = Callable[[Progress, CancelToken], Any]


class JobState(Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Job(QObject):
    """A unit of background work as the UI sees it. `succeeded`, `failed` or `cancelled`
    is emitted on the UI thread, and `finished` right after it, so that every result
    handler has run once `finished` arrives."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object, str)  # exception, traceback text
    cancelled = Signal()
    finished = Signal()
    _outcome = Signal(str, object, str)  # emitted by the worker thread

    def __init__(self, title: str, cancellable: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.cancellable = cancellable
        self.listed = True
        self.state = JobState.RUNNING
        self.fraction = 0.0
        self.message = ""
        self.error: BaseException | None = None
        self.started = time.monotonic()
        self.ended: float | None = None
        self.token = CancelToken()
        self._last_emit = 0.0
        self.progressed.connect(self._remember)
        self._outcome.connect(self._settle)

    def cancel(self) -> None:
        """Ask the work to stop at its next check; it ends as cancelled."""
        if self.cancellable:
            self.token.cancel()

    @property
    def running(self) -> bool:
        return self.state is JobState.RUNNING

    def report(self, fraction: float, message: str = "") -> None:
        """Called on the worker thread; throttled to about 20 updates a second."""
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_emit < 0.05:
            return
        self._last_emit = now
        self.progressed.emit(float(fraction), message)

    @Slot(float, str)
    def _remember(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message

    @Slot(str, object, str)
    def _settle(self, kind: str, value: object, details: str) -> None:
        self.ended = time.monotonic()
        if kind == "ok":
            self.state, self.fraction = JobState.SUCCEEDED, 1.0
            self.succeeded.emit(value)
        elif kind == "error":
            self.state = JobState.FAILED
            self.error = value  # type: ignore[assignment]
            self.failed.emit(value, details)
        else:
            self.state = JobState.CANCELLED
            self.cancelled.emit()
        self.finished.emit()


class _Worker(QRunnable):
    def __init__(self, job: Job, work: Work) -> None:
        super().__init__()
        self._job = job
        self._work = work

    def run(self) -> None:
        job = self._job
        try:
            result = self._work(job.report, job.token)
        except Cancelled:
            job._outcome.emit("cancelled", None, "")
        except BaseException as exc:  # every failure reaches the presenter, none is lost
            job._outcome.emit("error", exc, traceback.format_exc())
        else:
            job._outcome.emit("ok", result, "")


class JobRunner(QObject):
    """Starts jobs on a thread pool and keeps the list the jobs panel shows."""

    job_added = Signal(object)
    jobs_changed = Signal()

    def __init__(self, presenter: ErrorPresenter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self.jobs: list[Job] = []
        self._workers: set[_Worker] = set()

    def run(
        self,
        title: str,
        work: Work,
        *,
        on_success: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], bool] | None = None,
        on_cancel: Callable[[], None] | None = None,
        cancellable: bool = True,
        listed: bool = True,
    ) -> Job:
        """Run `work(progress, cancel)` in the background. `on_error` may return True to say
        it handled the error; otherwise the presenter shows it. Unlisted jobs (small reads)
        do not appear in the jobs panel."""
        job = Job(title, cancellable, self)
        job.listed = listed
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_cancel is not None:
            job.cancelled.connect(on_cancel)

        def failed(error: BaseException, details: str) -> None:
            if on_error is not None and on_error(error):
                return
            self._presenter.present(error, details)

        job.failed.connect(failed)
        job.finished.connect(self.jobs_changed)
        if not listed:  # a finished small read leaves no trace (the change poll runs often)

            def forget() -> None:
                if job in self.jobs:
                    self.jobs.remove(job)

            job.finished.connect(forget)
        self.jobs.append(job)
        del self.jobs[:-50]  # keep the panel to the recent ones
        self.job_added.emit(job)
        self.jobs_changed.emit()
        # Python owns the runnable: keep a reference until it has finished, or the garbage
        # collector may free it while the pool still runs it.
        worker = _Worker(job, work)
        worker.setAutoDelete(False)
        self._workers.add(worker)
        job.finished.connect(lambda: self._workers.discard(worker))
        self._pool.start(worker)
        return job

    @property
    def running(self) -> list[Job]:
        return [job for job in self.jobs if job.running]

    def cancel_all(self) -> None:
        for job in self.running:
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """For shutdown and tests: wait for the workers to finish."""
        return self._pool.waitForDone(msecs)
