"""Desktop start-up: process start to the login window, and sign-in to the main window over
a 100,000-entry audit log, against a bare QApplication + QMainWindow in the same run.

    python bench/gui_startup.py [--entries 100000] [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import median, scratch_workspace  # noqa: E402

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
def shown():
    print("SHOWN", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def time_to_line(command: list[str], marker: str) -> tuple[float, str]:
    """Seconds from spawning `command` until it prints a line starting with `marker`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(marker):
            elapsed = time.perf_counter() - start
            process.wait(30)
            return elapsed, line.strip()
    raise RuntimeError(f"{command} never printed {marker}")


def main_window_time(ws, actor) -> tuple[float, float]:
    """Sign-in done -> main window shown with the dashboard filled; then -> the audit view
    with its first page of entries."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.context import AppContext
    from gui.errors import ErrorPresenter
    from gui.jobs import JobRunner
    from gui.main_window import MainWindow
    from gui.preferences import Preferences
    from gui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    presenter = ErrorPresenter(lambda: None)
    runner = JobRunner(presenter)
    prefs = Preferences(QSettings(str(Path(ws.path).parent / "p.ini"), QSettings.Format.IniFormat))

    def idle() -> None:
        while runner.running:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()

    start = time.perf_counter()
    session = Session(ws, actor, runner, 30)
    window = MainWindow(AppContext(session, runner, presenter, prefs))
    window.show()
    idle()
    to_main = time.perf_counter() - start
    start = time.perf_counter()
    audit = window.show_area("audit")
    idle()
    assert audit.model.rowCount() == 500  # type: ignore[attr-defined]
    to_audit = time.perf_counter() - start
    window.close()
    app.removeEventFilter(session)
    return to_main, to_audit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    env_python = [sys.executable]
    bare, login = [], []
    heavy = ""
    for _ in range(args.reps):  # interleaved
        bare.append(time_to_line([*env_python, "-c", BARE], "SHOWN")[0])
        seconds, line = time_to_line(
            [*env_python, str(ROOT / "main.py"), "--probe-startup"], "LOGIN_SHOWN"
        )
        login.append(seconds)
        heavy = line.split("heavy=")[-1]
    print(f"# GUI start-up, offscreen, {args.reps} interleaved repetitions")
    print(f"bare QApplication + QMainWindow shown: {median(bare):.3f} s")
    print(
        f"Airlock login window shown:            {median(login):.3f} s "
        f"(+{median(login) - median(bare):.3f} s over bare; heavy modules loaded: {heavy})"
    )

    from helpers_fill import fill

    ws, actor = scratch_workspace()
    fill(ws, actor, args.entries)
    to_main, to_audit = [], []
    for _ in range(args.reps):
        m, a = main_window_time(ws, actor)
        to_main.append(m)
        to_audit.append(a)
    print(
        f"sign-in -> main window with dashboard, {args.entries:,}-entry log: "
        f"{median(to_main):.3f} s"
    )
    print(f"-> audit view with its first 500 entries:          {median(to_audit):.3f} s")
    ws.close()


if __name__ == "__main__":
    main()
