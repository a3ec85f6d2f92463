"""The job runner and the error presenter."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from engine.errors import ValidationError
from gui.jobs import JobState


def test_job_runs_off_the_ui_thread_and_reports_progress(qtbot, runner):
    import threading

    seen = {}

    def work(progress, cancel):
        seen["thread"] = threading.current_thread() is threading.main_thread()
        for i in range(5):
            progress((i + 1) / 5, f"step {i}")
            time.sleep(0.06)
        return 42

    results = []
    job = runner.run("Counting", work, on_success=results.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert results == [42] and job.state is JobState.SUCCEEDED and job.fraction == 1.0
    assert seen["thread"] is False


def test_cancel_stops_the_work(qtbot, runner):
    def work(progress, cancel):
        for _ in range(500):
            cancel.check()
            time.sleep(0.01)
        return "finished anyway"

    job = runner.run("Slow", work)
    QTimer.singleShot(50, job.cancel)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.state is JobState.CANCELLED


def test_airlock_error_is_shown_plainly(qtbot, runner):
    def work(progress, cancel):
        raise ValidationError("The file is not a CSV file.", "Choose a .csv file.")

    job = runner.run("Importing", work)
    with qtbot.waitSignal(runner.presenter.presented, timeout=5000) as signal:
        pass
    assert signal.args == ["error", "The file is not a CSV file.\n\nChoose a .csv file."]
    assert job.state is JobState.FAILED
    box = runner.presenter.dialogs[-1]
    assert box.isVisible() and box.text() == "The file is not a CSV file."


def test_unexpected_exception_becomes_a_bug_report_not_a_crash(qtbot, runner):
    def work(progress, cancel):
        return {}["missing key"]

    runner.run("Buggy", work)
    with qtbot.waitSignal(runner.presenter.presented, timeout=5000) as signal:
        pass
    kind, text = signal.args
    assert kind == "bug" and "KeyError" in text and "Traceback" in text
    dialog = runner.presenter.dialogs[-1]
    assert dialog.isVisible()
    dialog.copy_details()
    assert "KeyError" in QGuiApplication.clipboard().text()
