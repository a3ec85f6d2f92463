"""`airlock user add|list|disable|enable|passwd|role`."""

from __future__ import annotations

import argparse

from engine.cli.common import prompt_secret, session
from engine.security.rbac import Role


def register(commands: argparse._SubParsersAction) -> None:
    user = commands.add_parser("user", help="manage users")
    sub = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    add = sub.add_parser("add", help="add a user (password from AIRLOCK_NEW_PASSWORD or a prompt)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument(
        "--service",
        action="store_true",
        help="a service account (analyst) for unattended pipelines; it cannot "
        "sign in to the desktop app",
    )
    add.set_defaults(run=cmd_add)
    sub.add_parser("list", help="list users").set_defaults(run=cmd_list)
    disable = sub.add_parser("disable", help="disable a user (they can no longer log in)")
    disable.add_argument("name")
    disable.set_defaults(run=cmd_disable)
    enable = sub.add_parser("enable", help="enable a disabled user")
    enable.add_argument("name")
    enable.set_defaults(run=cmd_enable)
    passwd = sub.add_parser(
        "passwd",
        help="change your password, or (administrators) set another user's",
        description="Without NAME: change your own password (current one from "
        "AIRLOCK_PASSWORD, new one from AIRLOCK_NEW_PASSWORD, or prompts). "
        "With NAME: an administrator sets that user's password; the user gets "
        "new signing keys.",
    )
    passwd.add_argument("name", nargs="?")
    passwd.set_defaults(run=cmd_passwd)
    role = sub.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=[r.value for r in Role])
    role.set_defaults(run=cmd_role)


def cmd_add(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        password = prompt_secret(
            f"Initial password for {args.name}", "AIRLOCK_NEW_PASSWORD", confirm=True
        )
        user = ws.users.add(actor, args.name, args.role, password, service=args.service)
        kind = "service account, " if user.service else ""
        print(
            f"Added {user.name} ({kind}{user.role}), id {user.id}, signing key "
            f"{user.signing_key_id}"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        users = ws.users.list(actor)
        print(f"{'name':<20} {'role':<10} {'status':<9} {'id':<17} {'key':<9} created")
        for u in users:
            status = "disabled" if u.disabled else "service" if u.service else "active"
            print(
                f"{u.name:<20} {u.role:<10} {status:<9} {u.id:<17} {u.signing_key_id:<9} "
                f"{u.created[:19]}"
            )
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        user = ws.users.disable(actor, args.name)
        print(
            f"Disabled {user.name}. Run `airlock keys rotate-master` to also revoke the "
            "keys they may have copied."
        )
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        user = ws.users.enable(actor, args.name)
        print(f"Enabled {user.name}.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        if args.name and args.name.casefold() != actor.name.casefold():
            password = prompt_secret(
                f"New password for {args.name}", "AIRLOCK_NEW_PASSWORD", confirm=True
            )
            user = ws.users.reset_password(actor, args.name, password)
            print(f"Set the password of {user.name}; new signing key {user.signing_key_id}.")
            return 0
        current = prompt_secret("Current password", "AIRLOCK_PASSWORD")
        new = prompt_secret("New password", "AIRLOCK_NEW_PASSWORD", confirm=True)
        ws.users.change_password(actor, current, new)
        print("Password changed.")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        user = ws.users.set_role(actor, args.name, args.role)
        print(f"{user.name} is now {user.role}.")
    return 0
