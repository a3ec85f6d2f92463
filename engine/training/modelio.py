"""Model files: skops, never pickle. A model is written with the types it holds recorded
beside it; loading refuses any type outside the allowed libraries, so a model file that was
swapped or crafted cannot run code when it is opened.

Beyond scikit-learn and its numeric parts, a model may hold:
- the estimators of the optional flavours LightGBM and XGBoost, by exact type (skops keeps
  their boosters in the libraries' own text/binary model formats, through their state);
- classes from a module an administrator listed in the workspace's `trusted_code` setting
  (signed and audited like every setting); the module must be importable where the model is
  loaded. Code defined in a notebook (`__main__`), lambdas and local functions never load.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.errors import IntegrityError, ValidationError

# What a model may hold beyond the types skops trusts by itself. A name skops flags is
# loaded only if it resolves — by importing its module and nothing else — to a *class*
# defined where the name says (never a function: skops calls what it constructs, so
# `builtins.eval` or `numpy.load` would run at load time), and that class is
#   - one of EXACT (what Airlock's catalog and the flavours need, by full name), or
#   - a class of scikit-learn or of Airlock's own model steps (CLASS_MODULES), or
#   - a class of a module in the workspace's trusted_code setting.
EXACT = frozenset(
    {
        "numpy.dtype",
        "collections.OrderedDict",
        "collections.defaultdict",
        "builtins.slice",
    }
)
CLASS_MODULES = ("sklearn.", "engine.data.transformers", "engine.governance.mitigation")
# parts of scikit-learn that are not model parts: datasets (they download), utilities and
# test helpers (temporary files, memory maps), vendored code
NOT_MODEL_PARTS = (
    "sklearn.datasets",
    "sklearn.utils",
    "sklearn.externals",
    "sklearn.experimental",
    "sklearn.tests",
    "sklearn._build_utils",
    "sklearn.conftest",
)
# The optional flavours (pip install 'airlock[lightgbm]' / 'airlock[xgboost]'): exact types.
FLAVOURS = {
    "lightgbm": (
        "lightgbm.basic.Booster",
        "lightgbm.sklearn.LGBMClassifier",
        "lightgbm.sklearn.LGBMRegressor",
    ),
    "xgboost": (
        "xgboost.core.Booster",
        "xgboost.sklearn.XGBClassifier",
        "xgboost.sklearn.XGBRegressor",
    ),
}
FLAVOUR_TYPES = frozenset(t for types in FLAVOURS.values() for t in types)


def dumps(model: Any) -> tuple[bytes, list[str]]:
    """The model as skops bytes, and the types a loader has to trust for it."""
    import skops.io as sio

    data = sio.dumps(model)
    return data, sorted(sio.get_untrusted_types(data=data))


def loads(
    data: bytes, recorded: list[str], where: str = "the model", code: Iterable[str] = ()
) -> Any:
    """Load skops bytes trusting only types that were recorded at save time AND belong to
    an allowed library (or to a trusted-code module in `code`)."""
    import skops.io as sio

    return sio.loads(data, trusted=check_types(data, recorded, where, code))


def allowed(name: str, code: Iterable[str] = ()) -> bool:
    """Whether a model may hold the type `name` (module.Class): see EXACT above."""
    if name in EXACT or name in FLAVOUR_TYPES:
        return _is_class(name, name.rpartition(".")[0])
    module = name.rpartition(".")[0]
    if module == "sklearn" or module.startswith(NOT_MODEL_PARTS):
        return False
    for prefix in CLASS_MODULES:
        if module == prefix.rstrip(".") or module.startswith(prefix.rstrip(".") + "."):
            return _is_class(name, prefix.rstrip("."))
    for trusted in code:
        if module == trusted or module.startswith(trusted + "."):
            return _is_class(name, trusted)
    return False


def _is_class(name: str, home: str) -> bool:
    """Whether `name` is a class defined in module `home` (or below it), found by importing
    its module: a function, a method or a name imported from elsewhere is not."""
    import importlib
    import inspect

    module_name, _, attribute = name.rpartition(".")
    if not module_name or not attribute.isidentifier():
        return False
    try:
        module = importlib.import_module(module_name)
    except Exception:  # not installed here, or not a module
        return False
    found = getattr(module, attribute, None)
    if not inspect.isclass(found):
        return False
    if name in EXACT or name in FLAVOUR_TYPES:
        return True
    defined = str(getattr(found, "__module__", ""))
    # the class lives where its name says: a re-export from another module is not trusted
    return f"{defined}.{found.__qualname__}" == name and (
        defined == home or defined.startswith(home + ".")
    )


def trusted_modules(types: Iterable[str], code: Iterable[str]) -> list[str]:
    """The trusted-code modules (from `code`) that `types` use."""
    listed = list(code)
    return sorted(
        {
            m
            for t in types
            if not allowed(t)
            for m in listed
            if t.rpartition(".")[0] == m or t.rpartition(".")[0].startswith(m + ".")
        }
    )


def check_types(
    data: bytes, recorded: list[str], where: str = "the model", code: Iterable[str] = ()
) -> list[str]:
    """The types skops must trust for `data`, after checking they are all recorded and
    allowed (IntegrityError otherwise). Reads the file's schema; runs nothing."""
    import skops.io as sio

    code = tuple(code)
    try:
        needed = sorted(sio.get_untrusted_types(data=data))
    except Exception as exc:  # a damaged or foreign file: skops raises many kinds
        raise IntegrityError(f"{where} is not a readable skops file ({exc}).") from None
    outside = [t for t in needed if not allowed(t, code)]
    if outside:
        raise IntegrityError(
            f"{where} holds types Airlock does not load: {', '.join(outside)}.",
            hint="It was not made by Airlock's training, or was altered, or holds code from a "
            "module this workspace does not trust (the trusted_code setting).",
        )
    unexpected = sorted(set(needed) - set(recorded))
    if unexpected:
        raise IntegrityError(
            f"{where} holds types that were not recorded when it was saved: "
            f"{', '.join(unexpected)}.",
            hint="The file was altered.",
        )
    return needed


def describe_type(name: str) -> str:
    """What a refused type is, in a user's words."""
    if name.endswith("<lambda>"):
        return f"{name} (a lambda)"
    if "<locals>" in name:
        return f"{name} (a function defined inside another)"
    if name.startswith("__main__."):
        return f"{name} (defined in the notebook or script itself)"
    return name


def dumps_checked(model: Any, example: Any, code: Iterable[str] = ()) -> tuple[bytes, list[str]]:
    """A model from outside Airlock's catalog as skops bytes and its types, after checking
    that every type may be loaded and that the saved model, loaded back, predicts
    `example` (a DataFrame of input rows) exactly as the model in memory does.
    ValidationError names what is refused and what to do."""
    import numpy as np

    code = tuple(code)
    try:
        data, types = dumps(model)
    except Exception as exc:  # skops cannot represent it: say which object
        raise ValidationError(
            f"The model cannot be saved safely: {type(exc).__name__}: {exc}.",
            hint="Airlock saves models with skops, never pickle; keep to scikit-learn, "
            "LightGBM and XGBoost objects, or classes from a trusted-code module.",
        ) from None
    outside = [t for t in types if not allowed(t, code)]
    if outside:
        custom = [t for t in outside if not t.startswith("__main__.") and "<" not in t]
        raise ValidationError(
            "The model holds code Airlock does not load: "
            + ", ".join(describe_type(t) for t in outside)
            + ".",
            hint=(
                "Replace lambdas and notebook classes with scikit-learn steps, or move the "
                "class into a module on the workstation and have an administrator add it to "
                "the trusted_code setting (airlock settings trusted_code MODULE)."
                if not custom
                else "An administrator may add the module to the trusted_code setting "
                f"(airlock settings trusted_code {custom[0].rpartition('.')[0]})."
            ),
        )
    if example is None:
        return data, types
    try:
        loaded = loads(data, types, "the saved model", code)
    except Exception as exc:
        raise ValidationError(
            f"The saved model does not load back: {type(exc).__name__}: {exc}."
        ) from None
    for method in ("predict", "predict_proba"):
        if not hasattr(model, method):
            continue
        try:
            before = np.asarray(getattr(model, method)(example))
        except Exception as exc:
            if method == "predict_proba":
                continue
            raise ValidationError(
                f"The model cannot predict the input example: {type(exc).__name__}: {exc}.",
                hint="Give input rows the model was fitted on (input_example=X_test.head()).",
            ) from None
        after = np.asarray(getattr(loaded, method)(example))
        same = before.shape == after.shape and (
            np.array_equal(before, after)
            if before.dtype.kind not in "fc"
            else np.array_equal(before, after, equal_nan=True)
        )
        if not same:
            raise ValidationError(
                f"The saved model, loaded back, gives other {method} results on the input "
                "example than the model in memory.",
                hint="Some state of the model does not survive saving; it is not recorded.",
            )
    return data, types
