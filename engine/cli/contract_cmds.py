"""`airlock data contract infer|show|edit|list` and `airlock data validate`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from engine.cli.common import TerminalProgress, project_name, session
from engine.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    contract = sub.add_parser("contract", help="data contracts (automated validation)")
    commands = contract.add_subparsers(dest="contract_command", metavar="COMMAND", required=True)
    infer = commands.add_parser("infer", help="infer a contract from a dataset version")
    infer.add_argument("ref", metavar="NAME@V")
    infer.add_argument("--name", help="contract name (default: the dataset's name)")
    infer.add_argument("--save", action="store_true", help="save it as a new version")
    infer.add_argument("--out", type=Path, help="write the JSON to a file to edit")
    infer.set_defaults(run=cmd_infer)
    show = commands.add_parser("show", help="print a contract version as JSON")
    show.add_argument("ref", metavar="CONTRACT[@V]")
    show.set_defaults(run=cmd_show)
    edit = commands.add_parser("edit", help="save an edited contract as its next version")
    edit.add_argument("name", metavar="CONTRACT")
    edit.add_argument(
        "--file", type=Path, help="the edited JSON (default: open the latest in $EDITOR)"
    )
    edit.set_defaults(run=cmd_edit)
    commands.add_parser("list", help="contracts of the project").set_defaults(run=cmd_list)
    validate = sub.add_parser(
        "validate",
        help="check a version or a file against a contract",
        description="Exit status 1 when any rule fails.",
    )
    validate.add_argument("ref", nargs="?", metavar="NAME@V")
    validate.add_argument("--file", type=Path, help="validate a file instead (not stored)")
    validate.add_argument("--contract", required=True, metavar="CONTRACT[@V]")
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.set_defaults(run=cmd_validate)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path} is not readable JSON: {exc}.") from None


def cmd_infer(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        body = ws.data.contracts.infer(actor, args.ref, project_name(args))
        text = json.dumps(body, indent=2, ensure_ascii=False)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
            print(
                f"Wrote {args.out}. Edit it, then `airlock data contract edit "
                f"{args.name or body['name']} --file {args.out}`."
            )
        if args.save:
            saved = ws.data.contracts.save(
                actor, args.name or body["name"], body, project_name(args)
            )
            print(f"Saved contract {saved.ref}.")
        if not args.out and not args.save:
            print(text)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        contract = ws.data.contracts.get(actor, args.ref, project_name(args))
        print(json.dumps(contract.body, indent=2, ensure_ascii=False))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        if args.file:
            body = _read_json(args.file)
        else:
            current = ws.data.contracts.get(actor, args.name, project_name(args))
            body = _edit_in_editor(current.body)
        saved = ws.data.contracts.save(actor, args.name, body, project_name(args))
        print(f"Saved contract {saved.ref}.")
    return 0


def _edit_in_editor(body: dict[str, Any]) -> Any:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not sys.stdin.isatty():
        raise ValidationError(
            "Give the edited contract with --file FILE.",
            hint="Or set $EDITOR and run this in a terminal.",
        )
    # A contract holds no secrets (names, types, ranges), so a temporary file is acceptable.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(json.dumps(body, indent=2, ensure_ascii=False))
        name = handle.name
    try:
        subprocess.run([*editor.split(), name], check=False)
        return _read_json(Path(name))
    finally:
        os.unlink(name)


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        for contract in ws.data.contracts.all(actor, project_name(args)):
            print(
                f"{contract.ref:<28} {len(contract.body['columns']):>4} columns  "
                f"{contract.created[:19]}"
            )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    if (args.ref is None) == (args.file is None):
        raise ValidationError("Give a dataset version (NAME@V) or --file FILE, not both.")
    from engine.data.validation import format_sample

    with session(args) as (ws, actor):
        result = ws.data.contracts.validate(
            actor,
            args.contract,
            dataset_ref=args.ref,
            file=args.file,
            project=project_name(args),
            progress=TerminalProgress("Validating"),
        )
        if args.json:
            print(json.dumps(result.as_json(), indent=2, default=str, ensure_ascii=False))
        else:
            verdict = "PASSED" if result.passed else "FAILED"
            print(
                f"{result.data} against {result.contract}: {verdict} "
                f"({result.rows:,} rows, {len(result.results)} failing rules, "
                f"{len(result.passed_rules)} of {len(result.checked)} rules passed)"
            )
            for rule in result.results:
                samples = ", ".join(format_sample(s) for s in rule.samples)
                print(f"  {rule.rule}: {rule.failures:,} failing — {samples}")
    return 0 if result.passed else 1
