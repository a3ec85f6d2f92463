"""What the model catalog is made of: a model (Estimator) with its tasks and its
hyperparameters (Param: type, default, bounds, choices, the values a search tries)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from engine.errors import ValidationError

TASKS = ("binary", "multiclass", "regression")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "int", "float", "choice", "bool", "optional_int" (None = unlimited)
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] = ()
    log: bool = False  # search on a log scale
    search: tuple[Any, ...] = ()  # values a grid search tries (a random search samples)
    help: str = ""
    tasks: tuple[str, ...] = TASKS  # the tasks it applies to

    def allowed(self) -> str:
        if self.kind in ("choice",):
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "bool":
            return "true or false"
        bounds = (
            f"from {self.low:g} to {self.high:g}"
            if self.high is not None
            else f"at least {self.low:g}"
        )
        if self.kind == "optional_int":
            return f"a whole number {bounds}, or none (unlimited)"
        return f"a {'whole number' if self.kind == 'int' else 'number'} {bounds}"

    def parse(self, value: Any) -> Any:
        """The value as this parameter's type, or a ValidationError naming it."""

        def bad() -> ValidationError:
            return ValidationError(
                f"The hyperparameter {self.name!r} must be {self.allowed()}. Got {value!r}."
            )

        if self.kind == "choice":
            if isinstance(value, str):
                for choice in self.choices:
                    if str(choice).lower() == value.strip().lower():
                        return choice
            if value in self.choices:
                return value
            raise bad()
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off"):
                return False
            raise bad()
        if self.kind == "optional_int" and (
            value is None or str(value).strip().lower() in ("none", "null", "unlimited", "")
        ):
            return None
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            raise bad() from None
        if not math.isfinite(number):
            raise bad()
        if self.kind in ("int", "optional_int"):
            if number != int(number):
                raise bad()
            number = int(number)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            raise bad()
        return number


@dataclass(frozen=True)
class Estimator:
    key: str
    title: str
    tasks: tuple[str, ...]
    params: tuple[Param, ...]
    scale: bool = False  # needs standardised inputs (linear models, SVM, k-NN, MLP)
    class_weight: bool = False  # supports class_weight="balanced"
    random_state: bool = True
    notes: str = ""
    factory: dict[str, str] = field(default_factory=dict)  # task -> "module:Class"

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise ValidationError(
            f"{self.title} has no hyperparameter {name!r}.",
            hint="Its hyperparameters: " + ", ".join(p.name for p in self.params),
        )

    def params_for(self, task: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if task in p.tasks)

    def defaults(self, task: str) -> dict[str, Any]:
        return {p.name: p.default for p in self.params_for(task)}

    def check(self, given: dict[str, Any], task: str) -> dict[str, Any]:
        """Defaults overlaid with the given values, each parsed and range-checked."""
        out = self.defaults(task)
        for name, value in given.items():
            param = self.param(name)
            if task not in param.tasks:
                raise ValidationError(
                    f"The hyperparameter {name!r} of {self.title} applies "
                    f"to {', '.join(param.tasks)} tasks, not {task}."
                )
            out[name] = param.parse(value)
        return out

    def build(self, task: str, params: dict[str, Any], seed: int, balanced: bool = False) -> Any:
        import importlib

        if task not in self.tasks:
            raise ValidationError(
                f"{self.title} does not do {task} tasks; it does {', '.join(self.tasks)}."
            )
        module, name = self.factory[task].split(":")
        cls = getattr(importlib.import_module(module), name)
        kwargs = dict(self.check(params, task))
        if "hidden_units" in kwargs:  # one hidden layer of that many units
            kwargs["hidden_layer_sizes"] = (kwargs.pop("hidden_units"),)
        kwargs.update(FIXED.get((self.key, task), {}))
        if self.random_state and "random_state" in cls().get_params():
            kwargs["random_state"] = seed
        if balanced and task != "regression":
            if not self.class_weight:
                raise ValidationError(
                    f"{self.title} cannot weight classes; choose another "
                    "model or leave class weights off."
                )
            kwargs["class_weight"] = "balanced"
        return cls(**kwargs)


def _p(
    name: str,
    kind: str,
    default: Any,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[Any, ...] = (),
    log: bool = False,
    search: tuple[Any, ...] = (),
    help: str = "",
    tasks: tuple[str, ...] = TASKS,
) -> Param:
    return Param(name, kind, default, low, high, choices, log, search, help, tasks)


CLS, REG = ("binary", "multiclass"), ("regression",)
ALL = CLS + REG


# Settings that are not hyperparameters the user tunes, per (estimator, task).
FIXED: dict[tuple[str, str], dict[str, Any]] = {}
