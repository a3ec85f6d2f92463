"""`airlock model …` (registry, stages, gates, approvals, rollback, champion/challenger) and
`airlock score`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from engine.cli.approval_cmds import (
    cmd_approvals,
    cmd_decide,
    cmd_request,
    cmd_rollback,
    cmd_withdraw,
)
from engine.cli.common import (
    project_name,
    session,
    show_number,
)
from engine.cli.model_use_cmds import cmd_compare, cmd_score, cmd_test, cmd_tests, cmd_verify


def register(commands: argparse._SubParsersAction) -> None:
    model = commands.add_parser(
        "model",
        help="registered models: versions, stages, gates, approvals",
        description="Register runs' models as versions, move them dev → staging, request "
        "production (a validator approves), roll back, compare.",
    )
    sub = model.add_subparsers(dest="model_command", metavar="COMMAND", required=True)

    p = sub.add_parser("list", help="registered models and their stages")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("show", help="a model's versions, or one version (NAME@V)")
    p.add_argument("ref", metavar="NAME[@V]")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("register", help="register a run's model as a new version (dev)")
    p.add_argument("run_ref", metavar="RUN", help="EXPERIMENT#NUMBER or a run id")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--description", default="")
    p.set_defaults(run=cmd_register)

    p = sub.add_parser("stage", help="move a version to dev, staging or archived")
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("stage", choices=["dev", "staging", "archived", "production"])
    p.add_argument("--reason", default="")
    p.set_defaults(run=cmd_stage)

    p = sub.add_parser("gates", help="evaluate a model's gates on a version")
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("--stage", choices=["staging", "production"], default="production")
    p.set_defaults(run=cmd_gates)

    p = sub.add_parser("policy", help="set (or show) a model's gate policy")
    p.add_argument("name", metavar="NAME")
    p.add_argument("file", type=Path, nargs="?", help="TOML policy; omit to show")
    p.add_argument("--clear", action="store_true", help="remove every gate")
    p.set_defaults(run=cmd_policy)

    p = sub.add_parser("edit", help="a version's description and tags")
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("--description")
    p.add_argument(
        "--tag", action="append", metavar="KEY=VALUE", help="set a tag (KEY= removes it)"
    )
    p.set_defaults(run=cmd_edit)

    p = sub.add_parser("request", help="request promotion of a staging version to production")
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("--note", default="")
    p.set_defaults(run=cmd_request)

    p = sub.add_parser("withdraw", help="withdraw a pending request")
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("--reason", default="")
    p.set_defaults(run=cmd_withdraw)

    for name, text in (
        ("approve", "approve a request (validators; not your own version)"),
        ("reject", "reject a request (validators)"),
    ):
        p = sub.add_parser(
            name,
            help=text,
            epilog="You re-enter your password (or set AIRLOCK_CONFIRM_PASSWORD in automation).",
        )
        p.add_argument("ref", metavar="NAME@V")
        p.add_argument("--reason", required=True)
        p.set_defaults(run=cmd_decide, decision=name)

    p = sub.add_parser("approvals", help="requests for production (pending by default)")
    p.add_argument("--all", action="store_true", help="decided ones too")
    p.add_argument("--evidence", action="store_true", help="print each evidence pack")
    p.set_defaults(run=cmd_approvals)

    p = sub.add_parser("rollback", help="put the previous production version back")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--reason", required=True)
    p.set_defaults(run=cmd_rollback)

    p = sub.add_parser("compare", help="production (champion) against a challenger version")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--challenger", required=True, metavar="V")
    p.add_argument(
        "--dataset", required=True, metavar="NAME@V", help="a dataset version holding the target"
    )
    p.set_defaults(run=cmd_compare)

    p = sub.add_parser("verify", help="check a version's signature (and approval)")
    p.add_argument("ref", metavar="NAME[@V]")
    p.set_defaults(run=cmd_verify)

    p = sub.add_parser(
        "test",
        help="run a model test suite (TOML) on a version",
        epilog="Exit status 3 when a check fails. The report is stored and "
        'can be a gate (kind = "tests").',
    )
    p.add_argument("ref", metavar="NAME@V")
    p.add_argument("suite", type=Path, metavar="SUITE.toml")
    p.add_argument(
        "--dataset",
        metavar="NAME@V",
        help="evaluation data (default: the suite's, else the training data)",
    )
    p.set_defaults(run=cmd_test)

    p = sub.add_parser("tests", help="stored test reports of a version")
    p.add_argument("ref", metavar="NAME@V")
    p.set_defaults(run=cmd_tests)

    p = sub.add_parser("history", help="every stage change of a model")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=cmd_history)

    score = commands.add_parser(
        "score",
        help="score a file with a registered version",
        description="Check a CSV/Parquet/Excel file against the version's input signature, "
        "then write it with predictions (and probabilities).",
        epilog="MODEL is NAME (its production version), NAME@stage or NAME@V. Unseen "
        "categories are scored as unknown and reported; --strict refuses them.",
    )
    score.add_argument("ref", metavar="MODEL")
    score.add_argument("--input", required=True, type=Path)
    score.add_argument("--output", required=True, type=Path, help=".csv or .parquet")
    score.add_argument(
        "--strict", action="store_true", help="refuse categories never seen in training"
    )
    score.add_argument(
        "--decimals", type=int, default=4, help="round probabilities (default 4; -1: do not round)"
    )
    score.add_argument(
        "--keep", metavar="DATASET", help="also store the scored rows as a version of this dataset"
    )
    score.set_defaults(run=cmd_score)


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        models = ws.registry.versions.models(actor, project_name(args))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": m.name,
                        "versions": [{"version": v.version, "stage": v.stage} for v in m.versions],
                    }
                    for m in models
                ],
                indent=2,
            )
        )
        return 0
    if not models:
        print("No registered models. Register a run: airlock model register RUN NAME")
        return 0
    print(f"{'model':<24} {'versions':>8} {'production':>10} {'staging':>10} {'gates':>6}")
    for m in models:
        staging = ",".join(str(v.version) for v in m.in_stage("staging")) or "—"
        print(
            f"{m.name:<24} {len(m.versions):>8} "
            f"{m.production.version if m.production else '—':>10} {staging:>10} "
            f"{len(m.policy.gates):>6}"
        )
    return 0


def render_version(v: Any) -> str:
    lines = [
        f"{v.ref}  [{v.stage}]  {v.manifest.get('algorithm', '')} → "
        f"{v.manifest['target']} ({v.manifest['task']})",
        f"registered {v.registered} by {v.registered_by}; trained by {v.trained_by} "
        f"(run {v.lineage.get('run_ref', '—')})",
        f"data {v.lineage.get('dataset_ref', '—')}  sha256 "
        f"{v.lineage.get('dataset_hash', '')[:16]}…",
        f"model sha256 {v.model_sha256}",
    ]
    if v.description:
        lines.append(f"description: {v.description}")
    if v.tags:
        lines.append("tags: " + ", ".join(f"{k}={x}" for k, x in sorted(v.tags.items())))
    lines.append(
        "metrics: " + ", ".join(f"{k} {show_number(x)}" for k, x in sorted(v.metrics.items()))
    )
    inputs = v.signature["inputs"]
    lines.append(
        f"inputs ({len(inputs)}): " + ", ".join(f"{c['name']}:{c['kind']}" for c in inputs)
    )
    if "classes" in v.signature["output"]:
        lines.append(f"output: prediction, probabilities for {v.signature['output']['classes']}")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        project = project_name(args)
        if "@" in args.ref:
            version = ws.registry.versions.version(actor, args.ref, project)
            held = (
                ws.registry.approvals.check_approval(actor, version.ref, project)
                if version.stage == "production"
                else None
            )
            if args.json:
                print(
                    json.dumps(
                        {
                            "ref": version.ref,
                            "stage": version.stage,
                            "manifest": version.manifest,
                            "tags": version.tags,
                            "description": version.description,
                        },
                        indent=2,
                    )
                )
                return 0
            print(render_version(version))
            for note in ws.registry.deploy.erasure_notes(actor, version):
                print(f"FLAGGED: {note}")
            if held is not None:
                print(f"approval: {'valid' if held.valid else 'NOT VALID'} — {held.detail}")
            return 0
        model = ws.registry.versions.model(actor, args.ref, project)
    if args.json:
        print(
            json.dumps(
                {
                    "name": model.name,
                    "policy": list(model.policy.gates),
                    "versions": [
                        {
                            "version": v.version,
                            "stage": v.stage,
                            "metrics": v.metrics,
                            "run": v.lineage.get("run_ref"),
                        }
                        for v in model.versions
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(f"{model.name}  ({len(model.versions)} versions, {len(model.policy.gates)} gates)")
    print(f"{'version':>7} {'stage':<11} {'run':<18} {'registered by':<14} primary")
    for v in model.versions:
        primary = v.manifest.get("primary", "")
        print(
            f"{v.version:>7} {v.stage:<11} {v.lineage.get('run_ref', '—'):<18} "
            f"{v.registered_by:<14} {primary} {show_number(v.metrics.get(primary))}"
        )
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        version = ws.registry.versions.register(
            actor, args.run_ref, args.name, description=args.description, project=project_name(args)
        )
    print(render_version(version))
    print(f"Registered {version.ref} in dev.")
    return 0


def _gates(results: Any) -> None:
    for g in results:
        print(f"  [{'pass' if g.passed else 'FAIL'}] {g.gate} — {g.detail}")


def cmd_stage(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        moved = ws.registry.versions.set_stage(
            actor, args.ref, args.stage, reason=args.reason, project=project_name(args)
        )
    _gates(moved.gates)
    print(f"{moved.version.ref}: {moved.from_stage} → {moved.to_stage}.")
    return 0


def cmd_gates(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        project = project_name(args)
        results = ws.registry.gates.check(actor, args.ref, args.stage, project)
        version = ws.registry.versions.version(actor, args.ref, project)
        _, source, why = ws.registry.versions.policy_for(
            actor, version, ws.registry.versions.model(actor, version.model, project)
        )
    print(("WARNING: " if source in ("none", "opted-out") else "Gates from ") + why + ".")
    if not results:
        print(f"No gates apply to {args.stage}. Set a policy: airlock model policy NAME FILE")
        return 0
    _gates(results)
    failing = sum(not g.passed for g in results)
    print(f"{len(results) - failing} of {len(results)} gates pass for {args.stage}.")
    return 0 if not failing else 3


def cmd_policy(args: argparse.Namespace) -> int:
    from engine.registry.gates import Policy, load_policy

    with session(args) as (ws, actor):
        project = project_name(args)
        if args.file is None and not args.clear:
            model = ws.registry.versions.model(actor, args.name, project)
            if not model.policy.gates:
                print(f"{model.name} has no gates.")
            for gate in model.policy.gates:
                print(json.dumps(gate, sort_keys=True))
            return 0
        # the role first: a refusal is audited whatever the file holds
        ws.access.require(actor, "registry.edit", f"model:{args.name}")
        policy = Policy(()) if args.clear else load_policy(args.file)
        model = ws.registry.gates.set_policy(actor, args.name, policy, project)
    print(f"{model.name}: {len(policy.gates)} gates (policy sha256 {policy.hash[:16] or '—'}).")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from engine.cli.train_cmds import _pairs

    with session(args) as (ws, actor):
        version = ws.registry.versions.edit(
            actor,
            args.ref,
            description=args.description,
            tags=_pairs(args.tag, "--tag") or None,
            project=project_name(args),
        )
    print(render_version(version))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        events = ws.registry.versions.history(actor, args.name, project_name(args))
    for e in events:
        print(
            f"{e.time}  version {e.version:<4} {e.from_stage or '—':>10} → "
            f"{e.to_stage:<11} by {e.by}: {e.reason}"
        )
    return 0
