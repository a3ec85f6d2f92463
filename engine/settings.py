"""Workspace-wide settings: a fixed list of typed values an administrator may change."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engine.audit.log import AuditLog
from engine.errors import NotFound, ValidationError
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.store.schema import SettingRow


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    kind: type
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    pattern: str = ""  # for text: a regular expression the value (if not empty) matches
    example: str = ""
    length: int = 80  # for text: the most characters

    def check(self, value: Any) -> Any:
        if self.kind is bool:
            if type(value) is not bool:
                raise ValidationError(f"The '{self.name}' setting is true or false. Got {value!r}.")
        elif self.kind is int:
            if type(value) is not int or not self.minimum <= value <= self.maximum:  # type: ignore[operator]
                raise ValidationError(
                    f"The '{self.name}' setting must be an integer from {self.minimum} to "
                    f"{self.maximum}. Got {value!r}."
                )
        elif self.kind is str:
            if not isinstance(value, str) or len(value.strip()) > self.length:
                raise ValidationError(
                    f"The '{self.name}' setting must be text of at most {self.length} "
                    f"characters. Got {value!r}."
                )
            value = value.strip()
            if value and self.pattern and not re.fullmatch(self.pattern, value):
                raise ValidationError(
                    f"The '{self.name}' setting looks like {self.example}, "
                    f"or is empty. Got {value!r}."
                )
            if self.name == "trusted_code":
                value = check_trusted_code(value)
        return value


# libraries whose classes load pickles, open files, run code or are Airlock itself; what a
# model needs from numpy, scipy and scikit-learn is allowed by name (training/modelio.py)
NEVER_TRUSTED = frozenset(
    {
        "__main__",
        "builtins",
        "engine",
        "gui",
        "airlock",
        "airlock_resources",
        "numpy",
        "scipy",
        "pandas",
        "sklearn",
        "joblib",
        "dill",
        "cloudpickle",
        "skops",
        "pyarrow",
        "IPython",
        "ipykernel",
        "jupyter_client",
        "sqlalchemy",
        "alembic",
        "cryptography",
        "matplotlib",
        "dask",
        "distributed",
        "fairlearn",
        "river",
        "pandera",
        "starlette",
        "uvicorn",
        "setuptools",
        "pip",
        "pkg_resources",
        "_pytest",
        "pytest",
        "lightgbm",
        "xgboost",
        "torch",
        "tensorflow",
        "keras",
    }
)


def check_trusted_code(value: str) -> str:
    """A trusted-code list: importable module names, comma-separated; never the standard
    library or a notebook (`__main__`), whose classes can run anything."""
    import sys

    names = [n.strip() for n in value.split(",") if n.strip()]
    for name in names:
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top in NEVER_TRUSTED or "__main__" in name.split("."):
            raise ValidationError(
                f"The trusted_code setting cannot name {name!r}: models may not hold "
                "classes from the standard library, Airlock itself, a notebook, or a "
                "library that loads pickles or runs code (numpy, joblib, dill, ...).",
                hint="List your own modules of model steps, e.g. bank_features.",
            )
    return ", ".join(dict.fromkeys(names))


def trusted_code(value: str) -> tuple[str, ...]:
    """The module names of a trusted_code setting value."""
    return tuple(n.strip() for n in str(value or "").split(",") if n.strip())


SETTINGS = {
    s.name: s
    for s in (
        Setting("display_name", "Workspace name shown in the title and status bar", str, ""),
        Setting(
            "autolock_max_minutes",
            "Longest idle time before the desktop app locks",
            int,
            15,
            minimum=1,
            maximum=240,
        ),
        Setting(
            "dask_scheduler",
            "Dask scheduler for searches and cross-validation (empty: this computer)",
            str,
            "",
            pattern=r"(tcp|tls)://[A-Za-z0-9.\-]+:\d{1,5}",
            example="tcp://10.0.0.5:8786",
        ),
        Setting(
            "smtp_relay",
            "Local mail relay for alerts (host:port; empty: no mail)",
            str,
            "",
            pattern=r"[A-Za-z0-9.\-]+:\d{1,5}",
            example="mail.internal:25",
        ),
        Setting(
            "mail_from",
            "Sender address of alert mail",
            str,
            "",
            pattern=r"[^@\s]+@[^@\s]+",
            example="airlock@bank.internal",
        ),
        Setting(
            "require_dpia",
            "Training on data tagged personal needs the project's completed DPIA",
            bool,
            True,
        ),
        Setting(
            "default_gates",
            "Models without a gate policy, in projects of risk tier medium or "
            "high, need the default production gates: fairness on tagged sensitive "
            "attributes, reviewed sensitive features, a complete model card",
            bool,
            True,
        ),
        Setting(
            "four_eyes_cooling_days",
            "Days a new account waits before its approvals count as a "
            "second pair of eyes (docs/roles.md)",
            int,
            7,
            minimum=0,
            maximum=365,
        ),
        Setting(
            "trusted_code",
            "Python modules whose classes a model from code may hold (comma-separated; "
            "empty: scikit-learn, LightGBM and XGBoost only)",
            str,
            "",
            pattern=r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"
            r"(\s*,\s*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)*",
            example="bank_features, risk.steps",
            length=400,
        ),
        Setting(
            "audit_retention_days",
            "Days the audit log is kept before it may be pruned (NCA ECC 2-12: at least 12 months)",
            int,
            730,
            minimum=365,
            maximum=36500,
        ),
    )
}


class SettingsService:
    def __init__(self, access: AccessControl, audit: AuditLog) -> None:
        self._access = access
        self._audit = audit

    @staticmethod
    def _spec(name: str) -> Setting:
        if name not in SETTINGS:
            raise NotFound(
                f"There is no workspace setting {name!r}.", hint="Settings: " + ", ".join(SETTINGS)
            )
        return SETTINGS[name]

    def all(self, actor: Actor) -> dict[str, Any]:
        """Every setting with its current value (defaults filled in). Any role may read."""
        with self._access.reading(actor, "user.list", "settings") as session:
            stored = {r.name: json.loads(r.value) for r in session.scalars(select(SettingRow))}
        return {name: stored.get(name, spec.default) for name, spec in SETTINGS.items()}

    def set(self, actor: Actor, name: str, value: Any) -> Any:
        self._access.require(actor, "workspace.settings", f"setting:{name}")  # role first
        spec = self._spec(name)
        value = spec.check(value)
        with self._access.change(actor, "workspace.settings", f"setting:{name}") as session:
            row = session.get(SettingRow, name)
            old = json.loads(row.value) if row else spec.default
            if old == value:
                return value
            if row is None:
                row = SettingRow(name=name, value="")
                session.add(row)
            row.value = json.dumps(value)
            self._audit.append(
                session, actor, "workspace.settings", f"setting:{name}", {"from": old, "to": value}
            )
        return value


def logged_setting(session: Any, name: str) -> Any:
    """A setting as the signed log last set it (its default when never set): where a
    setting decides what is enforced, an edit of the settings table changes nothing."""
    from engine.audit.bound import logged

    spec = SETTINGS[name]
    for details in reversed(logged(session, f"setting:{name}", ("workspace.settings",))):
        try:
            return spec.check(details.get("to"))
        except ValidationError:
            break
    return spec.default
