"""`airlock bundle`: export a signed deployment bundle, verify one (no login needed), trust
the key that signed it, import it into this workspace."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from engine.audit.record import grouped
from engine.cli.common import (
    project_name,
    session,
)
from engine.cli.serve_cmds import register_bundle_serving


def register_bundle(commands: argparse._SubParsersAction) -> None:
    bundle = commands.add_parser(
        "bundle",
        help="signed deployment bundles (export, verify, trust, import)",
        description="Carry a model version across the air gap as one signed zip.",
    )
    sub = bundle.add_subparsers(dest="bundle_command", metavar="COMMAND", required=True)
    p = sub.add_parser("export", help="write a signed bundle of a version")
    p.add_argument("ref", metavar="MODEL@V")
    p.add_argument("out", type=Path, metavar="OUT.zip")
    p.set_defaults(run=cmd_bundle_export)
    p = sub.add_parser("verify", help="check a bundle's signature and every hash (no login)")
    p.add_argument("file", type=Path, metavar="BUNDLE.zip")
    p.set_defaults(run=cmd_bundle_verify)
    p = sub.add_parser("trust", help="trust the key that signed a bundle (administrators)")
    p.add_argument("file", type=Path, metavar="BUNDLE.zip")
    p.add_argument(
        "--fingerprint",
        required=True,
        help="the key fingerprint, as the exporting team gave it to you",
    )
    p.set_defaults(run=cmd_bundle_trust)
    p = sub.add_parser("import", help="verify a bundle and register its model here (dev)")
    p.add_argument("file", type=Path, metavar="BUNDLE.zip")
    p.add_argument("--name", help="register under this model name (default: the bundle's)")
    p.set_defaults(run=cmd_bundle_import)
    register_bundle_serving(sub)


def cmd_bundle_export(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.registry.deploy.export_bundle(
            actor, args.ref, args.out, project=project_name(args)
        )
    print(f"Wrote {result.file} ({', '.join(result.files)}).")
    print(f"bundle sha256 {result.sha256}")
    print(
        f"signed by workspace key {grouped(result.fingerprint)} — give this fingerprint "
        "to the receiving team out of band."
    )
    return 0


def cmd_bundle_verify(args: argparse.Namespace) -> int:
    from engine.registry.bundle import verify_bundle

    checked = verify_bundle(args.file)
    v = checked.version_manifest
    print(f"{args.file.name}: signature and every file hash valid.")
    print(
        f"model {v['model']}@{v['version']} ({checked.manifest.get('stage')}), model "
        f"sha256 {v['model_sha256']}"
    )
    print(
        f"exported {checked.manifest.get('exported')} by {checked.manifest.get('exported_by')}"
        f"; signed by key {grouped(checked.key_fingerprint)}"
    )
    if checked.manifest.get("approval"):
        decision = json.loads(checked.manifest["approval"]["decision"])
        print(
            f"approved by {decision.get('validator_name')} on {decision.get('time')}: "
            f"{decision.get('reason')}"
        )
    return 0


def cmd_bundle_trust(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        key = ws.registry.deploy.trust(actor, args.file, args.fingerprint)
    print(f"Trusted key {grouped(key.fingerprint)} ({key.name}) for bundle imports.")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        version = ws.registry.deploy.import_bundle(
            actor, args.file, name=args.name, project=project_name(args)
        )
    imported = version.manifest["imported"]
    print(
        f"Imported {imported['source_version']} as {version.ref} (dev) from "
        f"{imported['bundle']}; signed by {grouped(imported['key_fingerprint'])[:19]}…"
    )
    return 0
