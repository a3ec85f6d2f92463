"""Sign-in cost of taking roles from the signed log (issue 18).

Every sign-in replays workspace.init and the user.* entries (engine/audit/membership.py).
This measures that replay on a workspace with many users and a long log, against the anchor
every real sign-in already pays in the same run: one Argon2id derivation with the default
parameters (docs/security.md).

    .venv/bin/python bench/login_bench.py --users 200 --entries 100000 --reps 5
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PASSWORD, median, scratch_workspace, timed
from helpers_fill import fill


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()

    from engine.audit.membership import authority_from_log
    from engine.security import kdf

    ws, admin = scratch_workspace()
    roles = ["analyst", "validator", "auditor"]
    for i in range(args.users):  # each user: added, then changes their own password
        name = f"user{i:04d}"
        ws.users.add(admin, name, roles[i % 3], f"first {name} passphrase")
        ws.users.change_password(
            ws.login(name, f"first {name} passphrase"),
            f"first {name} passphrase",
            f"own {name} passphrase",
        )
    fill(ws, admin, args.entries)
    with ws.db.reading() as session:
        size = ws.audit_log.size(session)

    def replay() -> None:
        with ws.db.reading() as session:
            authority_from_log(session)

    replays = [timed(replay) for _ in range(args.reps)]
    logins = [
        timed(lambda: ws.login("user0001", "own user0001 passphrase")) for _ in range(args.reps)
    ]
    salt = b"\0" * 16
    argon = [
        timed(lambda: kdf.derive_key(PASSWORD, salt, kdf.DEFAULT_PARAMS, "bench"))
        for _ in range(max(1, args.reps // 2))
    ]
    replay_s, login_s, argon_s = median(replays), median(logins), median(argon)
    entries = 1 + 2 * args.users
    print(f"log: {size:,} entries, of which {entries:,} establish users ({args.users} users)")
    print(f"replay of the user entries at sign-in: {replay_s * 1000:.1f} ms")
    print(f"whole sign-in with the test KDF (replay included): {login_s * 1000:.1f} ms")
    print(f"anchor, one Argon2id derivation (default parameters): {argon_s * 1000:.0f} ms")
    print(
        f"ratio replay / Argon2id: {replay_s / argon_s:.3f} (both wall time, one thread, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f})"
    )
    ws.close()


if __name__ == "__main__":
    main()
