"""`airlock.autolog()`: scikit-learn (and LightGBM/XGBoost) fits inside a run log
themselves — parameters, a search's candidates and cross-validated scores, and the fitted
model, evaluated on the run's declared test rows as a catalog run is."""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
import warnings
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

from engine.errors import AirlockError

if TYPE_CHECKING:
    from airlock._run import Run

ACTIVE: list[Run] = []  # runs in progress, the newest last: a fit logs into the newest
# one started in its own thread
_PATCHED: dict[tuple[type, str], Any] = {}
_STATE = {"models": True, "evaluate": True}
_LOCK = threading.Lock()
_LOCAL = threading.local()  # depth: fits inside a logged fit (or Airlock's work), per thread

# scikit-learn modules whose own fits of clones are not logged
INTERNAL = ("sklearn.model_selection", "sklearn.inspection", "sklearn.utils.parallel")
# sklearn scorer names -> the metric names Airlock's runs use (sign undone)
SCORERS = {
    "neg_root_mean_squared_error": ("rmse", -1.0),
    "neg_mean_absolute_error": ("mae", -1.0),
    "neg_log_loss": ("log_loss", -1.0),
    "neg_brier_score": ("brier", -1.0),
    "average_precision": ("pr_auc", 1.0),
}


def autolog(*, log_models: bool = True, evaluate: bool = True, disable: bool = False) -> None:
    """Make every scikit-learn, LightGBM and XGBoost `fit` inside an open run log itself.
    Outside a run nothing is logged (a run names its experiment and data). `disable=True`
    puts the original methods back."""
    with _LOCK:
        if disable:
            for (cls, name), original in _PATCHED.items():
                setattr(cls, name, original)
            _PATCHED.clear()
            return
        _STATE["models"], _STATE["evaluate"] = log_models, evaluate
        if _PATCHED:
            return
        # every class that defines `fit` along each estimator's ancestry: most estimators
        # inherit theirs (HistGradientBoostingClassifier from its base class)
        for estimator in _estimator_classes():
            for cls in estimator.__mro__:
                if "fit" in vars(cls) and (cls, "fit") not in _PATCHED:
                    original = cls.__dict__["fit"]
                    _PATCHED[(cls, "fit")] = original
                    setattr(cls, "fit", _wrap(original))  # noqa: B010 - any estimator class


def _estimator_classes() -> list[type]:
    from sklearn.model_selection._search import BaseSearchCV
    from sklearn.utils import all_estimators

    classes: list[type] = [cls for _name, cls in all_estimators()]
    classes.append(BaseSearchCV)
    for module, names in (
        ("lightgbm.sklearn", ("LGBMModel", "LGBMClassifier", "LGBMRegressor")),
        ("xgboost.sklearn", ("XGBModel", "XGBClassifier", "XGBRegressor")),
    ):
        try:
            found = __import__(module, fromlist=list(names))
        except ImportError:
            continue
        classes.extend(getattr(found, n) for n in names if hasattr(found, n))
    return list(dict.fromkeys(classes))


def _depth() -> int:
    return int(getattr(_LOCAL, "depth", 0))


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """No fit logs itself inside: Airlock's own work (evaluating a model fits label
    binarizers, say) is not the analyst's fit."""
    _LOCAL.depth = _depth() + 1
    try:
        yield
    finally:
        _LOCAL.depth -= 1


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        run = _current_run()
        if run is None or _depth() or _inside_sklearn():
            return original(self, *args, **kwargs)
        with quiet():  # the fits inside this one (a search's candidates) are its own
            result = original(self, *args, **kwargs)
            try:
                _log_fit(run, self)
            except Exception as exc:  # the analyst's fit worked: never break it here
                message = f"airlock.autolog could not log this fit: {type(exc).__name__}: {exc}"
                with contextlib.suppress(Exception):
                    run.note(message)
                warnings.warn(message, stacklevel=2)
        return result

    fit._airlock_autolog = True  # type: ignore[attr-defined]
    return fit


def _current_run() -> Run | None:
    """The newest open run started in this thread."""
    me = threading.get_ident()
    for run in reversed(ACTIVE):
        if run._thread == me and not run.ended:
            return run
    return None


def _inside_sklearn() -> bool:
    """Whether this fit is called by scikit-learn itself (cross_val_score fitting a clone
    per fold, a learning or validation curve): those are not the analyst's model."""
    frame: FrameType | None = sys._getframe(2)  # the caller of the wrapper
    for _ in range(60):
        if frame is None:
            return False
        if str(frame.f_globals.get("__name__", "")).startswith(INTERNAL):
            return True
        frame = frame.f_back
    return False


def _log_fit(run: Run, estimator: Any) -> None:
    search = hasattr(estimator, "cv_results_")
    params = {  # a search's own settings; its candidates go to the search artifact
        k: v
        for k, v in estimator.get_params(deep=not search).items()
        if v is None or isinstance(v, bool | int | float | str)
    }
    run.log_params(params)
    run.set_tag("estimator", type(estimator).__name__)
    if search:
        _log_search(run, estimator)
    # a search keeps its refitted best estimator: that is what is registered and served
    model = getattr(estimator, "best_estimator_", estimator)
    if not _STATE["models"] or not hasattr(model, "predict"):
        return
    try:
        run.log_model(model, evaluate=bool(_STATE["evaluate"]))
    except AirlockError as exc:  # the fit worked; the model cannot be kept: say so loudly
        message = f"airlock.autolog did not keep the model: {exc}"
        run.note(message)
        warnings.warn(message, stacklevel=3)


def _log_search(run: Run, search: Any) -> None:
    import numpy as np

    results = search.cv_results_
    if isinstance(search.scoring, str) or search.scoring is None or callable(search.scoring):
        scoring = search.scoring if isinstance(search.scoring, str) else None
        key = "score"
    else:  # several metrics: the one the search refits on (else the first)
        names = list(search.scoring)
        scoring = search.refit if isinstance(search.refit, str) else names[0]
        key = scoring
    name, sign = SCORERS.get(scoring or "", (scoring or "score", 1.0))
    if search.scoring is None:
        name = "accuracy" if hasattr(search, "classes_") else "r2"
    means = np.asarray(results[f"mean_test_{key}"], dtype=float) * sign
    order = np.argsort(means if sign < 0 else -means, kind="stable")
    best = int(search.best_index_) if hasattr(search, "best_index_") else int(order[0])
    folds = sorted(k for k in results if k.startswith("split") and k.endswith(f"_test_{key}"))
    per_fold = [{name: float(results[k][best]) * sign} for k in folds]
    run._code.extra_artifacts["search"] = {
        "method": type(search).__name__,
        "metric": name,
        "best": best,
        "candidates": [
            {"params": _plain(results["params"][i]), "mean": float(means[i])} for i in order
        ],
    }
    run._code.extra_metrics.update(
        cv=per_fold,
        cv_mean={name: float(means[best])},
        cv_std={name: float(np.std([f[name] for f in per_fold])) if per_fold else 0.0},
        folds=len(folds),
        scheme=f"{type(search).__name__} cv={search.cv}",
    )
    run.log_params({f"best_{k}": v for k, v in _plain(results["params"][best]).items()})
    run.log_metric(f"best_cv_{name}", float(means[best]))


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    from engine.training.tracked import plain

    return {str(k): plain(v) for k, v in params.items()}
