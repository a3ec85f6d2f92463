"""A profile as one self-contained HTML page (inline SVG, no scripts, nothing fetched)."""

from __future__ import annotations

from html import escape

from engine.data.profile import ColumnProfile, Profile

STYLE = """body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}
.warn{color:#a94400}.col{margin:1.5em 0;padding-top:.5em;border-top:1px solid #ddd}
svg rect{fill:#4a78c2}"""


def _bars(counts: list[float], width: int = 320, height: int = 80) -> str:
    if not counts or max(counts) == 0:
        return ""
    step = width / len(counts)
    top = max(counts)
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - height * c / top:.1f}" '
        f'width="{max(step - 1, 1):.1f}" height="{height * c / top:.1f}"/>'
        for i, c in enumerate(counts)
    )
    return f'<svg width="{width}" height="{height}" role="img">{bars}</svg>'


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}"
    return escape(str(value)) if value is not None else "—"


def _column(column: ColumnProfile) -> str:
    rows = [
        ("type", f"{column.type} ({column.semantic})"),
        ("missing", f"{column.missing:,} ({column.missing_share:.1%})"),
        ("distinct", f"{column.distinct:,}"),
    ]
    if column.mean is not None:
        rows += [
            ("min / max", f"{_number(column.min)} / {_number(column.max)}"),
            ("mean / std", f"{_number(column.mean)} / {_number(column.std)}"),
            ("quantiles", ", ".join(f"{k} {_number(v)}" for k, v in column.quantiles.items())),
        ]
    elif column.min is not None:
        rows.append(("first / last", f"{_number(column.min)} / {_number(column.max)}"))
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    top = ""
    if column.top:
        top = (
            "<table><tr><th>value</th><th>rows</th></tr>"
            + "".join(f"<tr><td>{escape(v)}</td><td>{n:,}</td></tr>" for v, n in column.top)
            + "</table>"
        )
    warnings = "".join(f'<p class="warn">⚠ {escape(w)}</p>' for w in column.warnings)
    chart = _bars(column.histogram.get("counts", [])) if column.histogram else ""
    return (
        f'<div class="col"><h3>{escape(column.name)}</h3>{warnings}<table>{table}</table>'
        f"{chart}{top}</div>"
    )


def profile_html(profile: Profile, title: str) -> str:
    warnings = "".join(f"<li>{escape(w)}</li>" for w in profile.warnings) or "<li>none</li>"
    names = list(profile.correlations)
    corr = ""
    if names:
        head = "".join(f"<th>{escape(n)}</th>" for n in names)
        body = "".join(
            f"<tr><th>{escape(a)}</th>"
            + "".join(f"<td>{profile.correlations[a].get(b, float('nan')):.2f}</td>" for b in names)
            + "</tr>"
            for a in names
        )
        corr = f"<h2>Correlations (Pearson)</h2><table><tr><th></th>{head}</tr>{body}</table>"
    columns = "".join(_column(c) for c in profile.columns)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{profile.rows:,} rows, {len(profile.columns)} columns.</p>"
        f"<h2>Warnings</h2><ul>{warnings}</ul>{corr}<h2>Columns</h2>{columns}"
        "</body></html>"
    )
