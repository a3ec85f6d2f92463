"""A drift report as a notebook shows it (`DriftReport._repr_html_`)."""

from __future__ import annotations

from typing import Any

from engine.htmlrepr import grid, title


def drift_page(report: Any) -> str:
    """The verdict and one row per column: test, statistic, p-value, threshold, PSI, why."""
    rows = [
        (
            c.column,
            c.kind,
            c.test,
            c.statistic,
            c.p_value,
            c.threshold,
            c.psi,
            "yes" if c.drifted else "no",
            "; ".join(c.reasons),
        )
        for c in report.columns
    ]
    bold = {(i, 7) for i, c in enumerate(report.columns) if c.drifted}
    heading = f"Drift of {report.current} against {report.reference}"
    headers = ("column", "kind", "test", "statistic", "p-value", "threshold", "PSI", "drift", "why")
    return "<div>" + title(heading, report.verdict()) + grid(headers, rows, bold=bold) + "</div>"
