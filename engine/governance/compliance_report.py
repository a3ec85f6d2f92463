"""The compliance report as a self-contained HTML page and as lines for the PDF writer."""

from __future__ import annotations

from html import escape
from typing import Any


def report_html(report: dict[str, Any]) -> str:
    colours = {"met": "#1b7f3b", "partial": "#a86b00", "missing": "#b3261e"}
    rows = []
    for control in report["controls"]:
        colour = colours[control["status"]]
        checks = "".join(
            f"<li><b>{escape(r['check'])}</b>: <span style='color:{colours[r['status']]}'>"
            f"{r['status']}</span> — {escape(r['summary'])}<ul>"
            + "".join(
                f"<li>{escape(e['text'])} <code>{escape(e['see'])}</code></li>"
                for e in r["evidence"]
            )
            + "</ul></li>"
            for r in control["results"]
        )
        rows.append(
            f"<tr id='{escape(control['id'])}'><td>{escape(control['id'])}</td>"
            f"<td>{escape(control['framework'])} {escape(control['reference'])}</td>"
            f"<td>{escape(control['title'])}</td><td style='color:{colour};"
            f"font-weight:bold'>{control['status']}</td><td><ul>{checks}</ul></td></tr>"
        )
    summary = ", ".join(f"{n} {k}" for k, n in report["summary"].items())
    style = (
        "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:"
        "collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;"
        "vertical-align:top;text-align:start}th{background:#f4f6f8}ul{margin:0;"
        "padding-inline-start:18px}code{font-size:90%}"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Compliance "
        f"evidence: {escape(report['project'])}</title><style>{style}</style></head>"
        f"<body><h1>Compliance evidence: {escape(report['project'])}</h1>"
        f"<p>Workspace {escape(report['workspace'])}, generated "
        f"{escape(report['generated'])}. Controls: {escape(summary)}.</p>"
        f"<p>{escape(report['note'])}</p><table><tr><th>Control</th><th>Reference</th>"
        f"<th>Requirement</th><th>Status</th><th>Evidence</th></tr>{''.join(rows)}"
        "</table></body></html>"
    )


def report_lines(report: dict[str, Any]) -> list[tuple[str, bool]]:
    """The report as (text, is_heading) lines for the PDF writer."""
    summary = ", ".join(f"{n} {k}" for k, n in report["summary"].items())
    lines = [
        (f"Compliance evidence: {report['project']}", True),
        (
            f"Workspace {report['workspace']}, generated {report['generated']}. "
            f"Controls: {summary}.",
            False,
        ),
    ]
    for control in report["controls"]:
        lines.append(("", False))
        lines.append(
            (
                f"{control['id']} [{control['status'].upper()}] {control['framework']} "
                f"{control['reference']}: {control['title']}",
                True,
            )
        )
        for result in control["results"]:
            lines.append((f"{result['check']}: {result['status']} - {result['summary']}", False))
            lines += [(f"    {e['text']} ({e['see']})", False) for e in result["evidence"]]
    return lines
