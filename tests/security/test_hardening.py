"""No core dumps (issue 18): the `airlock` command and the desktop app set the core size
limit to 0 and, on Linux, make the process non-dumpable before any key is in memory; child
processes (training workers) keep the limit."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
    before = subprocess.run([sys.executable, "-c", "from engine.security.hardening import "
                             "dumpable; print(dumpable())"], capture_output=True, text=True)
    assert before.stdout.strip() == "True"  # the default, so the probe below can fail
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=120)
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
