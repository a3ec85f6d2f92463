"""The fitted object of a run: [the recipe's column steps] → default preparation of what is
left (missing values, categories, scaling where the model needs it) → the estimator
[→ probability calibration]. One scikit-learn Pipeline, so scoring applies exactly what
training applied."""

from __future__ import annotations

from typing import Any

from engine.training.catalog import NEEDS_CALIBRATION, estimator
from engine.training.spec import RunSpec


def build(spec: RunSpec, task: str, params: dict[str, Any] | None = None) -> Any:
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    model = estimator(spec.model)
    numeric_steps: list[tuple[str, Any]] = [("impute", SimpleImputer(strategy="median"))]
    if model.scale:
        numeric_steps.append(("scale", StandardScaler()))
    prepare = ColumnTransformer(
        [
            ("numbers", Pipeline(numeric_steps), make_column_selector(dtype_include="number")),
            (
                "categories",
                Pipeline(
                    [
                        ("impute", SimpleImputer(strategy="most_frequent")),
                        (
                            "encode",
                            OneHotEncoder(
                                handle_unknown="ignore", min_frequency=5, sparse_output=False
                            ),
                        ),
                    ]
                ),
                make_column_selector(dtype_exclude="number"),
            ),
        ],
        verbose_feature_names_out=False,
    )
    steps: list[tuple[str, Any]] = []
    if spec.recipe is not None:
        from engine.data.recipes import compile_pipeline

        steps.append(("recipe", compile_pipeline(spec.recipe)))
    steps.append(("prepare", prepare))
    fitted = model.build(
        task, spec.params if params is None else params, spec.seed, balanced=spec.balanced
    )
    if task != "regression" and (spec.calibration or spec.model in NEEDS_CALIBRATION):
        from sklearn.calibration import CalibratedClassifierCV

        # probabilities for models without them (SVM, ridge), or calibrated on request
        fitted = CalibratedClassifierCV(
            fitted,
            method=spec.calibration or "sigmoid",
            cv=3,
            ensemble=spec.model not in NEEDS_CALIBRATION,
        )
    steps.append(("model", fitted))
    return Pipeline(steps)
