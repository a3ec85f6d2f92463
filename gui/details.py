"""Detail panes as pure functions: engine data in, HTML out, colours from the theme.

Nothing here reads the workspace or a widget: the Models view, the decision dialog and the
Pipelines view pass what the engine returned, and tests call these directly. Text goes
through Qt's translations (the contexts the views used before, so the Arabic stays);
engine sentences pass through `gui_words` (no command-line syntax) and `readable_times`
(local time to the minute, not "2026-12-07T18:18:50.955495Z"). Right to left, the page
is marked dir=rtl so headings, lists and tables all start at the right."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.audit.record import grouped
from gui.errors import gui_words
from gui.i18n import FSI, PDI, local_time
from gui.palette import STAGES, colour

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")
e = html.escape
translate = QCoreApplication.translate


def stage_word(stage: str) -> str:
    """A registry stage in the user's language (the badge keeps the engine's colour)."""
    words = {
        "dev": translate("Stage", "dev"),
        "staging": translate("Stage", "staging"),
        "production": translate("Stage", "production"),
        "archived": translate("Stage", "archived"),
    }
    return words.get(stage, stage)


def readable_times(text: str) -> str:
    """Engine timestamps inside a sentence as local time to the minute."""
    return _STAMP.sub(lambda m: local_time(m.group(0)), text)


def engine_sentence(text: str) -> str:
    """An engine detail for a pane: GUI words, readable times, escaped."""
    return e(readable_times(gui_words(text)))


def ltr(text: str, rtl: bool = True) -> str:
    """A value that must keep its own order in an Arabic sentence (name@v, a trigger)."""
    return FSI + text + PDI if rtl else text


def page(parts: Iterable[str], rtl: bool) -> str:
    body = "".join(parts)
    return f"<div dir='rtl'>{body}</div>" if rtl else body


def stage_badge(stage: str) -> str:
    return (
        f"<span style='background:{STAGES.get(stage, STAGES['archived'])};color:white'>"
        f"&nbsp;{e(stage_word(stage))}&nbsp;</span>"
    )


def gates_list(gates: list[dict[str, Any]], rtl: bool = False) -> str:
    """Gate results as a list: pass/FAIL in the theme's colours, the engine's detail (an
    English sentence: one left-to-right run in an Arabic page)."""
    passed, failed = translate("ModelsView", "pass"), translate("ModelsView", "FAIL")
    return (
        "<ul>"
        + "".join(
            f"<li><b style='color:{colour('ok' if g['passed'] else 'alert')}'>"
            f"{passed if g['passed'] else failed}</b> "
            + ltr(f"{e(g['gate'])} — {engine_sentence(g['detail'])}", rtl)
            + "</li>"
            for g in gates
        )
        + "</ul>"
    )


def metrics_table(metrics: dict[str, float | None]) -> str:
    rows = "".join(
        f"<tr><td>{e(k)}</td><td align='right'>{'—' if x is None else f'{x:.4f}'}</td></tr>"
        for k, x in sorted(metrics.items())
    )
    return f"<table>{rows}</table>"


def version_html(
    version: Any,
    gates: list[Any],
    next_stage: str,
    *,
    approval: Any = None,
    waiting: Any = None,
    served: Any = (),
    rtl: bool = False,
) -> str:
    """The Models view's pane for one registered version: who trained and registered it,
    its hash, an import's origin, the approval held in production, a pending request, the
    gates for its next stage, metrics and input signature."""
    v, lineage = version, version.lineage
    trained = translate("ModelsView", "Trained by %1 (run %2) on %3; registered by %4 on %5")
    trained = (
        trained.replace("%1", e(v.trained_by))
        .replace("%2", e(ltr(lineage.get("run_ref", "—"), rtl)))
        .replace("%3", e(ltr(lineage.get("dataset_ref", "—"), rtl)))
        .replace("%4", e(v.registered_by))
        .replace("%5", e(local_time(v.registered)))
    )
    parts = [
        f"<h3>{e(ltr(v.ref, rtl))} {stage_badge(v.stage)}</h3>",
        f"<p>{e(v.manifest.get('algorithm', ''))} → {e(v.manifest['target'])} "
        f"({e(v.manifest['task'])})<br>{trained}<br>"
        + translate("ModelsView", "Model SHA-256")
        + f" <code>{v.model_sha256}</code></p>",
    ]
    if "imported" in v.manifest:
        imported = v.manifest["imported"]
        text = translate(
            "ModelsView", "Imported from bundle %1 (%2 of workspace %3), signed by key %4"
        )
        parts.append(
            "<p>"
            + text.replace("%1", e(imported["bundle"]))
            .replace("%2", e(imported["source_version"]))
            .replace("%3", e(str(imported["source_workspace"])))
            .replace("%4", grouped(imported["key_fingerprint"])[:19] + "…")
            + "</p>"
        )
    if approval is not None:
        shade = colour("alert" if not approval.valid else "warning" if approval.flags else "ok")
        parts.append(
            f"<p style='color:{shade}'><b>"
            + translate("ModelsView", "Approval")
            + f":</b> {engine_sentence(approval.detail)}</p>"
        )
    for service, figures in served:  # (ServiceStatus, ServedFigures) of running services
        text = (
            translate("ModelsView", "Served at %1 (%2): %3 requests/min, %4 errors")
            .replace("%1", e(ltr(service.address, rtl)))
            .replace("%2", stage_word(service.stage))
            .replace("%3", f"{figures.requests_per_minute:,.1f}")
            .replace("%4", f"{figures.error_share:.1%}")
        )
        shade = colour("alert" if figures.error_share > 0.05 else "ok")
        parts.append(f"<p style='color:{shade}'>{text}</p>")
    if waiting is not None:
        asked = (
            translate("ModelsView", "requested by %1 on %2")
            .replace("%1", e(waiting.requested_by))
            .replace("%2", e(local_time(waiting.requested)))
        )
        parts.append(
            "<p><b>"
            + translate("ModelsView", "Awaiting approval")
            + f"</b>: {asked}"
            + (f" — {e(waiting.note)}" if waiting.note else "")
            + "</p>"
        )
    if gates:
        title = translate("ModelsView", "Gates for %1").replace("%1", stage_word(next_stage))
        parts.append(
            f"<h4>{title}</h4>"
            + gates_list(
                [{"passed": g.passed, "gate": g.gate, "detail": g.detail} for g in gates], rtl
            )
        )
    else:
        parts.append(
            "<p>"
            + translate("ModelsView", "No gates apply to %1.").replace("%1", stage_word(next_stage))
            + "</p>"
        )
    parts.append("<h4>" + translate("ModelsView", "Metrics") + "</h4>" + metrics_table(v.metrics))
    inputs = "".join(
        f"<tr><td>{e(c['name'])}</td><td>{e(c['kind'])}</td><td>"
        f"{e(', '.join(map(str, c.get('categories', [])[:8])))}"
        f"{'…' if len(c.get('categories', [])) > 8 else ''}</td></tr>"
        for c in v.signature["inputs"]
    )
    parts.append(
        "<h4>"
        + translate("ModelsView", "Input signature")
        + f"</h4><table cellspacing=4>{inputs}</table>"
    )
    if v.description:
        parts.append(f"<p>{e(v.description)}</p>")
    return page(parts, rtl)


def status_word(status: str) -> str:
    """A pipeline run's or step's status in the user's language."""
    words = {
        "succeeded": translate("Status", "succeeded"),
        "done": translate("Status", "done"),
        "failed": translate("Status", "failed"),
        "running": translate("Status", "running"),
        "cancelled": translate("Status", "cancelled"),
        "interrupted": translate("Status", "interrupted"),
        "not run": translate("Status", "not run"),
        "pending": translate("Status", "pending"),
        "not finished": translate("Status", "not finished"),
    }
    return words.get(status, status)


def pipeline_html(pipeline: Any, *, rtl: bool = False) -> str:
    """The Pipelines view's pane for one definition: name and version, description,
    trigger, who added it when, and its steps with their parameters (a recipe or contract
    given inline shows as its name)."""
    steps = "".join(
        "<li>"
        + ltr(
            f"<b>{e(s['kind'])}</b> "
            + e(
                ", ".join(
                    f"{k}={v.get('name', '…') if isinstance(v, dict) else v}"
                    for k, v in s.items()
                    if k != "kind"
                )
            ),
            rtl,
        )
        + "</li>"
        for s in pipeline.definition["step"]
    )
    added = (
        translate("PipelinesView", "Added %1 by %2")
        .replace("%1", e(local_time(pipeline.created)))
        .replace("%2", e(pipeline.created_by))
    )
    return page(
        [
            f"<h3>{e(ltr(pipeline.name, rtl))} v{pipeline.version}</h3>",
            f"<p>{ltr(e(pipeline.definition.get('description', '')), rtl)}</p>",
            "<p>"
            + translate("PipelinesView", "Trigger: %1").replace("%1", e(ltr(pipeline.trigger, rtl)))
            + f"<br>{added}</p>",
            f"<ol>{steps}</ol>",
        ],
        rtl,
    )


def semantic_word(kind: str) -> str:
    """A column's semantic type (engine/data/semantic.py) in the user's language."""
    words = {
        "numeric": translate("Semantic", "numeric"),
        "categorical": translate("Semantic", "categorical"),
        "boolean": translate("Semantic", "boolean"),
        "datetime": translate("Semantic", "date and time"),
        "text": translate("Semantic", "text"),
        "identifier": translate("Semantic", "identifier"),
    }
    return words.get(kind, kind)
