"""Pipeline definitions (TOML). Files a definition names (recipes, test suites) are read
when the definition is added and embedded in it, so a stored pipeline version is complete
and its hash covers everything it will do.

    name = "credit-retrain"
    description = "retrain the credit model when new loan files arrive"

    [trigger]
    inbox = "loans_*.csv"      # a new file in the workspace inbox/ whose name matches
    dataset = "loans"          # ... is imported as a new version of this dataset
    every = "24h"              # and/or: run on the dataset's newest version every 24 h
                               # (m, h or d); the same data never trains twice

    [[step]]
    kind = "validate"          # the data passes a data contract
    contract = "loans"

    [[step]]
    kind = "prepare"           # a recipe makes a new version (named `name`)
    recipe = "credit_prepare.toml"
    name = "credit_model_input"

    [[step]]
    kind = "train"             # any `airlock train` option: target, model, params, folds, …
    target = "default"
    model = "logistic"
    experiment = "retrain"

    [[step]]
    kind = "evaluate"          # a model test suite on the trained model
    suite = "credit_suite.toml"

    [[step]]
    kind = "gate"              # the model's gates for `stage`, before anything is registered
    model = "credit"
    stage = "staging"

    [[step]]
    kind = "register"
    model = "credit"

    [[step]]
    kind = "promote"
    stage = "staging"

    [[step]]
    kind = "request"           # ask a validator for production
    note = "monthly retrain"
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from engine.durations import duration_seconds
from engine.errors import ValidationError

STEP_FIELDS: dict[str, dict[str, tuple[type, bool]]] = {  # field -> (type, required)
    "validate": {"contract": (str, True), "dataset": (str, False)},
    "prepare": {"recipe": (dict, True), "name": (str, False)},
    "train": {
        "target": (str, True),
        "model": (str, False),
        "params": (dict, False),
        "folds": (int, False),
        "experiment": (str, False),
        "scheme": (str, False),
        "features": (list, False),
        "exclude": (list, False),
        "seed": (int, False),
        "search": (str, False),
        "n_iter": (int, False),
        "space": (dict, False),
        "balanced": (bool, False),
        "calibration": (str, False),
        "test_size": (float, False),
        "task": (str, False),
        "group": (str, False),
        "time": (str, False),
        "metric": (str, False),
        "explain": (bool, False),
        "learning_curve": (bool, False),
    },
    "evaluate": {"suite": (dict, True)},
    "gate": {"model": (str, True), "stage": (str, False)},
    "register": {"model": (str, True), "description": (str, False)},
    "promote": {"stage": (str, False)},
    "request": {"note": (str, False)},
}
ORDER_NEEDS = {
    "train": ("dataset",),
    "evaluate": ("run",),
    "gate": ("run",),
    "register": ("run",),
    "promote": ("version",),
    "request": ("version",),
}
_NAME = re.compile(r"^[\w][\w.\-]{0,79}$")


def every_seconds(text: str) -> int:
    return duration_seconds(text, "every")


def _embed(value: Any, base: Path, kind: str, where: str) -> dict[str, Any]:
    """A recipe or suite given as a file name (relative to the definition) or inline."""
    if isinstance(value, dict):
        body = value
    elif isinstance(value, str):
        path = (base / value).resolve()
        if not path.is_file():
            raise ValidationError(
                f"{where}: there is no {kind} file {value!r} next to the pipeline file."
            )
        if kind == "recipe":
            from engine.data.recipe_model import load_recipe

            return load_recipe(path)
        from engine.registry.testsuite import load_suite

        return load_suite(path)
    else:
        raise ValidationError(f"{where}: '{kind}' is a file name or a table.")
    if kind == "recipe":
        from engine.data.recipe_model import check_recipe

        return check_recipe(body)
    from engine.registry.testsuite import parse_suite

    return parse_suite(body, where)


def parse_definition(body: dict[str, Any], base: Path, where: str) -> dict[str, Any]:
    """Check a definition and embed the files it names; messages name step and field."""
    if not isinstance(body, dict):
        raise ValidationError(
            f"{where} must be a table (TOML) or an object (JSON). Got {type(body).__name__}."
        )
    name = str(body.get("name", "")).strip()
    if not _NAME.match(name):
        raise ValidationError(
            f"{where}: 'name' uses letters, digits, '.', '-' and '_' (at "
            f"most 80). Got {body.get('name')!r}."
        )
    unknown = set(body) - {"name", "description", "trigger", "step"}
    if unknown:
        raise ValidationError(f"{where} has unknown fields: {', '.join(sorted(unknown))}.")
    trigger = dict(body.get("trigger", {}))
    extra = set(trigger) - {"inbox", "dataset", "every"}
    if "drift" in extra:
        raise ValidationError(
            f"{where}: a drift alert starts a pipeline from the monitor's "
            "side: name this pipeline under [actions] pipeline = … in the "
            "monitor (docs/monitoring.md)."
        )
    if extra:
        raise ValidationError(f"{where}: [trigger] has unknown fields: {', '.join(sorted(extra))}.")
    if ("inbox" in trigger or "every" in trigger) and not trigger.get("dataset"):
        raise ValidationError(
            f"{where}: a trigger needs 'dataset' (what arriving files are "
            "imported as, or whose newest version a schedule uses)."
        )
    if "inbox" in trigger and (
        not isinstance(trigger["inbox"], str) or "/" in trigger["inbox"] or "\\" in trigger["inbox"]
    ):
        raise ValidationError(
            f"{where}: 'inbox' is a file-name pattern such as 'loans_*.csv' (no folders)."
        )
    if "every" in trigger:
        every_seconds(str(trigger["every"]))
    if "inbox" in trigger and "@" in str(trigger.get("dataset")):
        raise ValidationError(
            f"{where}: with an inbox trigger, 'dataset' is the name files "
            "are imported as (no @version)."
        )
    steps = body.get("step", [])
    if not isinstance(steps, list) or not steps:
        raise ValidationError(f"{where} needs at least one [[step]].")
    have = {"dataset"} if trigger.get("dataset") else set()
    checked = []
    for number, step in enumerate(steps, 1):
        label = f"{where}: step {number}"
        if not isinstance(step, dict) or step.get("kind") not in STEP_FIELDS:
            given = step.get("kind") if isinstance(step, dict) else step
            raise ValidationError(
                f"{label} has kind {given!r}; the kinds are {', '.join(STEP_FIELDS)}."
            )
        kind = step["kind"]
        fields = STEP_FIELDS[kind]
        clean: dict[str, Any] = {"kind": kind}
        for field, (wanted, required) in fields.items():
            if field not in step:
                if required:
                    raise ValidationError(f"{label} ({kind}) needs '{field}'.")
                continue
            value = step[field]
            if wanted is dict and field in ("recipe", "suite"):
                clean[field] = _embed(value, base, field, label)
                continue
            ok = (
                isinstance(value, int | float) and not isinstance(value, bool)
                if wanted is float
                else isinstance(value, wanted) and not (wanted is int and isinstance(value, bool))
            )
            if not ok:
                raise ValidationError(
                    f"{label} ({kind}) '{field}' must be {wanted.__name__}. Got {value!r}."
                )
            clean[field] = value
        extra_fields = set(step) - set(fields) - {"kind"}
        if extra_fields:
            raise ValidationError(
                f"{label} ({kind}) has unknown fields: {', '.join(sorted(extra_fields))}."
            )
        stage = clean.get("stage", "staging")
        if kind == "gate" and stage not in ("staging", "production"):
            raise ValidationError(
                f"{label} (gate): 'stage' must be staging or production. Got {stage!r}."
            )
        if kind == "promote" and stage != "staging":
            raise ValidationError(
                f"{label} (promote): 'stage' must be staging; production "
                "needs a validator (use a request step)."
            )
        needs = [n for n in ORDER_NEEDS.get(kind, ()) if n not in have]
        if kind == "validate" and "dataset" not in have and "dataset" not in clean:
            needs = ["dataset"]
        if needs:
            before = {
                "dataset": "a trigger dataset or an earlier step that makes one",
                "run": "a train step before it",
                "version": "a register step before it",
            }
            raise ValidationError(f"{label} ({kind}) needs {before[needs[0]]}.")
        if kind == "train":
            _check_train(clean, label)
        have |= {
            "prepare": {"dataset"},
            "train": {"run"},
            "register": {"version"},
            "validate": {"dataset"},
        }.get(kind, set())
        checked.append(clean)
    return {
        "name": name,
        "description": str(body.get("description", "")).strip(),
        "trigger": trigger,
        "step": checked,
    }


def _check_train(step: dict[str, Any], label: str) -> None:
    try:
        spec_of(step, "checked@1").check()
    except ValidationError as exc:
        raise ValidationError(f"{label} (train): {exc.message}") from None
    except TypeError as exc:
        raise ValidationError(f"{label} (train): {exc}") from None


def spec_of(step: dict[str, Any], dataset: str) -> Any:
    from engine.training.spec import RunSpec

    fields = {k: v for k, v in step.items() if k not in ("kind",)}
    return RunSpec(dataset=dataset, **fields)


def load_definition(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ValidationError(f"There is no pipeline file {path}.")
    try:
        body = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path.name} is not valid TOML: {exc}") from exc
    return parse_definition(body, path.parent, path.name)


def definition_hash(definition: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


def describe_trigger(trigger: dict[str, Any]) -> str:
    parts = []
    if trigger.get("inbox"):
        parts.append(f"inbox/{trigger['inbox']} → {trigger.get('dataset')}")
    if trigger.get("every"):
        parts.append(f"every {trigger['every']} on {trigger.get('dataset')}")
    return "; ".join(parts) or "manual"
