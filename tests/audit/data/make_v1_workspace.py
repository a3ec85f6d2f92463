"""Builds tests/audit/data/v1-workspace.zip with the code at commit d76e5a6 (audit format v1)."""
import os, shutil, sys, zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
os.environ["AIRLOCK_UNSAFE_FAST_KDF"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from engine.workspace import Workspace
from engine.errors import AuthenticationError, PermissionDenied

class Clock:
    def __init__(self): self.now = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
    def __call__(self):
        self.now += timedelta(seconds=7); return self.now
    def advance(self, days): self.now += timedelta(days=days)

out = Path("/tmp/v1fix"); shutil.rmtree(out, ignore_errors=True); out.mkdir()
clock = Clock()
ws, recovery = Workspace.create(out / "ws", "admin", "admin password 123", clock=clock)
admin = ws.login("admin", "admin password 123")
ws.users.add(admin, "ana", "analyst", "analyst password 1")
ws.users.add(admin, "val", "validator", "validator pass 1")
ws.users.add(admin, "aud", "auditor", "auditor password 1")
ws.users.add(admin, "bob", "analyst", "bob password 123")
ana = ws.login("ana", "analyst password 1")
try: ws.login("ana", "not the password")
except AuthenticationError: pass
try: ws.login("nobody", "not the password")
except AuthenticationError: pass
ws.projects.create(ana, "credit", __import__("engine.projects", fromlist=["ProjectFields"]).ProjectFields())
ws.objects.put(ana, b"old data " * 100, "blob")
try: ws.users.add(ana, "eve", "admin", "eve password 1234")
except PermissionDenied: pass
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
done = ws.audit.prune(admin, clock.now - timedelta(days=731), retention_days=730)
print("pruned", done)
ws.recover(recovery, "admin", "admin password 456")
admin = ws.login("admin", "admin password 456")
ws.users.disable(admin, "bob")
try: ws.login("ana", "wrong wrong wrong")
except AuthenticationError: pass
rep = ws.audit.verify(aud)
print(rep.summary())
assert rep.ok
ws.audit.export(aud, out / "v1-bundle.zip")
last = ws.audit.entries(aud)[-1]
print("last", last.seq, last.time)
ws.close()
(out / "README.txt").write_text(
    "A workspace with an audit log in format v1, made by Airlock at commit d76e5a6\n"
    "(AIRLOCK_UNSAFE_FAST_KDF=1). Passwords: admin 'admin password 456', ana 'analyst password 2',\n"
    "val 'validator reset 123', aud 'auditor password 1' (bob is disabled).\n"
    f"Recovery key: {recovery}\n"
    "v1-bundle.zip was exported from it by aud; kept-checkpoint.txt was saved before the prune.\n")
with zipfile.ZipFile(str(Path(__file__).with_name("v1-workspace.zip")), "w", zipfile.ZIP_DEFLATED) as z:
    for p in sorted(out.rglob("*")):
        if p.is_file() and not p.name.endswith(("-wal", "-shm")):
            z.write(p, p.relative_to(out))
print(sorted(z.namelist() for z in [zipfile.ZipFile(str(Path(__file__).with_name("v1-workspace.zip")))]))
