"""The curated catalog of scikit-learn estimators: each with its tasks, typed and validated
hyperparameters with sensible defaults, and the ranges a search draws from.

A hyperparameter error names the parameter, the allowed range and the value given.
"""

from __future__ import annotations

__all__ = [
    "ALL",
    "CATALOG",
    "CLS",
    "DEFAULT_MODEL",
    "FIXED",
    "NEEDS_CALIBRATION",
    "REG",
    "TASKS",
    "Estimator",
    "Param",
    "catalog_markdown",
    "estimator",
    "models_for",
]


from engine.errors import ValidationError
from engine.training.estimators import ALL, CLS, FIXED, REG, TASKS, Estimator, Param, _p

_TREE = (
    _p("max_depth", "optional_int", None, 1, 200, search=(None, 3, 6, 12), help="deepest split"),
    _p(
        "min_samples_leaf",
        "int",
        1,
        1,
        100_000,
        log=True,
        search=(1, 5, 20),
        help="fewest rows in a leaf",
    ),
)
_FOREST = (
    _p(
        "n_estimators",
        "int",
        200,
        1,
        5_000,
        log=True,
        search=(100, 200, 500),
        help="number of trees",
    ),
    *_TREE,
    _p(
        "max_features",
        "choice",
        "sqrt",
        choices=("sqrt", "log2", 1.0),
        search=("sqrt", 1.0),
        help="features considered at each split",
    ),
    _p("n_jobs", "int", 1, 1, 64, help="parallel workers while fitting"),
)

CATALOG: dict[str, Estimator] = {
    e.key: e
    for e in [
        Estimator(
            "logistic",
            "Logistic regression",
            CLS,
            (
                _p(
                    "C",
                    "float",
                    1.0,
                    1e-6,
                    1e6,
                    log=True,
                    search=(0.01, 0.1, 1.0, 10.0),
                    help="inverse regularisation strength",
                ),
                _p("max_iter", "int", 1000, 10, 100_000),
            ),
            scale=True,
            class_weight=True,
            factory={t: "sklearn.linear_model:LogisticRegression" for t in CLS},
        ),
        Estimator(
            "linear",
            "Linear regression",
            REG,
            (),
            scale=True,
            random_state=False,
            factory={"regression": "sklearn.linear_model:LinearRegression"},
        ),
        Estimator(
            "ridge",
            "Ridge",
            ALL,
            (_p("alpha", "float", 1.0, 1e-8, 1e8, log=True, search=(0.01, 0.1, 1.0, 10.0, 100.0)),),
            scale=True,
            class_weight=True,
            factory={
                "binary": "sklearn.linear_model:RidgeClassifier",
                "multiclass": "sklearn.linear_model:RidgeClassifier",
                "regression": "sklearn.linear_model:Ridge",
            },
        ),
        Estimator(
            "lasso",
            "Lasso",
            REG,
            (
                _p("alpha", "float", 1.0, 1e-8, 1e8, log=True, search=(0.001, 0.01, 0.1, 1.0)),
                _p("max_iter", "int", 5000, 10, 1_000_000),
            ),
            scale=True,
            factory={"regression": "sklearn.linear_model:Lasso"},
        ),
        Estimator(
            "elastic_net",
            "Elastic net",
            REG,
            (
                _p("alpha", "float", 1.0, 1e-8, 1e8, log=True, search=(0.001, 0.01, 0.1, 1.0)),
                _p("l1_ratio", "float", 0.5, 0.0, 1.0, search=(0.1, 0.5, 0.9)),
                _p("max_iter", "int", 5000, 10, 1_000_000),
            ),
            scale=True,
            factory={"regression": "sklearn.linear_model:ElasticNet"},
        ),
        Estimator(
            "decision_tree",
            "Decision tree",
            ALL,
            (
                *_TREE,
                _p(
                    "criterion",
                    "choice",
                    "gini",
                    choices=("gini", "entropy", "log_loss"),
                    search=("gini", "entropy"),
                    tasks=("binary", "multiclass"),
                ),
            ),
            class_weight=True,
            factory={
                "binary": "sklearn.tree:DecisionTreeClassifier",
                "multiclass": "sklearn.tree:DecisionTreeClassifier",
                "regression": "sklearn.tree:DecisionTreeRegressor",
            },
        ),
        Estimator(
            "random_forest",
            "Random forest",
            ALL,
            _FOREST,
            class_weight=True,
            factory={
                "binary": "sklearn.ensemble:RandomForestClassifier",
                "multiclass": "sklearn.ensemble:RandomForestClassifier",
                "regression": "sklearn.ensemble:RandomForestRegressor",
            },
        ),
        Estimator(
            "extra_trees",
            "Extra trees",
            ALL,
            _FOREST,
            class_weight=True,
            factory={
                "binary": "sklearn.ensemble:ExtraTreesClassifier",
                "multiclass": "sklearn.ensemble:ExtraTreesClassifier",
                "regression": "sklearn.ensemble:ExtraTreesRegressor",
            },
        ),
        Estimator(
            "gradient_boosting",
            "Gradient boosting",
            ALL,
            (
                _p("n_estimators", "int", 100, 1, 5_000, log=True, search=(100, 200, 400)),
                _p("learning_rate", "float", 0.1, 1e-4, 1.0, log=True, search=(0.03, 0.1, 0.3)),
                _p("max_depth", "int", 3, 1, 32, search=(2, 3, 5)),
                _p("subsample", "float", 1.0, 0.05, 1.0, search=(0.7, 1.0)),
            ),
            factory={
                "binary": "sklearn.ensemble:GradientBoostingClassifier",
                "multiclass": "sklearn.ensemble:GradientBoostingClassifier",
                "regression": "sklearn.ensemble:GradientBoostingRegressor",
            },
        ),
        Estimator(
            "hist_gradient_boosting",
            "Histogram gradient boosting",
            ALL,
            (
                _p("max_iter", "int", 100, 1, 10_000, log=True, search=(100, 200, 400)),
                _p("learning_rate", "float", 0.1, 1e-4, 1.0, log=True, search=(0.03, 0.1, 0.3)),
                _p("max_leaf_nodes", "optional_int", 31, 2, 4096, search=(15, 31, 63)),
                _p("min_samples_leaf", "int", 20, 1, 100_000, log=True, search=(10, 20, 50)),
                _p("l2_regularization", "float", 0.0, 0.0, 1e4, search=(0.0, 0.1, 1.0)),
            ),
            class_weight=True,
            factory={
                "binary": "sklearn.ensemble:HistGradientBoostingClassifier",
                "multiclass": "sklearn.ensemble:HistGradientBoostingClassifier",
                "regression": "sklearn.ensemble:HistGradientBoostingRegressor",
            },
        ),
        Estimator(
            "knn",
            "k-nearest neighbours",
            ALL,
            (
                _p("n_neighbors", "int", 5, 1, 10_000, log=True, search=(3, 5, 15, 31)),
                _p(
                    "weights",
                    "choice",
                    "uniform",
                    choices=("uniform", "distance"),
                    search=("uniform", "distance"),
                ),
            ),
            scale=True,
            random_state=False,
            factory={
                "binary": "sklearn.neighbors:KNeighborsClassifier",
                "multiclass": "sklearn.neighbors:KNeighborsClassifier",
                "regression": "sklearn.neighbors:KNeighborsRegressor",
            },
        ),
        Estimator(
            "svm",
            "Support vector machine",
            ALL,
            (
                _p("C", "float", 1.0, 1e-6, 1e6, log=True, search=(0.1, 1.0, 10.0)),
                _p(
                    "kernel",
                    "choice",
                    "rbf",
                    choices=("rbf", "linear", "poly", "sigmoid"),
                    search=("rbf", "linear"),
                ),
                _p("gamma", "choice", "scale", choices=("scale", "auto")),
            ),
            scale=True,
            class_weight=True,
            notes="Fitting time grows with the square of the rows; use it below about 20,000.",
            factory={
                "binary": "sklearn.svm:SVC",
                "multiclass": "sklearn.svm:SVC",
                "regression": "sklearn.svm:SVR",
            },
        ),
        Estimator(
            "mlp",
            "Neural network (MLP)",
            ALL,
            (
                _p(
                    "hidden_units",
                    "int",
                    100,
                    1,
                    10_000,
                    log=True,
                    search=(32, 100, 256),
                    help="units in the hidden layer",
                ),
                _p("alpha", "float", 1e-4, 0.0, 10.0, search=(1e-5, 1e-4, 1e-3)),
                _p("learning_rate_init", "float", 1e-3, 1e-6, 1.0, log=True, search=(1e-3, 1e-2)),
                _p("max_iter", "int", 300, 1, 100_000),
            ),
            scale=True,
            factory={
                "binary": "sklearn.neural_network:MLPClassifier",
                "multiclass": "sklearn.neural_network:MLPClassifier",
                "regression": "sklearn.neural_network:MLPRegressor",
            },
        ),
    ]
}

# Classifiers without predict_proba of their own: the pipeline wraps them in a calibrator.
NEEDS_CALIBRATION = {"svm", "ridge"}


def estimator(key: str) -> Estimator:
    try:
        return CATALOG[key]
    except KeyError:
        raise ValidationError(
            f"There is no model {key!r}.", hint="Models: " + ", ".join(CATALOG)
        ) from None


def models_for(task: str) -> list[Estimator]:
    return [e for e in CATALOG.values() if task in e.tasks]


DEFAULT_MODEL = "hist_gradient_boosting"  # strong on tabular data, fast, handles any task


def catalog_markdown() -> str:
    """The catalog as a Markdown table (docs/training.md holds it; a test keeps it true)."""
    lines = ["| model | tasks | hyperparameters (default; allowed) |", "|---|---|---|"]
    for model in CATALOG.values():
        params = "<br>".join(f"`{p.name}` ({p.default!s}; {p.allowed()})" for p in model.params)
        extra = " · class weights" if model.class_weight else ""
        lines.append(
            f"| `{model.key}` {model.title}{extra} | {', '.join(model.tasks)} | {params or '—'} |"
        )
    return "\n".join(lines) + "\n"
