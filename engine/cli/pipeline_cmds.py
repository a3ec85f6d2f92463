"""`airlock pipeline add|list|show|run|runs|watch`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.cli.common import TerminalProgress, project_name, session
from engine.errors import Cancelled
from engine.jobs import CancelToken

if TYPE_CHECKING:
    from engine.security.actor import Actor
    from engine.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    pipeline = commands.add_parser(
        "pipeline",
        help="declarative pipelines: validate → prepare → train → … → request",
        description="Store pipeline definitions, run them, and watch the inbox and schedules.",
    )
    sub = pipeline.add_subparsers(dest="pipeline_command", metavar="COMMAND", required=True)
    p = sub.add_parser("add", help="store a definition (TOML) as the pipeline's next version")
    p.add_argument("file", type=Path)
    p.set_defaults(run=cmd_add)
    p = sub.add_parser("list", help="pipelines and their triggers")
    p.set_defaults(run=cmd_list)
    p = sub.add_parser("show", help="a pipeline's current definition")
    p.add_argument("name")
    p.set_defaults(run=cmd_show)
    p = sub.add_parser(
        "run",
        help="run a pipeline now (on a file, or the trigger dataset)",
        epilog="NAME is a stored pipeline, or a definition FILE.toml (stored "
        "first, as a new version when it changed). The same input never "
        "runs twice unless --force.",
    )
    p.add_argument("name", metavar="NAME|FILE.toml")
    p.add_argument("--input", type=Path, help="a file to import as the trigger dataset")
    p.add_argument("--force", action="store_true", help="run even on an input seen before")
    p.set_defaults(run=cmd_run)
    p = sub.add_parser("runs", help="runs with their steps (one run in detail with RUN#N)")
    p.add_argument("name", nargs="?", help="NAME, or NAME#N for one run with its logs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_runs)
    p = sub.add_parser(
        "watch",
        help="run what the inbox, schedules and monitors make due",
        epilog="Run it as a dedicated service account (e.g. an analyst named "
        "svc-pipelines); every run records that identity. Ctrl+C stops "
        "after the current step.",
    )
    p.add_argument("--once", action="store_true", help="one pass, then exit")
    p.add_argument(
        "--interval", type=float, default=60.0, help="seconds between passes (default 60)"
    )
    p.add_argument(
        "--settle",
        type=float,
        default=2.0,
        help="seconds a new file must stay unchanged before it is used",
    )
    p.set_defaults(run=cmd_watch)


def cmd_add(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        pipeline = ws.pipelines.add(actor, args.file, project=project_name(args))
    steps = " → ".join(s["kind"] for s in pipeline.definition["step"])
    print(f"{pipeline.name} v{pipeline.version}: {steps}; trigger: {pipeline.trigger}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        pipelines = ws.pipelines.pipelines(actor, project_name(args))
        runs = ws.pipelines.runs(actor, None, project_name(args))
    if not pipelines:
        print("No pipelines. Add one: airlock pipeline add FILE.toml")
        return 0
    for p in pipelines:
        mine = [r for r in runs if r.pipeline == p.name]
        last = f"last run #{mine[-1].number} {mine[-1].status}" if mine else "never run"
        print(
            f"{p.name:<24} v{p.version:<3} {len(p.definition['step'])} steps  "
            f"trigger: {p.trigger}  ({last})"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        pipeline = ws.pipelines.pipeline(actor, args.name, project_name(args))
    print(
        f"{pipeline.name} v{pipeline.version} (sha256 {pipeline.sha256[:16]}…, added "
        f"{pipeline.created} by {pipeline.created_by})"
    )
    print(f"trigger: {pipeline.trigger}")
    for number, step in enumerate(pipeline.definition["step"], 1):
        detail = {
            k: (v.get("name", "…") if isinstance(v, dict) and k in ("recipe", "suite") else v)
            for k, v in step.items()
            if k != "kind"
        }
        print(f"  {number}. {step['kind']:<9} {json.dumps(detail, default=str)}")
    return 0


def render_run(run: Any) -> str:
    source = run.trigger.get("file") or run.trigger.get("dataset") or ""
    if run.trigger.get("alert"):
        source += f" (alert {run.trigger['alert']})"
    lines = [
        f"{run.ref}  {run.status}  started {run.started} by {run.actor}  trigger "
        f"{run.trigger.get('kind')} {source}"
    ]
    for number, step in enumerate(run.steps, 1):
        seconds = f" {step['seconds']:.1f} s" if step.get("seconds") is not None else ""
        lines.append(f"  {number}. {step['kind']:<9} {step['status']}{seconds}")
        for line in step.get("log", []):
            lines.append(f"       {line}")
        if step.get("error"):
            lines.append(f"       error: {step['error']}")
    if run.error:
        lines.append(f"  {run.error}")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        name = args.name
        if name.lower().endswith(".toml"):
            pipeline = ws.pipelines.add(actor, Path(name), project=project_name(args))
            print(f"{pipeline.name} v{pipeline.version}")
            name = pipeline.name
        run = ws.pipelines.run(
            actor,
            name,
            file=args.input,
            force=args.force,
            project=project_name(args),
            progress=TerminalProgress("Pipeline"),
        )
    print(render_run(run))
    return 0 if run.status == "succeeded" else 1


def cmd_runs(args: argparse.Namespace) -> int:
    name, _, number = (args.name or "").partition("#")
    with session(args) as (ws, actor):
        runs = ws.pipelines.runs(actor, name or None, project_name(args))
    if number:
        chosen = [r for r in runs if str(r.number) == number.strip()]
        if not chosen:
            print(f"No run {args.name}.")
            return 1
        print(render_run(chosen[0]))
        return 0
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "run": r.ref,
                        "status": r.status,
                        "trigger": r.trigger,
                        "steps": list(r.steps),
                        "started": r.started,
                        "finished": r.finished,
                        "actor": r.actor,
                        "error": r.error,
                    }
                    for r in runs
                ],
                indent=2,
                default=str,
            )
        )
        return 0
    if not runs:
        print("No pipeline runs yet.")
    for r in runs:
        steps = " ".join(f"{s['kind']}:{s['status']}" for s in r.steps)
        print(f"{r.ref:<24} {r.status:<11} {r.started}  {r.actor:<12} {steps}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        return _watch(args, ws, actor)


def _watch(args: argparse.Namespace, ws: Workspace, actor: Actor) -> int:
    if not actor.service:
        print(
            f"note: {actor.name} is a person's account; unattended runs are better recorded "
            "under a service account (airlock user add svc-pipelines --role analyst "
            "--service)."
        )
    token = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: token.cancel())
    try:
        while True:
            try:
                done = ws.pipelines.watch_once(
                    actor, project_name(args), settle_seconds=args.settle, cancel=token
                )
            except Cancelled:
                print("Stopped.")
                return 0
            for run in done:
                print(f"{run.ref}: {run.status}" + (f" — {run.error}" if run.error else ""))
            failed: list[str] = []
            checked_any = False
            for checked in ws.monitors.run_due(actor, project_name(args), failed):
                checked_any = True
                print(
                    f"monitor {checked.monitor}: {checked.level}"
                    + (f"; alert {checked.alert}" if checked.alert else "")
                )
            for message in failed:
                print(message, file=sys.stderr)
            if args.once or token.cancelled:
                if args.once and not done and not checked_any:
                    print("Nothing was due.")
                return 0
            for _ in range(int(args.interval * 10)):
                if token.cancelled:
                    print("Stopped.")
                    return 0
                time.sleep(0.1)
    finally:
        signal.signal(signal.SIGINT, previous)
