"""The model commands that use a version rather than change it: compare it with the
champion, verify its signature, run and list its test suites, score a file with it."""

from __future__ import annotations

import argparse

from engine.cli.common import (
    TerminalProgress,
    project_name,
    session,
    show_number,
)


def cmd_compare(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.registry.deploy.champion_challenger(
            actor, args.name, args.challenger, args.dataset, project=project_name(args)
        )
    a, b = result.champion, result.challenger
    print(f"On {result.dataset} ({a.rows:,} rows with a target):")
    print(f"{'metric':<20} {'champion ' + a.version:>22} {'challenger ' + b.version:>24}")
    for name in sorted(set(a.metrics) | set(b.metrics)):
        mark = " *" if name == result.primary else ""
        print(
            f"{name + mark:<20} {show_number(a.metrics.get(name)):>22} "
            f"{show_number(b.metrics.get(name)):>24}"
        )
    print(f"Better on {result.primary}: {result.winner or 'undecided'}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        version = ws.registry.versions.verify(actor, args.ref, project_name(args))
        _, _model = ws.registry.versions.load(actor, version.ref, project_name(args))
        held = (
            ws.registry.approvals.check_approval(actor, version.ref, project_name(args))
            if version.stage == "production"
            else None
        )
    print(
        f"{version.ref}: manifest signature valid, model file matches sha256 "
        f"{version.model_sha256[:16]}…, loads with {len(version.manifest['model_types'])} "
        f"recorded types" + (", approval valid" if held is not None else "") + "."
    )
    if held is not None and held.flags:
        print("FLAGGED (four-eyes, docs/roles.md): the approval may not be a second pair of eyes:")
        for doubt in held.flags:
            print(f"  - {doubt}")
        return 3
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.registry.tests.run(
            actor,
            args.ref,
            args.suite,
            dataset=args.dataset,
            project=project_name(args),
            progress=TerminalProgress("Testing"),
        )
    for check in result.checks:
        print(f"  [{'pass' if check.passed else 'FAIL'}] {check.name} — {check.detail}")
    print(
        f"Suite {result.suite} on {result.version} with {result.dataset} "
        f"({result.rows:,} rows): {len(result.checks) - result.failures} of "
        f"{len(result.checks)} checks pass."
    )
    print(f"rows scored: {result.rows_used}")
    return 0 if result.passed else 3


def cmd_tests(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        reports = ws.registry.tests.stored(actor, args.ref, project_name(args))
    if not reports:
        print("No test reports yet: airlock model test NAME@V SUITE.toml")
    for r in reports:
        print(
            f"{r.created}  {r.suite:<24} {'passed' if r.passed else 'FAILED':<7} "
            f"{r.failures} failing checks, by {r.by} on {r.report['dataset']}"
            + (f" ({r.report['rows_used']})" if r.report.get("rows_used") else "")
        )
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.registry.deploy.score(
            actor,
            args.ref,
            args.input,
            args.output,
            strict=args.strict,
            decimals=None if args.decimals < 0 else args.decimals,
            keep=args.keep,
            project=project_name(args),
            progress=TerminalProgress("Scoring"),
        )
    for note in result.notes:
        print(f"note: {note}")
    if result.extra_columns:
        print(f"carried through unscored: {', '.join(result.extra_columns)}")
    print(
        f"Scored {result.rows:,} rows with {result.version} → {result.output}"
        + (f"; kept as {result.kept}" if result.kept else "")
        + "."
    )
    return 0
