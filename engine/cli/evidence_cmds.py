"""`airlock governance compliance | timeline | evidence | verify-pack`: the compliance
report, a model version's life with its verified audit entries, the evidence pack and its
offline check."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from engine.cli.common import TerminalProgress, project_name, session

MARK = {"met": "MET", "partial": "PARTIAL", "missing": "MISSING"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compliance",
        help="each control of GDPR, PDPL, NCA ECC-2, SAMA and the "
        "EU AI Act: met, partial or missing, with evidence "
        "(exit 3 when a control is missing)",
    )
    p.add_argument(
        "--framework",
        action="append",
        default=[],
        metavar="NAME",
        help="only this framework (repeat for more): GDPR, PDPL, 'NCA ECC-2', SAMA, 'EU AI Act'",
    )
    p.add_argument("--out", metavar="FILE.html|.pdf|.json", help="write the report")
    p.add_argument("--evidence", action="store_true", help="print each check's evidence")
    p.set_defaults(run=cmd_compliance)
    p = sub.add_parser(
        "timeline",
        help="a model version's life (data, runs, approvals, "
        "deployments, monitoring) with its audit entries "
        "and their verification",
    )
    p.add_argument("version", metavar="MODEL@V")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_timeline)
    p = sub.add_parser(
        "evidence",
        help="write a model version's evidence pack (card, "
        "datasheets, approvals, compliance report, audit "
        "bundle), signed by the log key",
    )
    p.add_argument("version", metavar="MODEL@V")
    p.add_argument("--out", required=True, metavar="PACK.zip")
    p.set_defaults(run=cmd_evidence)
    p = sub.add_parser(
        "verify-pack",
        help="check an evidence pack offline (no workspace, no "
        "login); exit 1 when anything is invalid",
    )
    p.add_argument("pack", metavar="PACK.zip")
    p.add_argument(
        "--trusted-key",
        metavar="FINGERPRINT",
        help="the log key fingerprint you received out of band",
    )
    p.set_defaults(run=cmd_verify_pack, needs_workspace=False)


def cmd_compliance(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        frameworks = args.framework or None
        if args.out:
            body = ws.governance.evidence.export_compliance(
                actor, Path(args.out), project=project_name(args), frameworks=frameworks
            )
        else:
            body = ws.governance.compliance.check(actor, project_name(args), frameworks=frameworks)
    for control in body["controls"]:
        print(
            f"{MARK[control['status']]:<8} {control['id']:<11} {control['framework']} "
            f"{control['reference']}: {control['title']}"
        )
        if args.evidence:
            for result in control["results"]:
                print(f"         - {result['check']} ({result['status']}): {result['summary']}")
                for item in result["evidence"]:
                    print(f"             {item['text']}  [{item['see']}]")
    summary = body["summary"]
    print(
        f"{summary['met']} met, {summary['partial']} partial, {summary['missing']} missing "
        f"(project {body['project']})."
    )
    if args.out:
        print(f"Wrote {args.out}.")
    return 3 if summary["missing"] else 0


def cmd_timeline(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        life = ws.governance.evidence.timeline(
            actor, args.version, project=project_name(args), progress=TerminalProgress("Verifying")
        )
    if args.json:
        print(json.dumps(life, indent=2))
        return 0 if life["log_verified"] else 1
    print(f"{life['version']} ({life['stage']}), model sha256 {life['model_sha256'][:16]}…")
    print(
        f"Data: {', '.join(life['datasets']) or '-'}; monitors: "
        f"{', '.join(life['monitors']) or '-'}"
    )
    for step in life["steps"]:
        seqs = ",".join(str(e["seq"]) for e in step["entries"])
        mark = "ok" if step["verified"] else "INVALID"
        print(
            f"{step['time'][:19]}  {step['phase']:<10} #{seqs:<6} {mark:<7} "
            f"{step['actor']:<16} {step['what']}"
        )
    print(life["log_summary"])
    return 0 if life["log_verified"] else 1


def cmd_evidence(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        done = ws.governance.evidence.pack(
            actor,
            args.version,
            Path(args.out),
            project=project_name(args),
            progress=TerminalProgress("Writing the pack"),
        )
    print(
        f"Wrote {done.path}: {done.steps} timeline steps, {done.entries} audit "
        f"entries, {done.bytes} bytes; the log "
        + ("verifies." if done.log_verified else "does NOT verify.")
    )
    print(f"Manifest sha256 {done.manifest_sha256}")
    print(f"Log key fingerprint {done.log_key_fingerprint}")
    print(
        f"Check it anywhere: python verify_pack.py {Path(args.out).name} --trusted-key "
        "FINGERPRINT (verify_pack.py is inside the pack)"
    )
    return 0 if done.log_verified else 1


def cmd_verify_pack(args: argparse.Namespace) -> int:
    from engine.audit.bundle_check import render
    from engine.audit.pack_check import verify_pack

    report = verify_pack(args.pack, args.trusted_key)
    print(render(report))
    return 0 if report.ok else 1
