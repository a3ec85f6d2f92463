"""Progress reporting and cooperative cancellation for long engine calls.

Every long call takes `progress: Progress | None` and `cancel: CancelToken | None`,
reports fractions through `progress`, and calls `cancel.check()` between steps. The GUI
and the CLI supply their own implementations; nothing here knows about Qt or terminals.
"""

from __future__ import annotations

import threading
from typing import Protocol

from engine.errors import Cancelled


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None:
        """Report `fraction` in [0, 1] of the work done, with an optional short message."""


class CancelToken:
    """Set by the caller (any thread); checked by the work between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled when cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()


def check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


def report(progress: Progress | None, fraction: float, message: str = "") -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), message)


def sub_progress(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A Progress that maps [0, 1] of a sub-step onto [start, end] of the whole."""
    if progress is None:
        return None
    parent = progress

    def _sub(fraction: float, message: str = "") -> None:
        parent(start + (end - start) * min(1.0, max(0.0, fraction)), message)

    return _sub
