"""`airlock train` and `airlock runs list|show|compare|rerun|explain|models`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from engine.cli.common import TerminalProgress, project_name, session, show_metric
from engine.cli.run_cmds import cmd_compare, cmd_explain, cmd_models, cmd_rerun
from engine.errors import ValidationError


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    out = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{option} takes NAME=VALUE. Got {item!r}.")
        out[name.strip()] = value.strip()
    return out


def _columns(text: str | None) -> list[str] | None:
    return [c.strip() for c in text.split(",") if c.strip()] if text else None


def register(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser(
        "train",
        help="train a model and record the run",
        description="Fit a model on a dataset version with cross-validation (and a search), "
        "evaluate it on a test set kept apart, and record the run.",
        epilog="Models: `airlock runs models`. Example: airlock train --dataset credit@1 "
        "--target default --model random_forest --param n_estimators=300 --cv 5",
    )
    train.add_argument("--dataset", required=True, metavar="NAME@V")
    train.add_argument("--target", required=True, metavar="COLUMN")
    train.add_argument("--experiment", default="default")
    train.add_argument(
        "--task",
        choices=["binary", "multiclass", "regression"],
        help="default: detected from the target",
    )
    train.add_argument("--model", default=None, help="default: hist_gradient_boosting")
    train.add_argument(
        "--param", action="append", metavar="NAME=VALUE", help="a hyperparameter (repeat for more)"
    )
    train.add_argument("--features", metavar="A,B,…", help="default: every usable column")
    train.add_argument("--exclude", metavar="A,B,…", help="columns to leave out")
    train.add_argument("--recipe", type=Path, help="column steps (TOML/JSON) fitted with the model")
    train.add_argument(
        "--cv", type=int, default=5, metavar="FOLDS", help="folds of cross-validation (0: none)"
    )
    train.add_argument(
        "--scheme",
        choices=["kfold", "stratified", "group", "time", "holdout"],
        help="default: stratified for classes, kfold for regression",
    )
    train.add_argument("--group", metavar="COLUMN", help="for --scheme group")
    train.add_argument("--time", metavar="COLUMN", help="for --scheme time (and the test set)")
    train.add_argument(
        "--test-size",
        type=float,
        default=0.2,
        help="share kept apart for the final test (default 0.2)",
    )
    train.add_argument("--search", choices=["grid", "random", "halving"])
    train.add_argument("--n-iter", type=int, default=20, help="candidates of a random search")
    train.add_argument(
        "--space",
        action="append",
        metavar="NAME=V1,V2,…|NAME=LOW..HIGH",
        help="what a search tries for a hyperparameter (repeat for more): "
        "values, or a range a random or halving search samples "
        "(log-uniformly where the model searches it on a log scale); "
        "only these are searched",
    )
    train.add_argument("--metric", help="what the search optimises (default by task)")
    train.add_argument("--balanced", action="store_true", help="class weights for imbalance")
    train.add_argument(
        "--calibrate", choices=["sigmoid", "isotonic"], help="calibrate the probabilities"
    )
    train.add_argument("--positive", help="the positive class of a binary target")
    train.add_argument("--seed", type=int, default=42)
    train.add_argument("--jobs", type=int, default=2, help="parallel fits (default 2)")
    train.add_argument(
        "--no-explain",
        action="store_true",
        help="skip permutation importance and partial dependence",
    )
    train.add_argument("--no-learning-curve", action="store_true")
    train.set_defaults(run=cmd_train)

    runs = commands.add_parser("runs", help="experiments and their runs")
    sub = runs.add_subparsers(dest="runs_command", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="runs of the project (newest last)")
    listing.add_argument("--experiment")
    listing.add_argument("--status", choices=["finished", "cancelled", "failed"])
    listing.add_argument("--model")
    listing.add_argument("--sort", metavar="METRIC", help="best first by this metric")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=cmd_list)
    show = sub.add_parser("show", help="one run: spec, metrics per fold, test, notes")
    show.add_argument("ref", metavar="RUN", help="EXPERIMENT#NUMBER or a run id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=cmd_show)
    compare = sub.add_parser("compare", help="runs side by side")
    compare.add_argument("refs", nargs="+", metavar="RUN")
    compare.add_argument("--json", action="store_true")
    compare.set_defaults(run=cmd_compare)
    rerun = sub.add_parser("rerun", help="run a finished run again and check the metrics")
    rerun.add_argument("ref", metavar="RUN")
    rerun.set_defaults(run=cmd_rerun)
    explain = sub.add_parser("explain", help="why the model predicts what it does for a row")
    explain.add_argument("ref", metavar="RUN")
    explain.add_argument("--row", type=int, required=True, help="row number (from 1)")
    explain.set_defaults(run=cmd_explain)
    sub.add_parser("models", help="the models and their hyperparameters").set_defaults(
        run=cmd_models
    )


def spec_from(args: argparse.Namespace) -> Any:
    from engine.data.recipe_model import load_recipe
    from engine.training.catalog import DEFAULT_MODEL
    from engine.training.search import space_values
    from engine.training.spec import RunSpec

    space = {name: space_values(values) for name, values in _pairs(args.space, "--space").items()}
    scheme = args.scheme
    if args.cv == 0 and scheme in (None, "kfold", "stratified"):
        scheme = "none"
    return RunSpec(
        dataset=args.dataset,
        target=args.target,
        experiment=args.experiment,
        task=args.task,
        features=_columns(args.features),
        exclude=_columns(args.exclude) or [],
        recipe=load_recipe(args.recipe) if args.recipe else None,
        model=args.model or DEFAULT_MODEL,
        params=_pairs(args.param, "--param"),
        balanced=args.balanced,
        calibration=args.calibrate,
        scheme=scheme,
        folds=max(args.cv, 2),
        group=args.group,
        time=args.time,
        test_size=args.test_size,
        search=args.search,
        n_iter=args.n_iter,
        space=space,
        metric=args.metric,
        seed=args.seed,
        positive=args.positive,
        learning_curve=not args.no_learning_curve,
        explain=not args.no_explain,
        n_jobs=args.jobs,
    )


def cmd_train(args: argparse.Namespace) -> int:
    spec = spec_from(args)
    with session(args) as (ws, actor):
        run = ws.training.train(
            actor, spec.check(), project=project_name(args), progress=TerminalProgress("Training")
        )
        print(render(run))
        print(f"Recorded as run {run.ref} ({run.id}).")
    return 0


def render(run: Any) -> str:
    lines = [
        f"Run {run.ref}  {run.status}  {run.model} on {run.dataset or '—'} "
        f"→ {run.target or '—'} ({run.task or 'logged'})  {run.seconds:.1f} s"
    ]
    metrics = run.metrics
    if metrics.get("scheme"):
        lines.append(
            f"validation: {metrics['scheme']}, {metrics.get('folds', 0)} folds; "
            f"{metrics.get('train_rows', 0):,} training rows, "
            f"{metrics.get('test_rows', 0):,} test rows; primary metric "
            f"{metrics.get('primary')}"
        )
    if run.params:
        lines.append(
            "params: " + ", ".join(f"{k}={show_metric(v)}" for k, v in sorted(run.params.items()))
        )
    if (run.spec or {}).get("balanced"):
        lines.append("class weights: balanced (--balanced)")
    names = sorted(
        set(metrics.get("cv_mean") or {})
        | set(metrics.get("test") or {})
        | set(metrics.get("values") or {})
    )
    if names:
        lines.append(f"{'metric':<20} {'cv mean':>10} {'cv std':>10} {'test':>10}")
        for name in names:
            if metrics.get("values"):
                lines.append(f"{name:<20} {show_metric(metrics['values'].get(name)):>10}")
                continue
            lines.append(
                f"{name:<20} {show_metric((metrics.get('cv_mean') or {}).get(name)):>10} "
                f"{show_metric((metrics.get('cv_std') or {}).get(name)):>10} "
                f"{show_metric((metrics.get('test') or {}).get(name)):>10}"
            )
    for note in run.notes:
        lines.append(f"note: {note}")
    if run.error:
        lines.append(f"error: {run.error}")
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    from engine.training.spec import LOWER_IS_BETTER

    with session(args) as (ws, actor):
        runs = ws.training.runs(actor, project_name(args), args.experiment)
    runs = [
        r
        for r in runs
        if (not args.status or r.status == args.status)
        and (not args.model or r.model == args.model)
    ]
    if args.sort:
        present = [r for r in runs if r.headline().get(args.sort) is not None]
        missing = [r for r in runs if r.headline().get(args.sort) is None]
        present.sort(
            key=lambda r: float(r.headline()[args.sort] or 0.0),
            reverse=args.sort not in LOWER_IS_BETTER,
        )
        runs = present + missing
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "run": r.ref,
                        "id": r.id,
                        "status": r.status,
                        "model": r.model,
                        "dataset": r.dataset,
                        "target": r.target,
                        "params": r.params,
                        "metrics": r.headline(),
                        "seconds": r.seconds,
                        "finished": r.finished,
                    }
                    for r in runs
                ],
                indent=2,
                default=str,
            )
        )
        return 0
    if not runs:
        print("No runs yet. Train one with `airlock train --dataset NAME@V --target COLUMN`.")
        return 0
    # columns as wide as their longest entry (model names were cut at 24 characters)
    model_w = max(5, *(len(r.model) for r in runs))
    data_w = max(7, *(len(r.dataset or "") for r in runs))
    print(
        f"{'run':<22} {'status':<10} {'model':<{model_w}} {'dataset':<{data_w}} "
        f"{'primary':<18} {'seconds':>8}"
    )
    for run in runs:
        primary = run.primary
        value = run.headline().get(primary) if primary else None
        shown = f"{primary} {show_metric(value)}" if primary and value is not None else "—"
        print(
            f"{run.ref:<22} {run.status:<10} {run.model:<{model_w}} "
            f"{run.dataset or '':<{data_w}} {shown:<18} {run.seconds:>8.1f}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        run = ws.training.run(actor, args.ref, project_name(args))
        env = ws.training.environment(actor, run)
        search = (
            ws.training.artifacts(actor, run).get("search") if run.artifacts_object_id else None
        )
    if args.json:
        print(
            json.dumps(
                {
                    "run": run.ref,
                    "id": run.id,
                    "status": run.status,
                    "spec": run.spec,
                    "params": run.params,
                    "metrics": run.metrics,
                    "notes": list(run.notes),
                    "environment": env,
                    "dataset_hash": run.dataset_hash,
                    "recipe_hash": run.recipe_hash,
                    "model_object": run.model_object_id,
                    "error": run.error,
                },
                indent=2,
                default=str,
            )
        )
        return 0
    print(render(run))
    for index, fold in enumerate(run.metrics.get("cv") or [], 1):
        primary = run.primary
        print(f"  fold {index}: {primary} {show_metric(fold.get(primary))}")
    print(
        f"dataset hash {run.dataset_hash[:16]}…  environment {run.environment_hash[:16]}… "
        f"(Python {env.get('python')}, scikit-learn "
        f"{env.get('packages', {}).get('scikit-learn')})"
    )
    if run.model_object_id:
        print(
            f"model object {run.model_object_id[:16]}… (skops, encrypted; "
            f"{len(run.model_types)} recorded types)"
        )
    if search:  # the candidates a search tried, best first
        print(
            f"search: {search['method']} on {search['metric']}, "
            f"{len(search['candidates'])} candidates; the best five:"
        )
        for candidate in search["candidates"][:5]:
            print(
                f"  {show_metric(candidate['mean'])}  "
                + ", ".join(f"{k}={show_metric(v)}" for k, v in sorted(candidate["params"].items()))
            )
    if run.rerun_of:
        print(f"a re-run of {run.rerun_of}")
    return 0
