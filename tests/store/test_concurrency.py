"""Several processes on one workspace at once, on SQLite and on PostgreSQL: the audit log
stays one gap-free, valid chain; a writer killed in the middle of its append leaves no trace
and does not stop the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, PASSWORDS

pytestmark = [pytest.mark.both_backends, pytest.mark.real_clock]
WORKER = Path(__file__).resolve().parents[1] / "concurrent_worker.py"
ROOT = Path(__file__).resolve().parents[2]


def start(workspace, user: str, mode: str, n: int | str) -> subprocess.Popen:
    password = ADMIN_PASSWORD if user == "admin" else PASSWORDS[user]
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(workspace.path), user, password, mode, str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        },
    )


def wait_for(process: subprocess.Popen, word: str) -> None:
    for line in process.stdout:  # type: ignore[union-attr]
        if line.strip() == word:
            return
    raise AssertionError(f"the worker ended before {word}: {process.stderr.read()}")


def test_concurrent_writers_make_one_valid_chain(workspace, team):
    admin = team["admin"]
    before = len(workspace.audit.entries(admin))
    writers = [start(workspace, user, "append", 40) for user in ("admin", "ana", "ana", "admin")]
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0 and "DONE" in out, err
    entries = workspace.audit.entries(admin)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))  # no gap, no repeat
    # each writer's 40 changes, plus the workers' own sign-ins
    changes = [e for e in entries[before:] if e.action in ("object.put", "audit.checkpoint")]
    assert len(changes) == 4 * 40
    assert {e.user_id for e in changes} == {admin.user_id, team["analyst"].user_id}
    report = workspace.audit.verify(team["auditor"])
    assert report.ok, [f.line() for f in report.findings]
    assert report.entries_checked == len(entries)


def test_a_writer_killed_mid_append_leaves_nothing_and_the_others_go_on(workspace, team):
    admin = team["admin"]
    holder = start(workspace, "ana", "hold", 0)
    wait_for(holder, "HOLDING")  # its entry is appended, its transaction holds the lock
    # the others start; their sign-ins (audited writes) queue behind the holder's lock
    others = [start(workspace, user, "append", 10) for user in ("admin", "ana")]
    time.sleep(2)
    assert all(other.poll() is None for other in others)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    for other in others:
        out, err = other.communicate(timeout=600)
        assert other.returncode == 0 and "DONE" in out, err
    entries = workspace.audit.entries(admin)
    assert not [e for e in entries if e.target == "object:held"]  # rolled back with the kill
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert len([e for e in entries if e.action in ("object.put", "audit.checkpoint")]) == 20
    report = workspace.audit.verify(team["auditor"])
    assert report.ok, [f.line() for f in report.findings]


def test_concurrent_command_line_imports(workspace, team, tmp_path):
    """Three `airlock data import` processes at once: three datasets, one valid chain."""
    env = {**os.environ, "AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": PASSWORDS["ana"]}
    env.pop("AIRLOCK_WORKSPACE", None)
    processes = []
    for i in range(3):
        source = tmp_path / f"part{i}.csv"
        source.write_text("id,amount\n" + "".join(f"{j},{j * i}\n" for j in range(500)))
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "engine",
                    "-w",
                    str(workspace.path),
                    "data",
                    "import",
                    str(source),
                    "--name",
                    f"part{i}",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=ROOT,
            )
        )
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0 and "Traceback" not in err, out + err
    names = sorted(d.name for d in workspace.data.datasets(team["analyst"]))
    assert names == ["part0", "part1", "part2"]
    entries = workspace.audit.entries(team["admin"])
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert workspace.audit.verify(team["auditor"]).ok
