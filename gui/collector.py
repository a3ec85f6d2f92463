"""Python's garbage collector runs only on the UI thread.

Left automatic, the collector runs wherever Python happens to allocate — a job's worker
thread among them — and a Qt widget freed there crashes the process (seen in the test
suite: a segmentation fault while a dashboard job ran). The known remedy: turn automatic
collection off and collect on a timer in the UI thread, as often as the thresholds ask.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class UiThreadCollector(QObject):
    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (as gc would)."""
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 0
            if counts[1] > self.threshold[1]:
                generation = 2 if counts[2] > self.threshold[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
