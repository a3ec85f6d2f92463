"""`airlock keys rotate-master` and `airlock keys rotate-recovery`."""

from __future__ import annotations

import argparse

from engine.cli.common import TerminalProgress, session


def register(commands: argparse._SubParsersAction) -> None:
    keys = commands.add_parser("keys", help="key management")
    sub = keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    rotate = sub.add_parser(
        "rotate-master",
        help="rotate the workspace master key",
        description="Make a new master key, reseal it for every enabled user and the "
        "recovery key, and rewrap every object's data key. No object payload is "
        "rewritten. Disabled users lose access for good.",
    )
    rotate.set_defaults(run=cmd_rotate)
    recovery = sub.add_parser(
        "rotate-recovery",
        help="replace the recovery key (the old one stops working)",
        description="Make a new recovery key and print it once; the old one no longer opens "
        "the workspace, and the signed audit log retires it. Do this when the "
        "printed key may have been seen or copied, or when its keeper leaves.",
    )
    recovery.add_argument("--reason", default="", help="why (recorded in the audit log)")
    recovery.set_defaults(run=cmd_rotate_recovery)


def cmd_rotate(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.keys.rotate_master(actor, progress=TerminalProgress("Rotating"))
        print(
            f"Master key rotated ({result.old_mk_id} -> {result.new_mk_id}): "
            f"{result.objects_rewrapped} data keys rewrapped, "
            f"{result.slots_resealed} key slots resealed. Other sessions must log in "
            "again."
        )
    return 0


def cmd_rotate_recovery(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        printed = ws.keys.rotate_recovery(actor, reason=args.reason)
    print("The old recovery key no longer works.")
    print()
    print("NEW RECOVERY KEY (shown this once):")
    print()
    print(f"    {printed}")
    print()
    print("Write it down now and store it OFFLINE (on paper, in a safe), never on this")
    print("computer; destroy the old one. Airlock cannot show it again.")
    return 0
