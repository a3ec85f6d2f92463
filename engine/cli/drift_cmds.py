"""`airlock drift REFERENCE CURRENT`: data drift between a dataset version and a version or
a file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from engine.cli.common import TerminalProgress, project_name, session


def register(commands: argparse._SubParsersAction) -> None:
    drift = commands.add_parser(
        "drift",
        help="data drift of a dataset version or a file against a reference",
        description="Compare every column of CURRENT (NAME@V or a CSV/Parquet/Excel file) "
        "with the REFERENCE dataset version.",
        epilog="Defaults follow Evidently: up to 1,000 reference rows, KS / chi-square / "
        "z-test with p < 0.05; above, normed Wasserstein / Jensen-Shannon ≥ 0.1; "
        "dataset drift (alert) when half the columns drift, a warning from a fifth — "
        "the monitors' levels; --monitor NAME takes a monitor's. Exit status 3 on "
        "dataset drift.",
    )
    drift.add_argument("reference", metavar="REFERENCE", help="NAME@V")
    drift.add_argument("current", metavar="CURRENT", help="NAME@V or a file")
    drift.add_argument("--columns", metavar="A,B,…")
    drift.add_argument(
        "--numeric-test", default="auto", choices=["auto", "ks", "wasserstein", "psi"]
    )
    drift.add_argument(
        "--category-test",
        default="auto",
        choices=["auto", "chi2", "z", "jensenshannon", "psi", "hellinger"],
    )
    drift.add_argument("--p-value", type=float, default=0.05)
    drift.add_argument("--distance", type=float, default=0.1)
    drift.add_argument("--correction", default="none", choices=["none", "bonferroni", "bh"])
    drift.add_argument(
        "--drift-share",
        type=float,
        default=None,
        metavar="SHARE",
        help="dataset drift (alert) from this share of drifted columns (default 0.5)",
    )
    drift.add_argument(
        "--warning-share",
        type=float,
        default=None,
        metavar="SHARE",
        help="warning from this share (default 0.2)",
    )
    drift.add_argument(
        "--monitor",
        metavar="NAME",
        help="the monitor's drift options and levels: what it would report",
    )
    drift.add_argument(
        "--model", metavar="NAME@V", help="prediction drift: compare this version's outputs on both"
    )
    drift.add_argument(
        "--multivariate",
        action="store_true",
        help="also a domain classifier over all shared columns",
    )
    drift.add_argument(
        "--report",
        metavar="OUT.html|OUT.pdf",
        help="also write a report: summary table and a plot per column",
    )
    drift.add_argument(
        "--chunk-by",
        metavar="DATE_COLUMN",
        help="also the drift of each period (see --period) of the current "
        "data, in the output and the report",
    )
    drift.add_argument("--period", default="month", choices=["day", "week", "month", "quarter"])
    drift.add_argument(
        "--chunk",
        type=int,
        metavar="ROWS",
        help="also the drift of each chunk of this many current rows",
    )
    drift.add_argument(
        "--anomalies",
        action="store_true",
        help="also outliers, missing/out-of-range spikes, repeated rows or "
        "batches (reported apart from drift)",
    )
    drift.add_argument("--json", action="store_true")
    drift.set_defaults(run=cmd_drift)

    perf = commands.add_parser(
        "performance",
        help="a model's performance over chunks: estimated without labels "
        "(CBPE), realised where labels arrived",
        description="Score CURRENT (NAME@V, a window NAME@A..B or NAME@last:30d, or a file) "
        "with the model version and measure its performance per chunk against "
        "±3σ bands from the reference (by default the test rows of the dataset "
        "version it was trained on). Labels come from --labels joined on --id, "
        "or from the target column when the data holds it.",
        epilog="Exit status 3 on an alert: realised performance outside the band in at least "
        "--outside chunks (default 2, as monitors count), or the parity ratio clearly "
        "below four fifths in as many.",
    )
    perf.add_argument("model", metavar="MODEL", help="NAME@V, or NAME for its production version")
    perf.add_argument("current", metavar="CURRENT")
    perf.add_argument("--reference", metavar="NAME@V")
    perf.add_argument(
        "--labels",
        metavar="FILE",
        type=Path,
        help="a CSV/Parquet/Excel file of ids and labels that arrived later",
    )
    perf.add_argument(
        "--id",
        dest="id_column",
        metavar="COLUMN",
        help="the id column the labels file shares with the current data",
    )
    perf.add_argument(
        "--label-column",
        metavar="COLUMN",
        help="the label column in the file (default: the model's target)",
    )
    perf.add_argument("--metric", choices=["roc_auc", "accuracy", "precision", "recall", "f1"])
    perf.add_argument(
        "--chunk",
        type=int,
        metavar="ROWS",
        help="rows per chunk (default: a tenth of the reference)",
    )
    perf.add_argument(
        "--time-column",
        metavar="COLUMN",
        help="order the current rows by this column and name each chunk's days",
    )
    perf.add_argument(
        "--period",
        choices=["day", "week", "month", "quarter"],
        help="one chunk per calendar period of --time-column (the reference "
        "chunks as large as a typical period)",
    )
    perf.add_argument(
        "--fairness",
        metavar="A,B",
        help="also the four-fifths rule per chunk for these columns (fairness drift)",
    )
    perf.add_argument(
        "--outside",
        type=int,
        default=2,
        metavar="N",
        help="chunks outside the band that make an alert (default 2)",
    )
    perf.add_argument("--json", action="store_true")
    perf.set_defaults(run=cmd_performance)


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def cmd_drift(args: argparse.Namespace) -> int:
    import dataclasses

    from engine.monitoring.drift import DriftOptions

    options = DriftOptions(
        numeric_test=args.numeric_test,
        category_test=args.category_test,
        p_value=args.p_value,
        distance=args.distance,
        correction=args.correction,
    )
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    domain = None
    with session(args) as (ws, actor):
        if args.monitor:  # one definition of dataset drift: the monitor's own
            from engine.monitoring.monitor_definition import drift_options

            found = next(
                (
                    m
                    for m in ws.monitors.monitors(actor, project_name(args))
                    if m.name.lower() == args.monitor.lower()
                ),
                None,
            )
            if found is None:
                from engine.errors import NotFound

                raise NotFound(
                    f"There is no monitor {args.monitor!r}.",
                    hint="`airlock monitor list` shows them.",
                )
            options = drift_options(found.definition)
            columns = columns or found.definition.get("columns")
        shares = {
            k: v
            for k, v in (("drift_share", args.drift_share), ("warning_share", args.warning_share))
            if v is not None
        }
        options = dataclasses.replace(options, **shares).check()
        if args.model:
            result = ws.monitoring.prediction_drift(
                actor,
                args.model,
                args.reference,
                args.current,
                options=options,
                project=project_name(args),
            )
        else:
            result = ws.monitoring.drift(
                actor,
                args.reference,
                args.current,
                columns=columns,
                options=options,
                project=project_name(args),
                progress=TerminalProgress("Drift"),
            )
        if args.report:
            ws.monitoring.report_file(
                actor,
                args.reference,
                args.current,
                args.report,
                columns=columns,
                options=options,
                project=project_name(args),
                chunk_by=args.chunk_by,
                chunk_rows=args.chunk,
                period=args.period,
            )
            print(f"Wrote {args.report}.")
        chunks = None
        if args.chunk_by or args.chunk:
            chunks = ws.monitoring.over_chunks(
                actor,
                args.reference,
                args.current,
                chunk_by=args.chunk_by,
                chunk_rows=args.chunk,
                period=args.period,
                columns=columns,
                options=options,
                project=project_name(args),
            )
        found = (
            ws.monitoring.anomalies(actor, args.reference, args.current, project=project_name(args))
            if args.anomalies
            else None
        )
        if args.multivariate:
            domain = ws.monitoring.multivariate(
                actor, args.reference, args.current, columns=columns, project=project_name(args)
            )
    drifted = result.dataset_drift or bool(domain and domain.drifted)
    if args.json:
        body = result.as_json()
        if domain is not None:
            body["multivariate"] = domain.as_json()
        if found is not None:
            body["anomalies"] = found.findings
        if chunks is not None:
            body["chunks"] = [
                {
                    "chunk": c.label,
                    "rows": c.rows,
                    "drift_share": c.report.drift_share if c.report else None,
                    "drifted": c.report.drifted if c.report else [],
                }
                for c in chunks
            ]
        print(json.dumps(body, indent=2, default=str))
        return 3 if drifted else 0
    print(
        f"{result.current} ({result.rows_cur:,} rows) against {result.reference} "
        f"({result.rows_ref:,} rows)"
    )
    print(
        f"{'column':<24} {'kind':<9} {'test':<14} {'value':>9} {'p':>9} {'PSI':>7} "
        f"{'missing':>15} drift"
    )
    for c in result.columns:
        missing = f"{c.missing_ref:.1%}→{c.missing_cur:.1%}"
        print(
            f"{c.column[:24]:<24} {c.kind:<9} {c.test[:14]:<14} {_num(c.statistic):>9} "
            f"{_num(c.p_value):>9} {_num(c.psi):>7} {missing:>15} "
            f"{'YES ' + '; '.join(c.reasons) if c.drifted else 'no'}"
        )
    for note in result.notes:
        print(f"note: {note}")
    print(result.verdict() + ".")
    if domain is not None:
        print(
            f"domain classifier: AUC {domain.auc:.3f} against {domain.baseline_mean:.3f} ± "
            f"{domain.baseline_std:.3f} on shuffled labels ({domain.rows:,} rows a side): "
            + (
                "multivariate drift — most telling: "
                + ", ".join(f"{n} ({v:.3f})" for n, v in domain.top_features)
                if domain.drifted
                else "no multivariate drift"
            )
        )
    if found is not None:
        print("anomalies: " + ("; ".join(found.findings) or "none"))
    for c in chunks or []:
        print(
            f"chunk {c.label:<22} {c.rows:>9,} rows  "
            + (
                "too few rows to test"
                if c.report is None
                else f"{c.report.drift_share:>4.0%} drift  {', '.join(c.report.drifted)}"
            )
        )
    return 3 if drifted else 0


def cmd_performance(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        found = ws.monitoring.performance(
            actor,
            args.model,
            args.current,
            reference=args.reference,
            labels=args.labels,
            id_column=args.id_column,
            label_column=args.label_column,
            metric=args.metric,
            chunk=args.chunk,
            time_column=args.time_column,
            period=args.period,
            fairness=[a.strip() for a in args.fairness.split(",") if a.strip()]
            if args.fairness
            else None,
            project=project_name(args),
        )
    if args.json:
        print(
            json.dumps(
                found.as_json() | {"level": found.level(args.outside)}, indent=2, default=str
            )
        )
        return 3 if found.level(args.outside) == "alert" else 0
    result = found.result
    print(
        f"{found.model} on {found.current} ({found.rows:,} rows, {found.labelled:,} "
        f"labelled) against {found.reference}"
    )
    print(
        f"{result.metric}: reference {result.reference_mean:.3f} ± "
        f"{result.reference_std:.3f}, band [{result.low:.3f}, {result.high:.3f}] over "
        f"chunks of {result.chunk_size:,} rows"
        + ("; scores calibrated on the reference" if result.calibrated else "")
    )
    print(
        f"{'chunk':<6} {'period':<40} {'rows':>6} {'labelled':>8} {'estimated':>9} {'realised':>9}"
    )
    detected = {
        c: [n for n, chunks in found.detections.items() if c in chunks]
        for c in range(len(result.chunks))
    }
    for c in result.chunks:
        flag = " OUTSIDE" if c.realised_alert or c.estimated_alert else ""
        print(
            f"{c.index + 1:<6} {c.period[:40]:<40} {c.rows:>6,} {c.labelled:>8,} "
            f"{_num(c.estimated):>9} {_num(c.realised):>9}{flag}"
            + (f"  ({', '.join(detected[c.index])} signalled drift)" if detected[c.index] else "")
        )
    for note in found.notes:
        print(f"note: {note}")
    print("; ".join(found.alerts) if found.alerts else "Every chunk is inside the band.")
    for attribute, chunks in found.fairness.items():
        print(
            f"fairness by {attribute}: parity ratio per chunk "
            + ", ".join(
                "—" if c.ratio is None else f"{c.ratio:.2f}" + ("!" if c.clearly_below else "")
                for c in chunks
            )
            + "  (! = even the interval's upper end is below 0.8)"
        )
    for alert in found.fairness_alerts[:5]:
        print(f"fairness: {alert}")
    level = found.level(args.outside)
    print(f"level: {level} (an alert takes {args.outside} chunks outside the band)")
    return 3 if level == "alert" else 0
