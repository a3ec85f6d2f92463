"""`airlock keys rotate-master`."""

from __future__ import annotations

import argparse

from engine.cli.common import TerminalProgress, login, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    keys = commands.add_parser("keys", help="key management")
    sub = keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    rotate = sub.add_parser(
        "rotate-master", help="rotate the workspace master key",
        description="Make a new master key, reseal it for every enabled user and the "
                    "recovery key, and rewrap every object's data key. No object payload is "
                    "rewritten. Disabled users lose access for good.")
    rotate.set_defaults(run=cmd_rotate)


def cmd_rotate(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        actor = login(args, ws)
        result = ws.keys.rotate_master(actor, progress=TerminalProgress("Rotating"))
        print(f"Master key rotated ({result['old_mk_id']} -> {result['new_mk_id']}): "
              f"{result['objects_rewrapped']} data keys rewrapped, "
              f"{result['slots_resealed']} key slots resealed. Other sessions must log in "
              "again.")
    return 0
