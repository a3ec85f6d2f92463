"""The `airlock` command (also `python -m engine`).

Exit status: 0 success, 1 an error the user can act on (message and hint on stderr),
2 a usage error, 3 an internal error (a bug: the traceback is printed for the report).
"""

from __future__ import annotations

import argparse
import sys
import traceback

from engine import __version__
from engine.cli import (
    audit_cmds,
    bundle_cmds,
    data_cmds,
    drift_cmds,
    governance_cmds,
    keys_cmds,
    model_cmds,
    monitor_cmds,
    pipeline_cmds,
    project_cmds,
    serve_cmds,
    train_cmds,
    user_cmds,
    workspace_cmds,
)
from engine.errors import AirlockError
from engine.security.kdf import FAST_KDF_ENV, fast_kdf_enabled


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="airlock",
        description="Airlock: offline MLOps workbench for regulated, air-gapped networks.",
        epilog="The acting user comes from --user or AIRLOCK_USER, the password from "
        "AIRLOCK_PASSWORD or a hidden prompt.",
    )
    parser.add_argument("--version", action="version", version=f"airlock {__version__}")
    parser.add_argument(
        "-w", "--workspace", metavar="DIR", help="workspace folder (default: $AIRLOCK_WORKSPACE)"
    )
    parser.add_argument(
        "-u", "--user", metavar="NAME", help="acting user (default: $AIRLOCK_USER, else a prompt)"
    )
    parser.add_argument(
        "-p",
        "--project",
        metavar="NAME",
        help="project (default: $AIRLOCK_PROJECT, else the default project)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    workspace_cmds.register(commands)
    project_cmds.register(commands)
    data_cmds.register(commands)
    train_cmds.register(commands)
    model_cmds.register(commands)
    bundle_cmds.register_bundle(commands)
    serve_cmds.register(commands)
    pipeline_cmds.register(commands)
    drift_cmds.register(commands)
    monitor_cmds.register_monitor(commands)
    governance_cmds.register(commands)
    user_cmds.register(commands)
    keys_cmds.register(commands)
    audit_cmds.register(commands)
    for name in (
        "project",
        "data",
        "train",
        "runs",
        "model",
        "score",
        "bundle",
        "pipeline",
        "drift",
        "monitor",
    ):
        _project_option_anywhere(commands.choices[name])
    return parser


def _project_option_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let `--project P` also follow the command (`airlock data list --project P`)."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        parser.add_argument(
            "-p",
            "--project",
            metavar="NAME",
            default=argparse.SUPPRESS,
            help="project (default: $AIRLOCK_PROJECT, else the default one)",
        )
    for action in subcommands:
        for child in set(action.choices.values()):
            _project_option_anywhere(child)


def main(argv: list[str] | None = None) -> int:
    from engine.cli.common import take_secrets
    from engine.security.hardening import no_core_dumps

    no_core_dumps()
    take_secrets()  # before anything can start a child process
    parser = build_parser()
    args = parser.parse_args(argv)
    if fast_kdf_enabled():
        print(
            f"warning: {FAST_KDF_ENV}=1 is set: new passwords get test-strength key "
            "derivation. Never use this on a real workstation.",
            file=sys.stderr,
        )
    try:
        return int(args.run(args))
    except AirlockError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`airlock … | head`): not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        print(
            "Airlock hit an internal error (a bug). Please report it with the details below:",
            file=sys.stderr,
        )
        traceback.print_exc()
        return 3
