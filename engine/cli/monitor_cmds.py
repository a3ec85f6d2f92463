"""`airlock monitor`: add a monitor, list them, run one (or every one that is due), its
alerts, acknowledgements, annotations and history."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.common import project_name, session


def register_monitor(commands: argparse._SubParsersAction) -> None:
    monitor = commands.add_parser(
        "monitor",
        help="drift monitors and their alerts",
        description="Monitors compare a dataset's newest version with a reference; alerts "
        "are raised by level, with hysteresis and cooldown, and acted on.",
    )
    sub = monitor.add_subparsers(dest="monitor_command", metavar="COMMAND", required=True)
    p = sub.add_parser(
        "add", help="add a monitor from a TOML definition (a new version when it changed)"
    )
    p.add_argument("file", type=Path)
    p.set_defaults(run=cmd_monitor_add)
    p = sub.add_parser("list", help="monitors with their last level")
    p.set_defaults(run=cmd_monitor_list)
    p = sub.add_parser("run", help="run one monitor, or every monitor (exit 3 on an alert)")
    p.add_argument("name", nargs="?")
    p.add_argument("--force", action="store_true", help="even on data already checked")
    p.add_argument(
        "--current",
        metavar="NAME@V",
        help="check this version of the watched dataset (go back over past batches)",
    )
    p.set_defaults(run=cmd_monitor_run)
    p = sub.add_parser("annotate", help="record a dated event (a policy change) on a monitor")
    p.add_argument("name")
    p.add_argument("date", metavar="YYYY-MM-DD")
    p.add_argument("text")
    p.add_argument(
        "--new-baseline",
        action="store_true",
        help="the first batch from that date becomes the reference",
    )
    p.set_defaults(run=cmd_monitor_annotate)
    p = sub.add_parser("history", help="a monitor's runs, batch by batch, with annotations")
    p.add_argument("name")
    p.set_defaults(run=cmd_monitor_history)
    p = sub.add_parser("alerts", help="alerts (open ones by default)")
    p.add_argument("--all", action="store_true")
    p.set_defaults(run=cmd_monitor_alerts)
    p = sub.add_parser("ack", help="acknowledge an alert")
    p.add_argument("alert", metavar="ALERT_ID")
    p.add_argument("--note", default="")
    p.set_defaults(run=cmd_monitor_ack)


def cmd_monitor_add(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        added = ws.monitors.add(actor, args.file, project=project_name(args))
    print(
        f"Monitor {added.name}: {added.current} against "
        f"{added.reference}; warning at {added.levels['warning']:.0%}, "
        f"alert at {added.levels['alert']:.0%} of the columns."
    )
    return 0


def cmd_monitor_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        monitors = ws.monitors.monitors(actor, project_name(args))
    if not monitors:
        print("No monitors. Add one: airlock monitor add FILE.toml")
    for m in monitors:
        print(
            f"{m.name:<22} v{m.version:<3} {m.current} vs {m.reference}  "
            f"last: {m.last_level or 'never run'}"
            + (f" on {m.last_current} ({m.last_run})" if m.last_run else "")
        )
    return 0


def cmd_monitor_run(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        names = (
            [args.name]
            if args.name
            else [m.name for m in ws.monitors.monitors(actor, project_name(args))]
        )
        results = [
            (
                n,
                ws.monitors.run(
                    actor, n, project=project_name(args), force=args.force, current=args.current
                ),
            )
            for n in names
        ]
    alerted = False
    for name, run in results:
        if run is None:
            print(f"{name}: its current data was already checked.")
            continue
        alerted = alerted or run.alert is not None
        print(
            f"{name}: {run.level} — {len(run.drifted)} drifted columns on {run.current} "
            f"({run.drift_share:.0%}) against {run.reference}"
            + (f"; alert {run.alert}" if run.alert else "")
            + (f"; {run.note}" if run.note else "")
        )
        for finding in run.anomalies:
            print(f"    anomaly: {finding}")
    return 3 if alerted else 0


def cmd_monitor_alerts(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        alerts = ws.monitors.alerts(
            actor, status=None if args.all else "open", project=project_name(args)
        )
    if not alerts:
        print("No alerts." if args.all else "No open alerts.")
    for a in alerts:
        print(f"{a.id}  {a.created[:19]}  {a.level:<7} {a.status:<12} {a.message}")
        for action in a.actions:
            print(f"    {action}")
        if a.acknowledged_by:
            print(f"    acknowledged by {a.acknowledged_by}: {a.note}")
    return 0


def cmd_monitor_ack(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        alert = ws.monitors.acknowledge(actor, args.alert, args.note)
    print(f"Acknowledged {alert.id} ({alert.level}, {alert.monitor}).")
    return 0


def cmd_monitor_annotate(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        note = ws.monitors.annotate(
            actor,
            args.name,
            args.date,
            args.text,
            new_baseline=args.new_baseline,
            project=project_name(args),
        )
    print(
        f"Annotated {args.name} on {note.date}: {note.text}"
        + (" (a new baseline from that date)" if note.new_baseline else "")
    )
    return 0


def cmd_monitor_history(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        runs = ws.monitors.history(actor, args.name, project=project_name(args))
        notes = ws.monitors.annotations(actor, args.name, project=project_name(args))
    if not runs:
        print(f"{args.name} has not run yet.")
    pending = list(notes)
    for run in runs:
        while pending and pending[0].date <= run.period[0]:
            note = pending.pop(0)
            print(
                f"  ── {note.date} {note.text}" + (" (new baseline)" if note.new_baseline else "")
            )
        period = (
            run.period[0]
            if run.period[0] == run.period[1]
            else f"{run.period[0]} … {run.period[1]}"
        )
        print(
            f"{period:<24} {run.current:<24} {run.level:<8} "
            f"{run.drift_share:>4.0%}  against {run.reference}"
            + (f" ({run.baseline})" if run.baseline else "")
            + (f"  anomalies: {len(run.anomalies)}" if run.anomalies else "")
            + (
                f"  {run.performance['model']} {run.performance['metric']}: "
                f"{run.performance['level']}"
                if run.performance
                else ""
            )
        )
    for note in pending:
        print(f"  ── {note.date} {note.text}" + (" (new baseline)" if note.new_baseline else ""))
    return 0
