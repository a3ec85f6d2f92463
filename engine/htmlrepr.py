"""HTML for notebooks (`_repr_html_` of runs, comparisons and reports): small tables with
inline styles, every value escaped, nothing fetched from anywhere."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

STYLE = (
    "border-collapse:collapse;font-family:system-ui,sans-serif;font-size:13px;margin:4px 0 8px 0"
)
CELL = "border:1px solid #c8c8c8;padding:3px 8px;text-align:left;vertical-align:top"
HEAD = CELL + ";background:#eef1f5;font-weight:600"


def shown(value: Any) -> str:
    """A value as text: numbers to 4 significant digits, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}={shown(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def grid(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    bold: AbstractSet[tuple[int, int]] = frozenset(),
) -> str:
    head = "".join(f'<th style="{HEAD}">{html.escape(h)}</th>' for h in headers)
    head = f"<tr>{head}</tr>" if any(headers) else ""  # a table of names and values: none
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            text = html.escape(shown(value))
            if (r, c) in bold:
                text = f"<b>{text}</b>"
            cells.append(f'<td style="{CELL}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table style="{STYLE}">{head}{"".join(body)}</table>'


def title(text: str, note: str = "") -> str:
    out = (
        f'<div style="font:600 14px system-ui,sans-serif;margin-top:6px">{html.escape(text)}</div>'
    )
    if note:
        out += f'<div style="font:12px system-ui,sans-serif;color:#555">{html.escape(note)}</div>'
    return out


def table_page(heading: str, pairs: Iterable[tuple[str, Any]], note: str = "") -> str:
    """A heading and a two-column table of names and values."""
    return "<div>" + title(heading, note) + grid(("", ""), list(pairs)) + "</div>"
