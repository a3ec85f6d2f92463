"""`airlock init`, `airlock recover`, `airlock upgrade`."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.audit.export import fingerprint
from engine.audit.record import unb64
from engine.cli.common import (
    open_workspace,
    prompt_secret,
    prompt_text,
    session,
    workspace_dir,
)
from engine.errors import ValidationError
from engine.settings import SETTINGS
from engine.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init",
        help="create a workspace",
        description="Create a workspace with one administrator. The "
        "password comes from AIRLOCK_PASSWORD or a prompt.",
    )
    init.add_argument("dir", type=Path, help="a new or empty folder")
    init.add_argument("--admin", required=True, metavar="NAME", help="administrator user name")
    init.add_argument(
        "--metadata-url",
        metavar="URL",
        help="keep the metadata on a PostgreSQL server (a team workspace): "
        "postgresql://USER@HOST:PORT/DATABASE, an empty database; the "
        "password comes from PGPASSWORD or ~/.pgpass and is never stored "
        "(docs/team.md)",
    )
    init.set_defaults(run=cmd_init)

    recover = commands.add_parser(
        "recover",
        help="reset an administrator's password with the recovery key",
        description="Unlock the workspace with the recovery key (AIRLOCK_RECOVERY_KEY or a "
        "prompt) and set a new administrator password (AIRLOCK_NEW_PASSWORD or "
        "a prompt). The administrator gets new signing keys.",
    )
    recover.add_argument(
        "--admin", metavar="NAME", help="the administrator (default: the only one)"
    )
    recover.set_defaults(run=cmd_recover)

    settings = commands.add_parser(
        "settings",
        help="show workspace settings, or set one (administrators)",
        description="Workspace-wide settings: " + ", ".join(SETTINGS) + ".",
    )
    settings.add_argument("name", nargs="?")
    settings.add_argument("value", nargs="?", help="an empty string clears a text setting")
    settings.set_defaults(run=cmd_settings)
    upgrade = commands.add_parser("upgrade", help="upgrade an older workspace's database")
    upgrade.set_defaults(run=cmd_upgrade)


def cmd_init(args: argparse.Namespace) -> int:
    password = prompt_secret(f"Password for {args.admin}", "AIRLOCK_PASSWORD", confirm=True)
    ws, recovery = Workspace.create(args.dir, args.admin, password, metadata=args.metadata_url)
    with ws:
        print(f"Created workspace {ws.id} at {ws.path}")
        if ws.config.metadata_url:
            print(f"Metadata and audit log on {ws.config.metadata_url}")
        print(f"Administrator: {args.admin}")
        print()
        print("RECOVERY KEY (shown this once):")
        print()
        print(f"    {recovery}")
        print()
        print("Write it down now and store it OFFLINE (on paper, in a safe), never on this")
        print("computer. With the workspace folder it unlocks everything and resets an")
        print("administrator's password (`airlock recover`). Airlock cannot show it again.")
        print()
        print("Log key fingerprint (give it to your auditors on paper):")
        print(f"    {fingerprint(unb64(ws.config.log_public_key))}")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        admins = ws.admin_names()
        name = args.admin
        if name is None:
            if len(admins) != 1:
                raise ValidationError(
                    "This workspace has several administrators.", hint="Name one with --admin NAME."
                )
            name = admins[0]
        key = prompt_secret("Recovery key", "AIRLOCK_RECOVERY_KEY")
        password = prompt_secret(f"New password for {name}", "AIRLOCK_NEW_PASSWORD", confirm=True)
        actor = ws.recover(key, name, password)
        actor.lock()
        print(f"The password of {name} was reset and new signing keys were issued.")
        print("Treat the recovery key as used: keep it safe, it still works.")
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    ws = Workspace.open(workspace_dir(args), allow_outdated=True)
    with ws:
        before = ws.db.current_revision()
        name = args.user or prompt_text("User", "AIRLOCK_USER")
        actor = ws.login(name, prompt_secret(f"Password for {name}", "AIRLOCK_PASSWORD"))
        # the role first: an analyst was told "up to date" (exit 0) instead of refused
        ws.access.require(actor, "workspace.upgrade", "workspace")
        if before == ws.db.head_revision():
            print("The workspace is up to date.")
            return 0
        ws.upgrade(actor)
        print(f"Upgraded the workspace database from {before} to {ws.db.head_revision()}.")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        if args.name is None:
            for name, value in ws.settings.all(actor).items():
                print(f"{name:<22} {value!r:<32} {SETTINGS[name].label}")
            return 0
        if args.value is None:
            print(repr(ws.settings.all(actor).get(args.name)))
            return 0
        spec = SETTINGS.get(args.name)
        value = args.value
        if spec is not None and spec.kind is int and args.value.strip().lstrip("-").isdigit():
            value = int(args.value)  # otherwise the setting's own check says what is wrong
        if (
            spec is not None
            and spec.kind is bool
            and args.value.lower() in ("true", "false", "yes", "no")
        ):
            value = args.value.lower() in ("true", "yes")
        ws.settings.set(actor, args.name, value)
        print(f"{args.name} = {ws.settings.all(actor)[args.name]!r}")
    return 0
