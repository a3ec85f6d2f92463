"""A fairness report as a notebook shows it (`FairnessReport._repr_html_`)."""

from __future__ import annotations

from typing import Any

from engine.htmlrepr import grid, title


def fairness_page(report: Any) -> str:
    """The flags, one row per attribute's disparities, one row per group's metrics."""
    names = sorted({k for g in report.groups for k in g.values})
    out = title(
        f"Fairness ({report.task}, {report.rows:,} rows)",
        "; ".join(report.flags) or "no group below the four-fifths rule",
    )
    out += grid(
        (
            "attribute",
            "parity ratio",
            "parity difference",
            "equalized odds diff.",
            "four-fifths",
            "lowest group",
        ),
        [
            (
                d.attribute,
                d.demographic_parity_ratio,
                d.demographic_parity_difference,
                d.equalized_odds_difference,
                "" if d.four_fifths is None else ("yes" if d.four_fifths else "NO"),
                d.lowest_group,
            )
            for d in report.disparities
        ],
    )
    out += grid(
        ("attribute", "group", "rows", *names),
        [(g.attribute, g.group, g.rows, *(g.values.get(n) for n in names)) for g in report.groups],
    )
    return f"<div>{out}</div>"
