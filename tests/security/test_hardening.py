"""No core dumps (issue 18): the `airlock` command and the desktop app set the core size
limit to 0 and, on Linux, make the process non-dumpable before any key is in memory; child
processes (training workers) keep the limit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import resource, subprocess, sys
from engine.security.hardening import dumpable
import engine.cli
from engine.cli import main
sys.argv = ['airlock', '--version']
try:
    main(['--version'])
except SystemExit:
    pass
child = subprocess.run([sys.executable, '-c', 'import resource; '
                        'print(resource.getrlimit(resource.RLIMIT_CORE))'],
                       capture_output=True, text=True).stdout.strip()
print('RESULT', resource.getrlimit(resource.RLIMIT_CORE), dumpable(), child)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="prctl and RLIMIT_CORE are Linux/POSIX")
def test_the_command_line_cannot_dump_core_nor_can_its_children():
    before = subprocess.run(
        [sys.executable, "-c", "from engine.security.hardening import dumpable; print(dumpable())"],
        capture_output=True,
        text=True,
    )
    assert before.stdout.strip() == "True"  # the default, so the probe below can fail
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    line = [x for x in out.stdout.splitlines() if x.startswith("RESULT")]
    assert line == ["RESULT (0, 0) False (0, 0)"], out.stdout + out.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="prctl is Linux")
def test_the_desktop_app_hardens_before_anything_else(monkeypatch):
    import resource

    import gui.app as app
    from engine.security.hardening import dumpable

    seen = {}

    def first_step(argv):
        seen["state"] = (dumpable(), resource.getrlimit(resource.RLIMIT_CORE))
        raise SystemExit(0)

    monkeypatch.setattr(app, "parse_args", first_step)
    with pytest.raises(SystemExit):
        app.run([])
    assert seen["state"] == (False, (0, 0))


SECRETS_PROBE = """
import os, subprocess, sys
from engine.cli import main
from engine.cli.common import prompt_secret
try:
    main(['--version'])
except SystemExit:
    pass
child = subprocess.run([sys.executable, '-c', 'import os; print(sorted(k for k in os.environ '
                        'if k.startswith("AIRLOCK_")))'], capture_output=True, text=True)
print('CHILD', child.stdout.strip())
print('READ', prompt_secret('Password', 'AIRLOCK_PASSWORD'),
      prompt_secret('New', 'AIRLOCK_NEW_PASSWORD'))
"""


def test_secrets_leave_the_environment_before_any_child_starts(tmp_path):
    # A training worker (or any child) inherited AIRLOCK_PASSWORD; now the command takes the
    # secrets out of its environment first and still reads them where they are needed.
    secret_file = tmp_path / "new.txt"
    secret_file.write_text("from a file 123\n", encoding="utf-8")
    secret_file.chmod(0o600)
    env = {
        "PATH": "/usr/bin:/bin",
        "AIRLOCK_PASSWORD": "in the environment 1",
        "AIRLOCK_NEW_PASSWORD_FILE": str(secret_file),
        "AIRLOCK_USER": "ana",
    }
    out = subprocess.run(
        [sys.executable, "-c", SECRETS_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT),
    ).stdout
    assert "CHILD ['AIRLOCK_USER']" in out, out
    assert "READ in the environment 1 from a file 123" in out, out


def test_a_secret_file_others_can_read_is_refused(tmp_path, monkeypatch):
    from engine.cli import common
    from engine.errors import ValidationError

    loose = tmp_path / "pw.txt"
    loose.write_text("a loose secret 1\n", encoding="utf-8")
    loose.chmod(0o644)
    monkeypatch.setenv("AIRLOCK_PASSWORD_FILE", str(loose))
    monkeypatch.delenv("AIRLOCK_PASSWORD", raising=False)
    common.take_secrets()
    with pytest.raises(ValidationError, match=r"other users can read \(mode 0o644\)") as err:
        common.prompt_secret("Password", "AIRLOCK_PASSWORD")
    assert err.value.hint == f"chmod 600 {loose}"
    monkeypatch.setenv("AIRLOCK_PASSWORD_FILE", str(tmp_path / "absent.txt"))
    common.take_secrets()
    with pytest.raises(ValidationError, match="cannot be read: No such file"):
        common.prompt_secret("Password", "AIRLOCK_PASSWORD")
    common.take_secrets()
