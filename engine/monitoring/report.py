"""Drift reports: a self-contained HTML file (plots embedded as PNG data URIs, no script, no
external asset) and a PDF with the same summary and plots. Per column: the reference and the
current distribution overlaid (histogram on the reference's range for numbers, bars for
categories) with the empirical CDFs for numbers."""

from __future__ import annotations

import base64
import io
from html import escape
from typing import Any

import numpy as np

from engine.monitoring.drift import DriftReport, ReferenceProfile

STYLE = (
    "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
    ".yes{color:#c0392b;font-weight:bold}.no{color:#1e8449}"
    "img{max-width:760px;display:block;margin:8px 0 24px}"
)
CATEGORY_LIMIT = 20  # bars shown per category column


def _figure(name: str, ref: Any, cur: Any, kind: str) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 2.6), dpi=80)
    if kind == "numeric":
        hist, ecdf = figure.subplots(1, 2)
        low, high = float(ref[0]), float(ref[-1])
        if cur.size:
            low, high = min(low, float(cur[0])), max(high, float(cur[-1]))
        bins = np.linspace(low, high, 41) if high > low else 10
        hist.hist(ref, bins=bins, density=True, alpha=0.55, label="reference")
        hist.hist(cur, bins=bins, density=True, alpha=0.55, label="current")
        hist.legend(fontsize=8)
        hist.set_title(name, fontsize=9)
        for values, label in ((ref, "reference"), (cur, "current")):
            if values.size:
                step = max(values.size // 2000, 1)
                ecdf.plot(
                    values[::step], np.arange(1, values.size + 1, step) / values.size, label=label
                )
        ecdf.set_title("empirical CDF", fontsize=9)
    else:
        axes = figure.subplots(1, 1)
        names = [k for k, _ in sorted(ref.items(), key=lambda kv: -kv[1])][:CATEGORY_LIMIT]
        names += [k for k in cur if k not in ref][:5]
        total_r, total_c = max(sum(ref.values()), 1), max(sum(cur.values()), 1)
        x = np.arange(len(names))
        axes.bar(x - 0.2, [ref.get(n, 0) / total_r for n in names], 0.4, label="reference")
        axes.bar(x + 0.2, [cur.get(n, 0) / total_c for n in names], 0.4, label="current")
        axes.set_xticks(x, [str(n)[:14] for n in names], rotation=45, fontsize=7, ha="right")
        axes.legend(fontsize=8)
        axes.set_title(name, fontsize=9)
    figure.tight_layout()
    return figure


def _current_values(table: Any, name: str, kind: str) -> Any:
    from engine.monitoring.drift import _counts, _numbers

    if kind == "numeric":
        return _numbers(table.column(name))[0]
    return _counts(table.column(name))[0]


def figures(
    report: DriftReport, reference: ReferenceProfile, current: Any
) -> list[tuple[str, Any]]:
    out = []
    for column in report.columns:
        ref = reference.columns[column.column]
        ref_values: Any = ref.sorted if ref.kind == "numeric" else ref.counts
        if ref.kind == "numeric" and (ref.sorted is None or ref.sorted.size == 0):
            continue
        out.append(
            (
                column.column,
                _figure(
                    column.column,
                    ref_values,
                    _current_values(current, column.column, ref.kind),
                    ref.kind,
                ),
            )
        )
    return out


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _num(value: Any) -> str:
    return "—" if value is None else f"{value:.4g}"


def summary_rows(report: DriftReport) -> list[list[str]]:
    return [
        [
            c.column,
            c.kind,
            c.test,
            _num(c.statistic),
            _num(c.p_value),
            _num(c.threshold),
            _num(c.psi),
            f"{c.missing_ref:.1%} → {c.missing_cur:.1%}",
            "yes" if c.drifted else "no",
            "; ".join(c.reasons),
        ]
        for c in report.columns
    ]


HEADERS = ["column", "kind", "test", "value", "p", "threshold", "PSI", "missing", "drift", "why"]


def chunk_rows(chunks: list[Any]) -> list[list[str]]:
    return [
        [
            c.label,
            f"{c.rows:,}",
            "too few rows to test" if c.report is None else f"{c.report.drift_share:.0%}",
            "" if c.report is None else ", ".join(c.report.drifted),
        ]
        for c in chunks
    ]


CHUNK_HEADERS = ["chunk", "rows", "drifted columns", "which"]


def html_report(
    report: DriftReport,
    reference: ReferenceProfile,
    current: Any,
    title: str,
    chunks: list[Any] | None = None,
) -> str:
    def cell(index: int, value: str) -> str:
        kind = ("yes" if value == "yes" else "no") if index == 8 else ""
        return f"<td class='{kind}'>{escape(value)}</td>"

    rows = "".join(
        "<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>"
        for row in summary_rows(report)
    )
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    plots = "".join(
        f"<h3>{escape(name)}</h3><img alt='{escape(name)}' src='data:image/png;base64,{_png(fig)}'>"
        for name, fig in figures(report, reference, current)
    )
    over = ""
    if chunks:
        from engine.monitoring.chunks import figure

        over = (
            "<h2>Drift over chunks</h2><img alt='drift over chunks' "
            f"src='data:image/png;base64,{_png(figure(chunks, report.options))}'>"
            "<table><tr>"
            + "".join(f"<th>{h}</th>" for h in CHUNK_HEADERS)
            + "</tr>"
            + "".join(
                "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                for row in chunk_rows(chunks)
            )
            + "</table>"
        )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(report.current)} ({report.rows_cur:,} rows) against "
        f"{escape(report.reference)} ({report.rows_ref:,} rows): "
        f"{escape(report.verdict())}.</p>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + f"<table><tr>{head}</tr>{rows}</table>{over}<h2>Columns</h2>{plots}"
        "</body></html>"
    )


def pdf_report(
    report: DriftReport,
    reference: ReferenceProfile,
    current: Any,
    title: str,
    chunks: list[Any] | None = None,
) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        rows = summary_rows(report)
        for start in range(0, max(len(rows), 1), 28):
            page = Figure(figsize=(11.7, 8.3))
            axes = page.subplots()
            axes.axis("off")
            if start == 0:
                axes.set_title(
                    f"{title}\n{report.current} against {report.reference}: {report.verdict()}",
                    fontsize=10,
                )
            chunk = [r[:9] for r in rows[start : start + 28]] or [["—"] * 9]
            table = axes.table(cellText=chunk, colLabels=HEADERS[:9], loc="upper center")
            table.auto_set_font_size(False)
            table.set_fontsize(7)
            pdf.savefig(page)
        if chunks:
            from engine.monitoring.chunks import figure as chunk_figure

            pdf.savefig(chunk_figure(chunks, report.options))
        for _name, figure in figures(report, reference, current):
            pdf.savefig(figure)
    return buffer.getvalue()


def distribution(
    reference: ReferenceProfile, current: Any, column: str, bins: int = 40
) -> dict[str, Any]:
    """Plot-ready distributions of one column on both sides: the share of rows in each of
    shared histogram bins for numbers (each side sums to 1), shares per category (the most
    frequent 20, plus new ones)."""
    ref = reference.columns[column]
    if ref.kind == "numeric" and ref.sorted is not None and ref.sorted.size:
        cur = _current_values(current, column, "numeric")
        low, high = float(ref.sorted[0]), float(ref.sorted[-1])
        if cur.size:
            low, high = min(low, float(cur[0])), max(high, float(cur[-1]))
        edges = np.linspace(low, high, bins + 1) if high > low else np.array([low, low + 1])
        ref_share = np.histogram(ref.sorted, edges)[0] / ref.sorted.size
        cur_share = np.histogram(cur, edges)[0] / cur.size if cur.size else np.zeros(edges.size - 1)
        return {
            "kind": "numeric",
            "edges": edges.tolist(),
            "reference": ref_share.tolist(),
            "current": cur_share.tolist(),
        }
    counts = _current_values(current, column, "category")
    names = [k for k, _ in sorted(ref.counts.items(), key=lambda kv: -kv[1])][:CATEGORY_LIMIT]
    names += [k for k in counts if k not in ref.counts][:5]
    total_r, total_c = max(sum(ref.counts.values()), 1), max(sum(counts.values()), 1)
    return {
        "kind": "category",
        "names": names,
        "reference": [ref.counts.get(n, 0) / total_r for n in names],
        "current": [counts.get(n, 0) / total_c for n in names],
    }
