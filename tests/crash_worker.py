"""Run by test_crash.py: writes objects and audit entries until it is killed."""

import os
import random
import sys

from engine.workspace import Workspace

path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
ws = Workspace.open(path)
actor = ws.login("admin", "admin password 123")
print("READY", flush=True)
while True:
    choice = rng.random()
    if choice < 0.5:
        size = rng.choice([0, 100, 20_000, 300_000, 3_000_000])
        ws.objects.put(actor, os.urandom(size), "blob")
    elif choice < 0.8:
        ws.audit.save_checkpoint(actor)
    else:
        ws.users.set_role(actor, "ana", rng.choice(["analyst", "validator"]))
