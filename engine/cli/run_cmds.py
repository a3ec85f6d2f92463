"""Reading runs side by side, checking one reproduces, explaining a prediction, and listing
the model catalog (the runs compare, rerun and explain commands, and runs models)."""

from __future__ import annotations

import argparse
import json

from engine.cli.common import TerminalProgress, project_name, session, show_metric


def cmd_compare(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        comparison = ws.training.compare(actor, args.refs, project_name(args))
    refs = [r.ref for r in comparison.runs]
    if args.json:
        print(
            json.dumps(
                {
                    "runs": refs,
                    "params": comparison.params,
                    "differing": list(comparison.differing),
                    "metrics": comparison.metrics,
                    "best": comparison.best,
                },
                indent=2,
                default=str,
            )
        )
        return 0
    width = max(14, *(len(r) for r in refs))
    print(f"{'':<22}" + "".join(f"{r:>{width + 2}}" for r in refs))
    for name, values in comparison.params.items():
        mark = "*" if name in comparison.differing else " "
        print(
            f"{mark} {name:<20}" + "".join(f"{show_metric(v)[:width]:>{width + 2}}" for v in values)
        )
    for name, metric_values in comparison.metrics.items():
        best = comparison.best.get(name)
        cells = "".join(
            f"{(show_metric(v) + (' ◀' if i == best else ''))[:width]:>{width + 2}}"
            for i, v in enumerate(metric_values)
        )
        print(f"  {name:<20}{cells}")
    print("* parameters that differ; ◀ the best value of each metric")
    return 0


def cmd_rerun(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        result = ws.training.rerun(
            actor, args.ref, project_name(args), progress=TerminalProgress("Re-running")
        )
    print(f"Re-ran {result.original.ref} as {result.run.ref}.")
    if result.environment:
        print("The environment differs from the original run's:")
        for line in result.environment[:20]:
            print(f"  {line}")
    else:
        print("Same environment (Python, platform and every package version).")
    if result.identical:
        print("Identical metrics: the run is reproduced.")
        return 0
    print("Metrics differ:")
    for line in result.mismatched:
        print(f"  {line}")
    return 1


def cmd_explain(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        found = ws.training.explain_row(actor, args.ref, args.row, project_name(args))
    print(
        f"Row {found.row}: prediction {found.prediction} ({found.of} {show_metric(found.output)})"
    )
    print(f"{'feature':<24} {'value':>14} {'typical':>14} {'contribution':>13}")
    for item in found.contributions:
        print(
            f"{item.feature[:24]:<24} {show_metric(item.value)[:14]:>14} "
            f"{show_metric(item.typical)[:14]:>14} {item.contribution:>+13.4f}"
        )
    print(
        "contribution: how far the output moves from the typical value of the feature "
        "to this row's value"
    )
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from engine.training.catalog import CATALOG

    for model in CATALOG.values():
        print(
            f"{model.key:<24} {model.title} ({', '.join(model.tasks)})"
            + ("  class weights" if model.class_weight else "")
        )
        for param in model.params:
            print(f"    {param.name:<20} default {param.default!s:<8} {param.allowed()}")
        if model.notes:
            print(f"    note: {model.notes}")
    return 0
