"""`airlock audit log|verify|checkpoint|export|verify-bundle|proof`."""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.audit.bundle_check import render, verify_bundle
from engine.audit.canonical import canonical_json
from engine.audit.proof_check import check_proof, render_proof
from engine.auditing.service import EntryFilter
from engine.cli.common import TerminalProgress, session
from engine.errors import ValidationError
from engine.store.files import atomic_write

_RELATIVE = re.compile(r"^(\d+)([mhdw])$")


def parse_when(text: str) -> datetime:
    """An ISO date/time (UTC unless it says otherwise) or a span back from now: 30m, 24h, 7d."""
    match = _RELATIVE.match(text.strip())
    if match:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the time must be ISO 8601 (2026-11-26 or 2026-11-26T09:30) or a span such as "
            f"24h or 7d. Got {text!r}."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Cannot read {path}: {exc}.") from None


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="the signed audit log")
    sub = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)

    log = sub.add_parser("log", help="list entries")
    log.add_argument("--actor", metavar="USER", help="user name or id")
    log.add_argument("--action", metavar="X", help="exact action, or a prefix like 'user.'")
    log.add_argument("--since", metavar="T", type=parse_when, help="ISO time or span (7d)")
    log.add_argument("--until", metavar="T", type=parse_when)
    log.add_argument("--grep", metavar="TEXT", help="text in the target or details")
    log.add_argument("--limit", type=int, metavar="N")
    log.add_argument("--json", action="store_true", help="one JSON entry per line")
    log.set_defaults(run=cmd_log)

    verify = sub.add_parser(
        "verify",
        help="verify the whole log (chain, signatures, keys, checkpoints)",
        description="Reports every invalid item on its own line, then totals; exits 1 when "
        "anything is invalid.",
    )
    verify.add_argument(
        "--trusted-checkpoint",
        type=Path,
        metavar="FILE",
        help="a checkpoint kept off the machine: detects truncation and "
        "rollback of the whole workspace",
    )
    verify.set_defaults(run=cmd_verify)

    checkpoint = sub.add_parser("checkpoint", help="save a signed checkpoint for an auditor")
    checkpoint.add_argument("--out", type=Path, required=True, metavar="FILE")
    checkpoint.set_defaults(run=cmd_checkpoint)

    export = sub.add_parser(
        "export",
        help="verify the log, then write an auditor's bundle (.zip)",
        description="A log that fails verification is not exported, unless "
        "--include-invalid: the bundle then lists the findings in "
        "VERIFICATION.txt.",
    )
    export.add_argument("out", type=Path, metavar="OUT.zip")
    export.add_argument(
        "--include-invalid",
        action="store_true",
        help="export a log that fails verification (for an investigator)",
    )
    export.set_defaults(run=cmd_export)

    prune = sub.add_parser(
        "prune",
        help="drop the content of entries older than a date, "
        "keeping their hashes (refused inside the audit "
        "retention period)",
    )
    prune.add_argument("--before", required=True, metavar="YYYY-MM-DD")
    prune.set_defaults(run=cmd_prune)

    bundle = sub.add_parser("verify-bundle", help="verify a bundle without the workspace")
    bundle.add_argument("bundle", type=Path, metavar="BUNDLE.zip")
    bundle.add_argument("--trusted-checkpoint", type=Path, metavar="FILE")
    bundle.add_argument(
        "--trusted-key", metavar="FINGERPRINT", help="the log key fingerprint received out of band"
    )
    bundle.add_argument(
        "--proof",
        type=Path,
        metavar="FILE",
        help="an inclusion or consistency proof to check against the bundle",
    )
    bundle.set_defaults(run=cmd_verify_bundle, needs_workspace=False)

    check = sub.add_parser(
        "verify-proof",
        help="check a proof from `airlock audit proof` (no workspace needed)",
        description="Checks an inclusion proof (the entry is in the log the signed checkpoint "
        "describes) or a consistency proof (the older log is a prefix of the "
        "newer); docs/audit-format.md section 12. Exits 1 when it does not hold.",
    )
    check.add_argument("proof", type=Path, metavar="PROOF.json")
    check.add_argument(
        "--trusted-key", metavar="FINGERPRINT", help="the log key fingerprint received out of band"
    )
    check.set_defaults(run=cmd_verify_proof, needs_workspace=False)

    proof = sub.add_parser(
        "proof",
        help="RFC 9162 inclusion or consistency proof (JSON)",
        description="Prints a proof that `airlock audit verify-proof` or verify_bundle.py "
        "--proof checks (format: docs/audit-format.md section 12).",
    )
    proof.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE")
    group = proof.add_mutually_exclusive_group(required=True)
    group.add_argument("--seq", type=int, help="inclusion proof of this entry")
    group.add_argument(
        "--consistency-from",
        type=Path,
        metavar="FILE",
        help="consistency proof from this kept checkpoint to the latest",
    )
    proof.set_defaults(run=cmd_proof)


def cmd_log(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        where = EntryFilter(
            actor=args.actor,
            action=args.action,
            since=args.since,
            until=args.until,
            text=args.grep,
            limit=args.limit,
        )
        entries = ws.audit.entries(actor, where)
        if args.json:
            for entry in entries:
                print(canonical_json(entry.as_json()).decode("utf-8"))
            return 0
        names = ws.audit.user_names(actor)
        print(
            f"{'seq':>6}  {'time (UTC)':<19}  {'actor':<14} {'role':<9} {'action':<20} "
            "target / details"
        )
        for e in entries:
            who = names.get(e.user_id or "", e.user_id or "-")
            details = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
            if len(details) > 80:
                details = details[:77] + "..."
            print(
                f"{e.seq:>6}  {e.time[:19].replace('T', ' '):<19}  {who:<14.14} "
                f"{e.role or '-':<9} {e.action:<20} {e.target} {details}"
            )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    trusted = _read_text(args.trusted_checkpoint)
    # Verify before anything is written: the login entry would adopt a torn tail.
    with session(args, record=False) as (ws, actor):
        try:
            report = ws.audit.verify(
                actor, trusted_checkpoint=trusted, progress=TerminalProgress("Verifying")
            )
        finally:
            ws.auth.settle(actor)
        print(render(report))
    return 0 if report.ok else 1


def cmd_checkpoint(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        note = ws.audit.save_checkpoint(actor, args.out)
        size = note.split("\n")[1]
        print(
            f"Saved a signed checkpoint of {size} entries to {args.out}. Keep a copy off "
            "this machine: `airlock audit verify --trusted-checkpoint` and "
            "`verify-bundle` use it to detect truncation and rollback."
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with session(args, record=False) as (ws, actor):
        try:
            summary = ws.audit.export(
                actor,
                args.out,
                include_invalid=args.include_invalid,
                progress=TerminalProgress("Exporting"),
            )
        finally:
            ws.auth.settle(actor)
        print(
            f"Wrote {summary.path}: {summary.entries} entries, "
            f"{summary.checkpoints} checkpoints, {summary.bytes} bytes."
        )
        if summary.verified != "valid":
            print(
                "WARNING: this log FAILED verification; the bundle lists the findings in "
                "VERIFICATION.txt."
            )
        print(f"Manifest SHA-256: {summary.manifest_sha256}")
        print(f"Log key fingerprint: {summary.log_key_fingerprint}")
        print(
            f"Verify with: python verify_bundle.py {args.out.name} (inside the bundle) or "
            f"`airlock audit verify-bundle {args.out}`"
        )
    return 0


def cmd_verify_bundle(args: argparse.Namespace) -> int:
    if not args.bundle.is_file():
        raise ValidationError(f"There is no file {args.bundle}.")
    report = verify_bundle(
        str(args.bundle),
        _read_text(args.trusted_checkpoint),
        args.trusted_key,
        _read_text(args.proof),
    )
    print(render(report))
    return 0 if report.ok else 1


def cmd_verify_proof(args: argparse.Namespace) -> int:
    if not args.proof.is_file():
        raise ValidationError(f"There is no file {args.proof}.")
    report = check_proof(_read_text(args.proof) or "", args.trusted_key)
    print(render_proof(report))
    return 0 if report.ok else 1


def cmd_proof(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        if args.seq is not None:
            result = ws.audit.inclusion_proof(actor, args.seq)
        else:
            result = ws.audit.consistency_proof(actor, _read_text(args.consistency_from) or "")
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    if args.out is None:
        print(text, end="")
    else:
        try:
            atomic_write(args.out, text.encode("utf-8"))
        except OSError as exc:
            raise ValidationError(f"Cannot write {args.out}: {exc.strerror or exc}.") from None
        print(
            f"Wrote the proof to {args.out}. Check it with: airlock audit verify-proof "
            f"{args.out} --trusted-key FINGERPRINT"
        )
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    try:
        before = datetime.strptime(args.before, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(f"--before is a date like 2025-01-31. Got {args.before!r}.") from None
    with session(args) as (ws, actor):
        done = ws.audit.prune(actor, before)
    print(
        f"Pruned {done.pruned} entries up to seq {done.through_seq} (their target and "
        f"details; who did what when stays signed), recorded as entry {done.entry}. The "
        "log still verifies: airlock audit verify"
    )
    return 0
