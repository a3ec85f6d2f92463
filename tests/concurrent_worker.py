"""Run by test_concurrency.py: one writer process on a shared workspace.

    concurrent_worker.py WORKSPACE USER PASSWORD MODE N

append: N audited changes (each its own write transaction) through the services — an
object stored, a checkpoint saved by the administrator — interleaved with the other writers;
hold: one audit entry appended, then the write transaction is held open (the writer is killed
in the middle of its append);
approve: try to approve model version N (e.g. credit@1; races another validator)."""

import os
import sys
import time

from engine.errors import AirlockError
from engine.workspace import Workspace

path, user, password, mode, n = sys.argv[1:6]
ws = Workspace.open(path)
actor = ws.login(user, password)
print("READY", flush=True)
if mode == "append":
    for i in range(int(n)):
        if i % 2 and actor.role == "admin":
            ws.audit.save_checkpoint(actor)
        else:
            ws.objects.put(actor, f"{user} {os.getpid()} {i}".encode(), "blob")
elif mode == "hold":
    with ws.db.transaction() as session:
        ws.audit_log.append(session, actor, "object.put", "object:held", {"held": True})
        print("HOLDING", flush=True)
        time.sleep(600)
elif mode == "approve":
    try:
        ws.registry.approvals.approve(actor, n, password=password, reason="reviewed the evidence")
        print("APPROVED", flush=True)
    except AirlockError as exc:
        print("REFUSED", exc.message, flush=True)
ws.close()
print("DONE", flush=True)
