"""Crash safety: a writer killed with SIGKILL at random points never leaves a workspace that
fails to open, an audit log that fails to verify (a torn tail is reported, never dropped),
or metadata pointing at a missing or partial object."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.workspace import Workspace

from conftest import ADMIN_PASSWORD, PASSWORDS
from helpers import lines

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 35


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_random_kills_during_writes_leave_a_consistent_workspace(tmp_path):
    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD)
    admin = ws.login("admin", ADMIN_PASSWORD)
    ws.users.add(admin, "ana", "analyst", PASSWORDS["ana"])
    ws.close()
    rng = random.Random(42)
    sizes = []
    zygote = subprocess.Popen(
        [sys.executable, str(WORKER), str(tmp_path / "ws")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    assert zygote.stdout.readline().strip() == "ZYGOTE"
    for kill in range(KILLS):
        zygote.stdin.write(f"{kill}\n")
        zygote.stdin.flush()
        said = {zygote.stdout.readline().strip(), zygote.stdout.readline().strip()}
        [pid] = [int(s.split()[1]) for s in said if s.startswith("PID ")]
        assert "READY" in said, said  # the writer is in and writing
        time.sleep(rng.uniform(0.0, 0.5))
        os.kill(pid, signal.SIGKILL)
        assert zygote.stdout.readline().strip() == "REAPED"
        with Workspace.open(tmp_path / "ws") as ws:
            actor = ws.login("admin", ADMIN_PASSWORD)
            report = ws.audit.verify(actor)
            assert report.ok, f"after kill {kill}:\n{lines(report)}"
            assert all(f.where == "torn tail" for f in report.findings), lines(report)
            with ws.db.engine.connect() as connection:
                rows = connection.exec_driver_sql("SELECT id, stored_size FROM objects").all()
            for object_id, stored in rows:
                path = ws.objects.path(object_id)
                assert path.is_file() and path.stat().st_size == stored, f"after kill {kill}"
            sizes.append(report.entries_checked)
    zygote.stdin.close()
    zygote.wait(timeout=30)
    assert sizes == sorted(sizes)  # nothing was ever dropped
    assert sizes[-1] > 3 * KILLS
    with Workspace.open(tmp_path / "ws") as ws:
        actor = ws.login("admin", ADMIN_PASSWORD)
        assert ws.objects.missing_or_damaged(actor) == []  # every object authenticates
