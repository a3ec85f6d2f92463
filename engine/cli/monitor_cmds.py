"""`airlock drift REFERENCE CURRENT`: data drift between a dataset version and a version or
a file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from engine.cli.common import TerminalProgress, login, open_workspace, project_name


def register(commands: argparse._SubParsersAction) -> None:
    drift = commands.add_parser(
        "drift", help="data drift of a dataset version or a file against a reference",
        description="Compare every column of CURRENT (NAME@V or a CSV/Parquet/Excel file) "
                    "with the REFERENCE dataset version.",
        epilog="Defaults follow Evidently: up to 1,000 reference rows, KS / chi-square / "
               "z-test with p < 0.05; above, normed Wasserstein / Jensen-Shannon ≥ 0.1; "
               "dataset drift when half the columns drift. Exit status 3 on dataset drift.")
    drift.add_argument("reference", metavar="REFERENCE", help="NAME@V")
    drift.add_argument("current", metavar="CURRENT", help="NAME@V or a file")
    drift.add_argument("--columns", metavar="A,B,…")
    drift.add_argument("--numeric-test", default="auto",
                       choices=["auto", "ks", "wasserstein", "psi"])
    drift.add_argument("--category-test", default="auto",
                       choices=["auto", "chi2", "z", "jensenshannon", "psi", "hellinger"])
    drift.add_argument("--p-value", type=float, default=0.05)
    drift.add_argument("--distance", type=float, default=0.1)
    drift.add_argument("--correction", default="none", choices=["none", "bonferroni", "bh"])
    drift.add_argument("--drift-share", type=float, default=0.5)
    drift.add_argument("--model", metavar="NAME@V",
                       help="prediction drift: compare this version's outputs on both")
    drift.add_argument("--multivariate", action="store_true",
                       help="also a domain classifier over all shared columns")
    drift.add_argument("--report", metavar="OUT.html|OUT.pdf",
                       help="also write a report: summary table and a plot per column")
    drift.add_argument("--json", action="store_true")
    drift.set_defaults(run=cmd_drift)


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def cmd_drift(args: argparse.Namespace) -> int:
    from engine.monitoring.drift import DriftOptions

    options = DriftOptions(numeric_test=args.numeric_test, category_test=args.category_test,
                           p_value=args.p_value, distance=args.distance,
                           correction=args.correction, drift_share=args.drift_share)
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] \
        if args.columns else None
    domain = None
    with open_workspace(args) as ws:
        actor = login(args, ws)
        if args.model:
            result = ws.monitoring.prediction_drift(actor, args.model, args.reference,
                                                    args.current, options=options,
                                                    project=project_name(args))
        else:
            result = ws.monitoring.drift(actor, args.reference, args.current,
                                         columns=columns, options=options,
                                         project=project_name(args),
                                         progress=TerminalProgress("Drift"))
        if args.report:
            ws.monitoring.report_file(actor, args.reference, args.current, args.report,
                                      columns=columns, options=options,
                                      project=project_name(args))
            print(f"Wrote {args.report}.")
        if args.multivariate:
            domain = ws.monitoring.multivariate(actor, args.reference, args.current,
                                                columns=columns, project=project_name(args))
    drifted = result.dataset_drift or bool(domain and domain.drifted)
    if args.json:
        body = result.as_json()
        if domain is not None:
            body["multivariate"] = domain.as_json()
        print(json.dumps(body, indent=2, default=str))
        return 3 if drifted else 0
    print(f"{result.current} ({result.rows_cur:,} rows) against {result.reference} "
          f"({result.rows_ref:,} rows)")
    print(f"{'column':<24} {'kind':<9} {'test':<14} {'value':>9} {'p':>9} {'PSI':>7} "
          f"{'missing':>15} drift")
    for c in result.columns:
        missing = f"{c.missing_ref:.1%}→{c.missing_cur:.1%}"
        print(f"{c.column[:24]:<24} {c.kind:<9} {c.test[:14]:<14} {_num(c.statistic):>9} "
              f"{_num(c.p_value):>9} {_num(c.psi):>7} {missing:>15} "
              f"{'YES ' + '; '.join(c.reasons) if c.drifted else 'no'}")
    for note in result.notes:
        print(f"note: {note}")
    print(f"{len(result.drifted)} of {len(result.columns)} columns drift "
          f"({result.drift_share:.0%}); dataset drift: "
          f"{'YES' if result.dataset_drift else 'no'} (at {options.drift_share:.0%}).")
    if domain is not None:
        print(f"domain classifier: AUC {domain.auc:.3f} against {domain.baseline_mean:.3f} ± "
              f"{domain.baseline_std:.3f} on shuffled labels ({domain.rows:,} rows a side): "
              + ("multivariate drift — most telling: " + ", ".join(
                  f"{n} ({v:.3f})" for n, v in domain.top_features) if domain.drifted
                 else "no multivariate drift"))
    return 3 if drifted else 0
