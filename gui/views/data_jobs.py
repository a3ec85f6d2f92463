"""The Data view's tabs run their long jobs in the view's job strip (progress and Cancel
under the header) and say the outcome in their own message bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gui.context import AppContext
from gui.jobs import Job
from gui.views.base import JobStrip


def run_tracked(
    ctx: AppContext,
    strip: JobStrip | None,
    title: str,
    work: Callable[[Any, Any], Any],
    *,
    on_success: Callable[[Any], Any],
    on_error: Callable[[BaseException], bool],
    on_cancel: Callable[[], Any] | None = None,
    cancellable: bool = True,
) -> Job:
    job = ctx.runner.run(
        title,
        work,
        on_success=on_success,
        on_error=on_error,
        on_cancel=on_cancel,
        cancellable=cancellable,
    )
    if strip is not None:
        strip.track(job, title)
    return job
