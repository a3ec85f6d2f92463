"""The app's areas: each view with its title, key and the permission that shows it, in the
order of the side bar and of Ctrl+1…9."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QWidget,
)

from gui.context import AppContext


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]
    permission: str | None  # the action a role needs to see the area


def all_areas() -> list[Area]:
    # Imported lazily: a view's module loads only when the window is built.
    from gui.views.admin import AdminView
    from gui.views.audit import AuditView
    from gui.views.dashboard import DashboardView
    from gui.views.data import DataView
    from gui.views.evidence import EvidenceView
    from gui.views.experiments import ExperimentsView
    from gui.views.governance import GovernanceView
    from gui.views.models import ModelsView
    from gui.views.monitoring import MonitoringView
    from gui.views.pipelines import PipelinesView

    return [
        Area(
            "dashboard", QCoreApplication.translate("MainWindow", "Dashboard"), DashboardView, None
        ),
        Area("data", QCoreApplication.translate("MainWindow", "Data"), DataView, "data.read"),
        Area(
            "experiments",
            QCoreApplication.translate("MainWindow", "Experiments"),
            ExperimentsView,
            "training.read",
        ),
        Area(
            "models",
            QCoreApplication.translate("MainWindow", "Models"),
            ModelsView,
            "registry.read",
        ),
        Area(
            "pipelines",
            QCoreApplication.translate("MainWindow", "Pipelines"),
            PipelinesView,
            "pipeline.read",
        ),
        Area(
            "monitoring",
            QCoreApplication.translate("MainWindow", "Monitoring"),
            MonitoringView,
            "monitoring.read",
        ),
        Area(
            "governance",
            QCoreApplication.translate("MainWindow", "Governance"),
            GovernanceView,
            "governance.read",
        ),
        Area(
            "evidence",
            QCoreApplication.translate("MainWindow", "Evidence room"),
            EvidenceView,
            "audit.read",
        ),
        Area(
            "audit", QCoreApplication.translate("MainWindow", "Audit log"), AuditView, "audit.read"
        ),
        Area(
            "admin",
            QCoreApplication.translate("MainWindow", "Administration"),
            AdminView,
            "user.add",
        ),
    ]


def area_key(number: int) -> str | None:
    """Ctrl+1 … Ctrl+9 for the first nine areas, Ctrl+0 for the tenth (an administrator
    has ten)."""
    return f"Ctrl+{number % 10}" if number <= 10 else None
