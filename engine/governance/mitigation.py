"""Fairness mitigation for binary classifiers with fairlearn, kept as scikit-learn estimators
that skops can save (fairlearn's own fitted objects cannot be: skops refuses them), so a
mitigated model is a run like any other — registered, gated, scored, bundled.

* **Post-processing** (`threshold`): fairlearn's ThresholdOptimizer, prefit on the run's
  model, finds per-group thresholds on its scores (with randomisation between two of them)
  that meet the constraint. `GroupThresholdClassifier` holds what it found — per group two
  threshold operations and their mixing weights — and reproduces fairlearn's probabilities
  exactly; it reads the sensitive column at scoring time.
* **Reduction** (`reduction`): fairlearn's ExponentiatedGradient retrains the run's
  estimator on reweighted data under the constraint, giving a randomised ensemble.
  `WeightedEnsembleClassifier` holds the run's fitted preparation steps, the ensemble's
  predictors and weights; it does not need the sensitive column at scoring time.

Both predict the positive class when its probability exceeds a coin drawn from a hash of
the row's values: the same row always gets the same decision (fairlearn draws from a random
state, which depends on row order), and over many rows the decisions follow the
probabilities the constraint was met with."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from engine.errors import ValidationError

CONSTRAINTS = ("demographic_parity", "equalized_odds")
METHODS = ("threshold", "reduction")


def _coin(frame: pd.DataFrame) -> np.ndarray:
    """A uniform number in [0, 1) per row, from its values alone."""
    hashed = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False)
    return (hashed.to_numpy(dtype=np.uint64) >> np.uint64(11)).astype(float) / float(2**53)


class GroupThresholdClassifier(ClassifierMixin, BaseEstimator):
    """Per-group randomised thresholds on a fitted binary classifier's scores."""

    def __init__(
        self,
        base: Any = None,
        attribute: str = "",
        groups: tuple = (),
        rules: tuple = (),
        classes: tuple = (),
        features: tuple = (),
        column: int = 1,
    ) -> None:
        self.base = base
        self.column = column  # the base model's probability column of the positive class
        self.attribute = attribute
        self.groups = groups  # group labels (text)
        self.rules = rules  # per group: (p0, sign0, t0, p1, sign1, t1); sign +1 is ">"
        self.classes = classes
        self.features = features

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.classes)

    @property
    def feature_names_in_(self) -> np.ndarray:
        extra = [] if self.attribute in self.features else [self.attribute]
        return np.asarray([*self.features, *extra], dtype=object)

    def fit(self, X: Any, y: Any = None) -> GroupThresholdClassifier:
        raise ValidationError(
            "A group-threshold model is made by `airlock governance mitigate`, not fitted directly."
        )

    def _positive(self, X: pd.DataFrame) -> np.ndarray:
        score = np.asarray(self.base.predict_proba(X[list(self.features)]))[:, self.column]
        groups = (
            X[self.attribute]
            .astype(object)
            .where(X[self.attribute].notna(), "(missing)")
            .astype(str)
            .to_numpy()
        )
        # a group never seen when mitigating keeps the model's own decision
        out = (score >= 0.5).astype(float)
        for group, (p0, s0, t0, p1, s1, t1) in zip(self.groups, self.rules, strict=True):
            rows = groups == group
            first = (score[rows] > t0) if s0 > 0 else (score[rows] < t0)
            second = (score[rows] > t1) if s1 > 0 else (score[rows] < t1)
            out[rows] = p0 * first + p1 * second
        return out

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        positive = self._positive(X)
        return np.column_stack([1 - positive, positive])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        chosen = self._positive(X) > _coin(X[list(self.feature_names_in_)])
        return self.classes_[chosen.astype(int)]


class WeightedEnsembleClassifier(ClassifierMixin, BaseEstimator):
    """The run's preparation steps, then a weighted vote of binary predictors."""

    def __init__(
        self,
        prepare: Any = None,
        predictors: tuple = (),
        weights: tuple = (),
        classes: tuple = (),
        features: tuple = (),
    ) -> None:
        self.prepare = prepare
        self.predictors = predictors
        self.weights = weights
        self.classes = classes
        self.features = features

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.classes)

    @property
    def feature_names_in_(self) -> np.ndarray:
        return np.asarray(self.features, dtype=object)

    def fit(self, X: Any, y: Any = None) -> WeightedEnsembleClassifier:
        raise ValidationError(
            "A reduction ensemble is made by `airlock governance mitigate`, not fitted directly."
        )

    def _positive(self, X: pd.DataFrame) -> np.ndarray:
        prepared = self.prepare.transform(X[list(self.features)])
        votes = [np.asarray(p.predict(prepared), dtype=float) for p in self.predictors]
        return np.asarray(np.average(np.vstack(votes), axis=0, weights=self.weights))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        positive = self._positive(X)
        return np.column_stack([1 - positive, positive])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        chosen = self._positive(X) > _coin(X[list(self.features)])
        return self.classes_[chosen.astype(int)]


def _constraint(name: str, reduction: bool) -> Any:
    if name not in CONSTRAINTS:
        raise ValidationError(f"The constraint is one of {', '.join(CONSTRAINTS)}. Got {name!r}.")
    if not reduction:
        return name
    from fairlearn.reductions import DemographicParity, EqualizedOdds

    return DemographicParity() if name == "demographic_parity" else EqualizedOdds()


def threshold(
    model: Any,
    X: pd.DataFrame,
    y01: np.ndarray,
    sensitive: pd.Series,
    classes: list[Any],
    constraint: str,
) -> GroupThresholdClassifier:
    """`classes` is [negative, positive]; `y01` is 1 for the positive class."""
    from fairlearn.postprocessing import ThresholdOptimizer

    column = [c.item() if hasattr(c, "item") else c for c in model.classes_].index(classes[1])
    groups = sensitive.astype(object).where(sensitive.notna(), "(missing)").astype(str)
    optimizer = ThresholdOptimizer(
        estimator=_Positive(model, column),
        prefit=True,
        constraints=_constraint(constraint, False),
        predict_method="predict_proba",
    )
    optimizer.fit(X, y01, sensitive_features=groups.to_numpy())
    rules = []
    names = []
    for group, found in optimizer.interpolated_thresholder_.interpolation_dict.items():
        operations = [found["operation0"], found["operation1"]]
        rule: list[float] = []
        for weight, operation in zip((found["p0"], found["p1"]), operations, strict=True):
            rule += [
                float(weight),
                1.0 if operation.operator == ">" else -1.0,
                float(operation.threshold),
            ]
        names.append(str(group))
        rules.append(tuple(rule))
    return GroupThresholdClassifier(
        model,
        str(sensitive.name),
        tuple(names),
        tuple(rules),
        tuple(classes),
        tuple(str(c) for c in X.columns),
        column,
    )


class _Positive(BaseEstimator):
    """The run's model as fairlearn wants it: predict_proba over 0/1 classes."""

    def __init__(self, model: Any = None, column: int = 1) -> None:
        self.model = model
        self.column = column

    def fit(self, X: Any, y: Any = None) -> _Positive:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True  # wraps the run's fitted model

    def predict_proba(self, X: Any) -> np.ndarray:
        positive = np.asarray(self.model.predict_proba(X))[:, self.column]
        return np.column_stack([1 - positive, positive])

    def predict(self, X: Any) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def reduction(
    model: Any,
    X: pd.DataFrame,
    y01: np.ndarray,
    sensitive: pd.Series,
    classes: list[Any],
    constraint: str,
    max_iter: int = 50,
) -> WeightedEnsembleClassifier:
    from fairlearn.reductions import ExponentiatedGradient
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    if not isinstance(model, Pipeline) or len(model.steps) < 2:
        raise ValidationError(
            "A reduction needs a model trained by Airlock (its preparation steps and estimator)."
        )
    prepare = Pipeline(model.steps[:-1])
    estimator = clone(model.steps[-1][1])
    import inspect

    if "sample_weight" not in inspect.signature(estimator.fit).parameters:
        raise ValidationError(
            f"{type(estimator).__name__} does not take sample weights, which the reduction needs.",
            hint="Use the threshold method, or a model such as logistic "
            "regression or gradient boosting.",
        )
    groups = sensitive.astype(object).where(sensitive.notna(), "(missing)").astype(str)
    reduced = ExponentiatedGradient(estimator, _constraint(constraint, True), max_iter=max_iter)
    import warnings

    with warnings.catch_warnings():  # fairlearn 0.15 trips pandas' future deprecations
        warnings.filterwarnings("ignore", module="fairlearn")
        reduced.fit(prepare.transform(X), y01, sensitive_features=groups.to_numpy())
    weights = np.asarray(reduced.weights_, dtype=float)
    keep = weights > 1e-9
    predictors = tuple(p for p, k in zip(reduced.predictors_, keep, strict=True) if k)
    return WeightedEnsembleClassifier(
        prepare,
        predictors,
        tuple(weights[keep].tolist()),
        tuple(classes),
        tuple(str(c) for c in X.columns),
    )
