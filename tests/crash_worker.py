"""Run by test_crash.py: a zygote that imports the engine once, then for each seed read on
stdin forks a writer that writes objects and audit entries until it is killed (SIGKILL).
Forking from a process that has already imported everything makes each of the test's kills
cost milliseconds instead of a Python start-up (about a second on two busy cores); the
writer is still a whole process of its own, killed the way a crash kills one."""

import os
import random
import sys

from engine.workspace import Workspace


def write_until_killed(path: str, seed: int) -> None:
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


if __name__ == "__main__":
    print("ZYGOTE", flush=True)
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(sys.argv[1], int(line))
            finally:
                os._exit(1)  # only reached if the writer failed before its kill
        print(f"PID {pid}", flush=True)
        os.waitpid(pid, 0)
        print("REAPED", flush=True)
