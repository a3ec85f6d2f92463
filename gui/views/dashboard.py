"""The dashboard: what the workspace holds today. Three tiles are links to where the work
is (requests awaiting approval → Models, open alerts → Monitoring, the last verification →
Audit log), three small charts (runs per week, each monitor's drift, model versions by
stage), and the cards of facts."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from engine.overview import Overview, overview
from engine.security import rbac
from gui.context import AppContext
from gui.dialogs.users import role_label
from gui.i18n import plain
from gui.palette import colour, level_colour
from gui.views.base import AreaView
from gui.views.dashboard_data import (
    STAGES,
    Activity,
    _count,
    _level_word,
    _size,
    activity,
    serving_fact,
    weeks,
)
from gui.widgets.card import Card, Tile
from gui.widgets.plot import PlotCanvas

STAGE_MEANING = {"dev": "accent", "staging": "warning", "production": "ok", "archived": "muted"}


class DashboardView(AreaView):
    navigate = Signal(str, object)  # an area's key and what to show there

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            QCoreApplication.translate("DashboardView", "Dashboard"),
            projects=False,
            parent=parent,
        )
        self.overview: Overview | None = None
        self.found: Activity | None = None
        self.add_action(self.tr("&Refresh"), self.refresh)
        self.pending_tile = Tile(self.tr("Awaiting approval"))
        self.alerts_tile = Tile(self.tr("Open drift alerts"))
        self.verification_tile = Tile(self.tr("Audit log"))
        self.serving_tile = Tile(self.tr("Scoring service"))
        self.pending_tile.activated.connect(lambda: self._go("models"))
        self.alerts_tile.activated.connect(lambda: self._go("monitoring"))
        self.verification_tile.activated.connect(lambda: self._go("audit"))
        self.serving_tile.activated.connect(lambda: self._go("served"))
        tiles = QHBoxLayout()
        for tile in (
            self.pending_tile,
            self.alerts_tile,
            self.verification_tile,
            self.serving_tile,
        ):
            tiles.addWidget(tile, 1)
        self.runs_chart, self.drift_chart, self.stages_chart = (
            PlotCanvas(),
            PlotCanvas(),
            PlotCanvas(),
        )
        charts = QHBoxLayout()
        for chart in (self.runs_chart, self.drift_chart, self.stages_chart):
            chart.figure.set_size_inches(3.6, 2.2)
            chart.setMinimumHeight(190)
            charts.addWidget(chart, 1)
        self.workspace_card = Card(self.tr("Workspace"))
        self.people_card = Card(self.tr("People"))
        self.audit_card = Card(self.tr("Audit log"))
        self.objects_card = Card(self.tr("Stored objects"))
        self.data_card = Card(self.tr("Projects and data"))
        self.models_card = Card(self.tr("Models and approvals"))
        grid = QGridLayout()
        for i, card in enumerate(
            (
                self.workspace_card,
                self.data_card,
                self.models_card,
                self.people_card,
                self.audit_card,
                self.objects_card,
            )
        ):
            grid.addWidget(card, i // 3, i % 3)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tiles)
        column.addLayout(charts)
        column.addLayout(grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.add_body(scroll)
        for first, second in (
            (self.pending_tile, self.alerts_tile),
            (self.alerts_tile, self.verification_tile),
            (self.verification_tile, self.serving_tile),
        ):
            self.setTabOrder(first, second)

    # -- reading ---------------------------------------------------------------------------
    def load(self) -> Any:
        ws, actor = self._ctx.workspace, self._ctx.actor

        def work(_p: Any, _c: Any) -> tuple[Overview, Activity]:
            facts = overview(ws, actor)
            return facts, activity(ws, actor, facts)

        return self._ctx.runner.run(
            self.tr("Reading the workspace"),
            work,
            on_success=self._loaded,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _loaded(self, found: tuple[Overview, Activity]) -> None:
        facts, self.found = found
        self.show_facts(facts)
        self.show_tiles(facts, self.found)
        self.draw_charts(self.found)

    def _go(self, key: str) -> None:
        found = self.found
        target: Any = None
        if found is not None:
            target = {
                "models": found.pending,
                "served": (found.served[0][0], found.served[0][1].version)
                if found.served
                else None,
                "monitoring": found.alert or "alerts",
                "audit": found.verification_seq,
            }[key]
        self.navigate.emit("models" if key == "served" else key, target)

    # -- tiles -----------------------------------------------------------------------------
    def show_tiles(self, facts: Overview, found: Activity) -> None:
        role = self._ctx.actor.role
        pending = facts.pending_requests
        self.pending_tile.set_fact(
            _count(
                pending,
                self.tr("1 request"),
                self.tr("%1 requests"),
                self.tr("No requests"),
                self.tr("2 requests"),
            ),
            self.tr("Yours to decide: %1").replace("%1", ", ".join(facts.awaiting_me))
            if facts.awaiting_me
            else self.tr("for production"),
            "warning" if facts.awaiting_me else "info",
        )
        self.pending_tile.set_link(rbac.allowed(role, "registry.read"), self.tr("Open in Models ›"))
        alerts = facts.open_alerts
        self.alerts_tile.set_fact(
            _count(
                alerts,
                self.tr("1 open alert"),
                self.tr("%1 open alerts"),
                self.tr("No open alerts"),
                self.tr("2 open alerts"),
            ),
            self.tr("to acknowledge in Monitoring") if alerts else self.tr("all quiet"),
            "alert" if alerts else "ok",
        )
        self.alerts_tile.set_link(
            rbac.allowed(role, "monitoring.read"), self.tr("Open the alerts ›")
        )
        last = facts.last_verification
        tile = self.verification_tile
        if not facts.can_read_audit:
            tile.set_fact(
                self.tr("Not for your role"),
                self.tr("Your role does not read the audit log."),
                "muted",
            )
        elif last is None:
            tile.set_fact(
                self.tr("Not verified yet"), self.tr("Verify the log in the Audit log."), "warning"
            )
        else:
            tile.set_fact(
                self.tr("Verified: valid")
                if last.result == "valid"
                else self.tr("Verified: INVALID"),
                self.tr("on %1 by %2")
                .replace("%1", last.time[:16].replace("T", " "))
                .replace("%2", last.by),
                "ok" if last.result == "valid" else "alert",
            )
        tile.set_link(facts.can_read_audit, self.tr("Open in the Audit log ›"))
        self.serving_tile.set_fact(*serving_fact(found))
        self.serving_tile.set_link(
            bool(found.served) and rbac.allowed(role, "registry.read"),
            self.tr("Open in Models ›"),
        )

    # -- charts ----------------------------------------------------------------------------
    def draw_charts(self, found: Activity) -> None:
        text = self.palette().windowText().color().name()
        base = self.palette().base().color().name()
        axes = self.runs_chart.axes()
        counted = weeks(found.run_starts, found.today)
        axes.bar(range(len(counted)), [n for _, n in counted], color=colour("accent"))
        step = max(1, len(counted) // 6)
        axes.set_xticks(
            range(0, len(counted), step),
            [f"{counted[i][0].day}/{counted[i][0].month}" for i in range(0, len(counted), step)],
            fontsize=7,
        )
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_title(plain(self.tr("Runs per week")), fontsize=9)
        if not found.run_starts:
            axes.text(
                0.5,
                0.5,
                plain(self.tr("No runs yet")),
                transform=axes.transAxes,
                ha="center",
                va="center",
                color=colour("muted"),
            )
        axes.tick_params(labelsize=7)
        self.runs_chart.draw()

        axes = self.drift_chart.axes()
        monitors = list(reversed(found.monitors))  # the first at the top
        names = [m["name"] for m in monitors]
        axes.barh(
            range(len(monitors)),
            [m["share"] or 0 for m in monitors],
            color=[level_colour(m["level"]) for m in monitors],
        )
        for row, monitor in enumerate(monitors):
            said = (
                _level_word(monitor["level"])
                if monitor["share"] is not None
                else self.tr("never run")
            )
            share = f"{monitor['share']:.0%} " if monitor["share"] is not None else ""
            inside = (monitor["share"] or 0) > 0.6  # else after the bar's end
            axes.text(
                (monitor["share"] or 0) + (-0.02 if inside else 0.02),
                row,
                plain(f"{share}{said}"),
                va="center",
                ha="right" if inside else "left",
                fontsize=7,
                color=base if inside else text,
            )
        axes.set_yticks(range(len(monitors)), [n[:18] for n in names], fontsize=7)
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter("{x:.0%}")
        axes.set_title(plain(self.tr("Drift by monitor (latest batch)")), fontsize=9)
        if not monitors:
            axes.text(
                0.5,
                0.5,
                plain(self.tr("No monitors yet")),
                transform=axes.transAxes,
                ha="center",
                va="center",
                color=colour("muted"),
            )
        axes.tick_params(labelsize=7)
        self.drift_chart.draw()

        axes = self.stages_chart.axes()
        words = {
            "dev": self.tr("dev"),
            "staging": self.tr("staging"),
            "production": self.tr("production"),
            "archived": self.tr("archived"),
        }
        axes.bar(
            range(len(STAGES)),
            [found.stages.get(s, 0) for s in STAGES],
            color=[colour(STAGE_MEANING[s]) for s in STAGES],
        )
        axes.set_xticks(range(len(STAGES)), [plain(words[s]) for s in STAGES], fontsize=7)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_title(plain(self.tr("Model versions by stage")), fontsize=9)
        axes.tick_params(labelsize=7)
        self.stages_chart.draw()

    # -- cards -----------------------------------------------------------------------------
    def show_facts(self, facts: Overview) -> None:
        self.overview = facts
        self.workspace_card.set_lines(
            [
                f"<b>{escape(facts.display_name)}</b>",
                escape(facts.path),
                self.tr("Created %1").replace("%1", facts.created[:10]),
                self.tr("Id %1").replace("%1", facts.workspace_id),
                self.tr("Metadata: %1").replace("%1", escape(facts.metadata)),
            ]
        )
        people = [
            f"{role_label(role)}: {count}" for role, count in sorted(facts.active_users.items())
        ]
        people.append(self.tr("Disabled accounts: %1").replace("%1", str(facts.disabled_users)))
        self.people_card.set_lines(people)
        audit = [_count(facts.audit_entries, self.tr("1 entry"), self.tr("%1 entries"))]
        if not facts.can_read_audit:
            audit.append(self.tr("Your role does not read the audit log."))
        elif facts.last_verification is None:
            audit.append(self.tr("Not verified yet."))
        else:
            last = facts.last_verification
            result = self.tr("valid") if last.result == "valid" else self.tr("INVALID")
            audit.append(
                self.tr("Last verification: %1 (%2 entries, %3 problems)")
                .replace("%1", result)
                .replace("%2", f"{last.entries:,}")
                .replace("%3", str(last.problems))
            )
            audit.append(
                self.tr("on %1 by %2")
                .replace("%1", last.time[:16].replace("T", " "))
                .replace("%2", escape(last.by))
            )
        self.audit_card.set_lines(audit)
        validations = (
            self.tr("%1 validations, %2 failed")
            .replace("%1", f"{facts.validations:,}")
            .replace("%2", f"{facts.failed_validations:,}")
        )
        self.data_card.set_lines(
            [
                _count(facts.projects, self.tr("1 project"), self.tr("%1 projects")),
                self.tr("%1 datasets, %2 versions")
                .replace("%1", f"{facts.datasets:,}")
                .replace("%2", f"{facts.dataset_versions:,}"),
                _count(facts.contracts, self.tr("1 data contract"), self.tr("%1 data contracts")),
                f"<span style='color:{colour('alert')}'>{validations}</span>"
                if facts.failed_validations
                else validations,
            ]
        )
        models = [
            self.tr("%1, %2 in production")
            .replace(
                "%1",
                _count(
                    facts.models, self.tr("1 registered model"), self.tr("%1 registered models")
                ),
            )
            .replace("%2", f"{facts.production_versions:,}"),
            _count(
                facts.pending_requests,
                self.tr("1 request for production pending"),
                self.tr("%1 requests for production pending"),
            ),
        ]
        if facts.open_alerts:
            models.append(
                f"<b style='color:{colour('alert')}'>"
                + _count(
                    facts.open_alerts,
                    self.tr("1 open drift alert (Monitoring)"),
                    self.tr("%1 open drift alerts (Monitoring)"),
                )
                + "</b>"
            )
        if facts.awaiting_me:
            models.append(
                f"<b style='color:{colour('warning')}'>"
                + self.tr("Awaiting your approval: %1").replace(
                    "%1", escape(", ".join(facts.awaiting_me))
                )
                + "</b>"
            )
        self.models_card.set_lines(models)
        self.objects_card.set_lines(
            [
                _count(
                    facts.objects, self.tr("1 encrypted object"), self.tr("%1 encrypted objects")
                ),
                _size(facts.object_bytes),
            ]
        )
