"""Hyperparameter search spaces: values and LOW..HIGH ranges as a user writes them, parsed
against the catalog's parameters, their size bounded, and the candidates a search tries
(every grid point, or random draws from the ranges)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.errors import ValidationError
from engine.training.catalog import Estimator, Param

if TYPE_CHECKING:
    from engine.training.spec import RunSpec

MAX_GRID = 500


@dataclass(frozen=True)
class Range:
    """A numeric hyperparameter's range `LOW..HIGH`, which a random or halving search
    samples uniformly (log-uniformly where the catalog says the parameter is searched on a
    log scale)."""

    name: str
    low: float
    high: float
    log: bool
    whole: bool

    def sample(self, rng: np.random.Generator) -> float | int:
        if self.log and self.low > 0:
            value = math.exp(rng.uniform(math.log(self.low), math.log(self.high)))
        else:
            value = rng.uniform(self.low, self.high)
        value = min(max(value, self.low), self.high)
        return round(value) if self.whole else float(value)

    def __str__(self) -> str:
        return f"{self.low:g}{RANGE}{self.high:g}"


RANGE = ".."  # LOW..HIGH: one value of a search space that stands for a range


def space_values(text: str) -> list[str]:
    """A space as typed (`50, 100, 200` or `0.01..10`) as the values RunSpec.space holds."""
    return [v.strip() for v in text.split(",") if v.strip()]


def parse_values(param: Param, values: Any) -> list[Any] | Range:
    """One hyperparameter's search space: a list of values (each parsed and range-checked,
    duplicates dropped) or a list of one string LOW..HIGH, a Range. Errors name it."""
    name = param.name
    if not isinstance(values, list) or not values:
        raise ValidationError(
            f"The search space of {name!r} is empty.",
            hint="Give values to try, e.g. 1, 10, 100, or a range, e.g. 1..100.",
        )
    ranges = [v for v in values if isinstance(v, str) and RANGE in v]
    if not ranges:
        out: list[Any] = []
        for value in values:
            parsed = param.parse(value)
            if parsed not in out:
                out.append(parsed)
        return out
    if len(values) > 1:
        raise ValidationError(
            f"The search space of {name!r} is either values or one range "
            f"LOW..HIGH, not both. Got {', '.join(map(str, values))}."
        )
    if param.kind not in ("int", "float", "optional_int"):
        listed = ", ".join(str(v) for v in (param.search or param.choices or (True, False)))
        raise ValidationError(
            f"The hyperparameter {name!r} takes values, not a range.",
            hint=f"List the values to try, e.g. {listed}.",
        )
    low_text, _, high_text = ranges[0].partition(RANGE)
    low, high = param.parse(low_text), param.parse(high_text)
    if low is None or high is None or not low < high:
        raise ValidationError(
            f"The range of {name!r} must be LOW..HIGH with LOW below HIGH. Got {ranges[0]!r}.",
            hint=f"{name} must be {param.allowed()}.",
        )
    return Range(name, float(low), float(high), param.log, param.kind in ("int", "optional_int"))


def parse_space(
    model: Estimator, space: dict[str, Any], search: str | None
) -> dict[str, list[Any] | Range]:
    """The search space as given, checked: each name a hyperparameter of `model`, each
    value allowed; a grid takes values only and at most MAX_GRID combinations."""
    parsed = {name: parse_values(model.param(name), values) for name, values in space.items()}
    if search == "grid":
        for name, values in parsed.items():
            if isinstance(values, Range):
                raise ValidationError(
                    f"A grid search tries listed values; the search space of {name!r} is a "
                    f"range ({values}).",
                    hint="List the values to try, e.g. 1, 10, 100, or choose a random or "
                    "halving search, which samples the range.",
                )
        check_grid(grid_size(parsed))
    return parsed


def grid_size(space: Mapping[str, list[Any] | Range]) -> int:
    """Candidates of a grid over `space` (its value lists; a range is not a grid's)."""
    return math.prod(len(v) for v in space.values() if isinstance(v, list))


def check_grid(size: int) -> None:
    if size > MAX_GRID:
        raise ValidationError(
            f"The grid has {size:,} candidates (at most {MAX_GRID}).",
            hint="Give fewer values, or choose a random search.",
        )


def default_space(model: Estimator, task: str, fixed: dict[str, Any]) -> dict[str, list[Any]]:
    """What a search tries when given no space: the catalog's values of every hyperparameter
    not given a fixed value."""
    return {
        p.name: list(p.search) for p in model.params_for(task) if p.search and p.name not in fixed
    }


def _sample(param: Param, rng: np.random.Generator) -> Any:
    """A random value for a search: choices from the catalog's search list; numbers between
    the smallest and largest of those (log-uniform where the catalog says so), not across the
    whole valid range, whose ends are rarely sensible."""
    if param.kind in ("choice", "bool"):
        options = param.search or param.choices or (True, False)
        return options[int(rng.integers(len(options)))]
    numbers = [float(v) for v in param.search if v is not None]
    if len(numbers) >= 2:
        low, high = min(numbers), max(numbers)
    else:
        low = param.low if param.low is not None else 0.0
        high = param.high if param.high is not None else low + 1
    if None in param.search and rng.random() < 1 / len(param.search):
        return None  # e.g. unlimited depth, as often as the grid would try it
    return Range(param.name, low, high, param.log, param.kind in ("int", "optional_int")).sample(
        rng
    )


def _nothing(model: Estimator) -> ValidationError:
    return ValidationError(
        f"{model.title} has nothing to search; give values to search.",
        hint="Choose hyperparameters to search and the values to try, "
        "e.g. C=0.1,1,10, or a range, e.g. C=0.01..10.",
    )


def candidates(spec: RunSpec, model: Estimator, task: str) -> list[dict[str, Any]]:
    """The hyperparameter sets to evaluate, each complete and checked. A given space is
    searched as given (values, or a range a random search samples); without one, the
    catalog's values of every hyperparameter not fixed."""
    base = model.check(spec.params, task)
    if spec.search is None:
        return [base]
    space = parse_space(model, spec.space, spec.search)
    for name in space:
        if task not in model.param(name).tasks:
            raise ValidationError(
                f"The hyperparameter {name!r} of {model.title} applies to "
                f"{', '.join(model.param(name).tasks)} tasks, not {task}."
            )
    if spec.search == "grid":
        grid = {n: v for n, v in space.items() if isinstance(v, list)} or default_space(
            model, task, spec.params
        )  # parse_space refused a range
        if not grid:
            raise _nothing(model)
        check_grid(grid_size(grid))
        names = list(grid)
        return [
            dict(base, **dict(zip(names, combo, strict=True)))
            for combo in itertools.product(*(grid[n] for n in names))
        ]
    rng = np.random.default_rng(spec.seed)
    sampled: list[dict[str, Any]] = []
    seen: set[str] = set()
    params = (
        {}
        if space
        else {p.name: p for p in model.params_for(task) if p.search and p.name not in spec.params}
    )
    if not space and not params:
        raise _nothing(model)
    for _ in range(int(spec.n_iter) * 20):
        if len(sampled) >= int(spec.n_iter):
            break
        chosen = dict(base)
        for name, values in space.items():
            chosen[name] = (
                values.sample(rng)
                if isinstance(values, Range)
                else values[int(rng.integers(len(values)))]
            )
        for name, param in params.items():
            chosen[name] = param.parse(_sample(param, rng))
        key = repr(sorted(chosen.items(), key=lambda kv: kv[0]))
        if key not in seen:
            seen.add(key)
            sampled.append(chosen)
    return sampled
