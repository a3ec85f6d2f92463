"""`airlock governance …`: fairness of runs and model versions, stored fairness reports (the
evidence the fairness gate reads), and fairness mitigation."""

from __future__ import annotations

import argparse
import json
from typing import Any

from engine.cli.common import TerminalProgress, project_name, session


def register(commands: argparse._SubParsersAction) -> None:
    governance = commands.add_parser(
        "governance",
        help="fairness, model cards, inventory, DPIA, retention and erasure, "
        "compliance evidence, the auditor's evidence room",
        description="Fairness across the dataset's sensitive attributes (columns tagged "
        "`sensitive`) and their intersections, on the model's final test rows.",
    )
    sub = governance.add_subparsers(dest="governance_command", metavar="COMMAND", required=True)
    p = sub.add_parser(
        "fairness",
        help="assess a model version and keep the report as its "
        "evidence (exit 3 when the four-fifths rule fails)",
    )
    p.add_argument("version", metavar="MODEL@V")
    p.add_argument("--attributes", metavar="A,B", help="default: the sensitive columns")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_fairness)
    p = sub.add_parser("assess", help="assess a run (nothing stored)")
    p.add_argument("run_ref", metavar="EXPERIMENT#N")
    p.add_argument("--attributes", metavar="A,B")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_assess)
    p = sub.add_parser("reports", help="a model version's stored fairness reports")
    p.add_argument("version", metavar="MODEL@V")
    p.set_defaults(run=cmd_reports)
    p = sub.add_parser(
        "card", help="a model version's model card: show it, write its narrative (--set), export it"
    )
    p.add_argument("version", metavar="MODEL@V")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=TEXT",
        help="limitations, ethical_considerations, caveats, recommendations, "
        "monitoring_plan (saves a new card version)",
    )
    p.add_argument("--export", metavar="FILE.md|.html|.pdf")
    p.add_argument("--language", default="en", choices=["en", "ar"])
    p.set_defaults(run=cmd_card)
    p = sub.add_parser("cards", help="a model version's saved cards")
    p.add_argument("version", metavar="MODEL@V")
    p.set_defaults(run=cmd_cards)
    p = sub.add_parser(
        "inventory",
        help="every model: owner, risk tier, stage, last "
        "validation, revalidation due, alerts, card "
        "(exit 3 when something needs attention)",
    )
    p.add_argument(
        "--revalidate-days",
        type=int,
        default=365,
        help="revalidation period after a validation (SAMA: at least yearly)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_inventory)
    from engine.cli import evidence_cmds, privacy_cmds

    privacy_cmds.register(sub)
    evidence_cmds.register(sub)
    p = sub.add_parser("mitigate", help="make a fairness-mitigated candidate run")
    p.add_argument("run_ref", metavar="EXPERIMENT#N")
    p.add_argument("--attribute", help="default: the first sensitive column")
    p.add_argument(
        "--method",
        default="threshold",
        choices=["threshold", "reduction"],
        help="threshold: fairlearn's ThresholdOptimizer on the run's scores; "
        "reduction: ExponentiatedGradient retrains the estimator",
    )
    p.add_argument(
        "--constraint",
        default="demographic_parity",
        choices=["demographic_parity", "equalized_odds"],
    )
    p.set_defaults(run=cmd_mitigate)


def _attributes(text: str | None) -> list[str] | None:
    return [a.strip() for a in text.split(",") if a.strip()] if text else None


def _num(value: Any, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def show(report: Any) -> None:
    metric = "selection_rate" if report.task != "regression" else "mean_prediction"
    print(f"{report.rows:,} test rows; {metric} per group (95 % bootstrap interval):")
    for group in report.groups:
        value, low, high = (group.values.get(metric), group.low.get(metric), group.high.get(metric))
        interval = f" [{_num(low)}, {_num(high)}]" if low is not None else ""
        extra = ""
        if report.task != "regression":
            extra = (
                f"  TPR {_num(group.values.get('true_positive_rate'))}"
                f"  FPR {_num(group.values.get('false_positive_rate'))}"
                f"  accuracy {_num(group.values.get('accuracy'))}"
            )
        print(
            f"  {group.attribute:<22} {group.group:<24} {group.rows:>7,} rows  "
            f"{_num(value)}{interval}{extra}"
        )
    for d in report.disparities:
        if d.note and d.demographic_parity_difference is None:
            print(f"{d.attribute}: {d.note}")
            continue
        rule = (
            ""
            if d.four_fifths is None
            else ("  four-fifths rule: passes" if d.four_fifths else "  four-fifths rule: FAILS")
        )
        print(
            f"{d.attribute}: parity difference {_num(d.demographic_parity_difference)}, "
            f"ratio {_num(d.demographic_parity_ratio)}; equalized odds difference "
            f"{_num(d.equalized_odds_difference)}, ratio {_num(d.equalized_odds_ratio)}"
            f"{rule}"
        )


def cmd_fairness(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        stored = ws.governance.fairness.report(
            actor, args.version, attributes=_attributes(args.attributes), project=project_name(args)
        )
    if args.json:
        print(
            json.dumps(
                {
                    "id": stored.id,
                    "version": stored.version,
                    "run": stored.run,
                    "sha256": stored.sha256,
                    **stored.report.as_json(),
                },
                indent=2,
                default=str,
            )
        )
    else:
        print(f"{stored.version} (run {stored.run} on {stored.dataset}): report {stored.id}")
        show(stored.report)
    return 3 if stored.report.flags else 0


def cmd_assess(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        report = ws.governance.fairness.assess_run(
            actor, args.run_ref, attributes=_attributes(args.attributes), project=project_name(args)
        )
    if args.json:
        print(json.dumps(report.as_json(), indent=2, default=str))
    else:
        show(report)
    return 3 if report.flags else 0


def cmd_reports(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        reports = ws.governance.fairness.reports(actor, args.version, project=project_name(args))
    if not reports:
        print(
            f"{args.version} has no fairness report. Make one: airlock governance "
            f"fairness {args.version}"
        )
    for stored in reports:
        flags = "; ".join(stored.report.flags) or "no four-fifths flag"
        print(
            f"{stored.id}  {stored.created[:19]}  by {stored.created_by}  "
            f"{', '.join(stored.attributes)}: {flags}"
        )
    return 0


def cmd_mitigate(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        done = ws.governance.fairness.mitigate(
            actor,
            args.run_ref,
            attribute=args.attribute,
            method=args.method,
            constraint=args.constraint,
            project=project_name(args),
            progress=TerminalProgress("Mitigating"),
        )
    print(
        f"Run {done.run.ref}: {done.method} mitigation of {done.base.ref} for "
        f"{done.constraint} on {done.attribute}."
    )
    print(f"{'on the test rows':<34} {'before':>8} {'after':>8}")
    for key in (
        "accuracy",
        "roc_auc",
        "f1",
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
    ):
        if key in done.before or key in done.after:
            print(f"{key:<34} {_num(done.before.get(key)):>8} {_num(done.after.get(key)):>8}")
    print(f"Register it to promote it: airlock model register {done.run.ref} NAME")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from engine.errors import ValidationError
    from engine.governance.cards import markdown

    narrative = {}
    for item in args.set:
        field, sep, text = item.partition("=")
        if not sep:
            raise ValidationError(f"--set takes FIELD=TEXT. Got {item!r}.")
        narrative[field.strip()] = text
    with session(args) as (ws, actor):
        if narrative:
            saved = ws.governance.cards.save(
                actor, args.version, narrative, project=project_name(args)
            )
            print(f"Saved card {saved['number']} of {saved['ref']} ({saved['id']}).")
        if args.export:
            out = ws.governance.cards.export(
                actor, args.version, args.export, language=args.language, project=project_name(args)
            )
            print(f"Wrote {out}.")
        card = ws.governance.cards.card(actor, args.version, project=project_name(args))
    if not narrative and not args.export:
        print(markdown(card, args.language), end="")
    elif card["missing"]:
        print("Missing for a complete card: " + "; ".join(card["missing"]))
    else:
        print("The card is complete.")
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        saved = ws.governance.cards.saved(actor, args.version, project=project_name(args))
    if not saved:
        print(
            f"{args.version} has no saved card. Write one: airlock governance card "
            f"{args.version} --set limitations=…"
        )
    for card in saved:
        state = "complete" if not card.missing else f"{len(card.missing)} missing"
        print(
            f"card {card.number:<3} {card.id}  {card.created[:19]}  by "
            f"{card.by:<12} {state}  sha256 {card.sha256[:16]}…"
        )
    return 0


def cmd_inventory(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    with session(args) as (ws, actor):
        rows = ws.governance.inventory.rows(
            actor, project_name(args), revalidate_days=args.revalidate_days
        )
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
        return 3 if any(r.attention for r in rows) else 0
    if not rows:
        print("No registered models.")
    for r in rows:
        print(
            f"{r.version:<24} {r.stage:<10} owner {r.owner:<12} risk {r.risk_tier or '—':<7}"
            f" validated {r.last_validation[:10] or 'never':<10} due "
            f"{r.next_due[:10] or '—':<10} alerts {r.open_alerts} card {r.card} "
            f"fairness flags {r.fairness_flags}"
        )
        for item in r.attention:
            print(f"    ! {item}")
    return 3 if any(r.attention for r in rows) else 0
