"""How v1-workspace.zip was made: run with the code of commit d76e5a6 (audit format v1),
before format v2 existed. Kept as the record of its history; running it with a later
Airlock would make a format-v2 log instead.

    AIRLOCK_UNSAFE_FAST_KDF=1 python tests/audit/data/make_v1_workspace.py
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ["AIRLOCK_UNSAFE_FAST_KDF"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from engine.errors import AuthenticationError, PermissionDenied
from engine.projects import ProjectFields
from engine.workspace import Workspace


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


def refused(call, *args) -> None:
    try:
        call(*args)
    except (AuthenticationError, PermissionDenied):
        return
    raise AssertionError("expected a refusal")


def main() -> None:
    out = Path("/tmp/v1fix")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    clock = Clock()
    ws, recovery = Workspace.create(out / "ws", "admin", "admin password 123", clock=clock)
    admin = ws.login("admin", "admin password 123")
    ws.users.add(admin, "ana", "analyst", "analyst password 1")
    ws.users.add(admin, "val", "validator", "validator pass 1")
    ws.users.add(admin, "aud", "auditor", "auditor password 1")
    ws.users.add(admin, "bob", "analyst", "bob password 123")
    ana = ws.login("ana", "analyst password 1")
    refused(ws.login, "ana", "not the password")
    refused(ws.login, "nobody", "not the password")
    ws.projects.create(ana, "credit", ProjectFields())
    ws.objects.put(ana, b"old data " * 100, "blob")
    refused(ws.users.add, ana, "eve", "admin", "eve password 1234")
    ws.settings.set(admin, "display_name", "Fixture bank")
    clock.advance(800)
    ws.users.set_role(admin, "bob", "validator")
    ws.users.reset_password(admin, "val", "validator reset 123")
    ws.users.disable(admin, "bob")
    ws.users.enable(admin, "bob")
    ws.keys.rotate_master(admin)
    ana = ws.login("ana", "analyst password 1")
    ws.users.change_password(ana, "analyst password 1", "analyst password 2")
    ana = ws.login("ana", "analyst password 2")
    ws.objects.put(ana, b"newer data " * 50, "blob")
    aud = ws.login("aud", "auditor password 1")
    ws.audit.save_checkpoint(aud, out / "kept-checkpoint.txt")
    ws.audit.prune(admin, clock.now - timedelta(days=731), retention_days=730)
    ws.recover(recovery, "admin", "admin password 456")
    admin = ws.login("admin", "admin password 456")
    ws.users.disable(admin, "bob")
    refused(ws.login, "ana", "wrong wrong wrong")
    assert ws.audit.verify(aud).ok
    ws.audit.export(aud, out / "v1-bundle.zip")
    ws.close()
    (out / "README.txt").write_text(
        "A workspace with an audit log in format v1, made by Airlock at commit d76e5a6\n"
        "(AIRLOCK_UNSAFE_FAST_KDF=1). Passwords: admin 'admin password 456', ana 'analyst "
        "password 2',\nval 'validator reset 123', aud 'auditor password 1' (bob is "
        f"disabled).\nRecovery key: {recovery}\nv1-bundle.zip was exported from it by aud; "
        "kept-checkpoint.txt was saved before the prune.\n"
    )
    target = Path(__file__).with_name("v1-workspace.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(out.rglob("*")):
            if path.is_file() and not path.name.endswith(("-wal", "-shm")):
                archive.write(path, path.relative_to(out))


if __name__ == "__main__":
    main()
