"""The fast path gives the pipeline's own answers, or is not used: binary, multiclass and
regression; missing values, Arabic categories, unseen categories; other pipelines fall back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.registry.signature import build_signature
from engine.serving.app import _score
from engine.serving.fastpath import compile_fast, sample_rows
from engine.serving.inputs import check_rows
from engine.serving.served import Served, prepare
from engine.training.pipeline import build
from engine.training.spec import RunSpec


def data(n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "rooms": rng.integers(1, 6, n),  # integers whose median can be x.5
            "area": rng.normal(120, 30, n).round(1),
            "city": rng.choice(["الرياض", "جدة", "الدمام", "Abha"], n),
            "furnished": rng.choice(["yes", "no"], n),
        }
    )
    frame.loc[rng.random(n) < 0.1, "area"] = np.nan
    frame.loc[rng.random(n) < 0.1, "city"] = None
    return frame


def fitted(model: str, task: str, seed: int = 1):
    frame = data(seed=seed)
    rng = np.random.default_rng(seed + 1)
    if task == "regression":
        target = frame["rooms"] * 30 + rng.normal(0, 5, len(frame))
    elif task == "binary":
        target = (frame["rooms"] > 3).astype(int)
    else:
        target = pd.Series(rng.choice(["low", "mid", "high"], len(frame)))
    spec = RunSpec("x@1", "t", model=model, params={}, n_jobs=1)
    pipeline = build(spec, task)
    pipeline.fit(frame, target)
    classes = [] if task == "regression" else sorted(target.unique().tolist())
    return pipeline, build_signature(pipeline, frame, task, classes)


@pytest.mark.parametrize(
    ("model", "task"),
    [
        ("logistic", "binary"),
        ("logistic", "multiclass"),
        ("hist_gradient_boosting", "binary"),
        ("random_forest", "multiclass"),
        ("ridge", "regression"),
        ("decision_tree", "regression"),
    ],
)
def test_the_fast_path_gives_the_pipelines_answers(model, task):
    pipeline, signature = fitted(model, task)
    fast, note = compile_fast(pipeline, signature)
    assert fast is not None, note
    rows = sample_rows(signature, 300, seed=99)  # not the rows it was checked on
    rows[0]["city"] = "مكة"  # unseen
    checked = check_rows(rows, signature)
    predictions, proba = fast.predict(checked)
    frame = checked.frame()
    if task == "regression":  # the same sums in another order: equal to the last bits
        assert predictions == pytest.approx(pipeline.predict(frame), rel=1e-12)
    else:
        assert list(predictions) == list(pipeline.predict(frame))
        assert np.abs(proba - pipeline.predict_proba(frame)).max() <= 1e-9


def test_served_answers_are_the_same_with_and_without_it():
    pipeline, signature = fitted("logistic", "binary")
    from types import SimpleNamespace

    version = SimpleNamespace(signature=signature, ref="m@1")
    fast = prepare("m", version, pipeline)
    slow = Served("m", version, pipeline)
    assert fast.fast is not None and slow.fast is None
    rows = sample_rows(signature, 50, seed=5)
    quick, plain = _score(fast, rows)[0], _score(slow, rows)[0]
    assert quick["predictions"] == plain["predictions"]
    assert quick["unknown_categories"] == plain["unknown_categories"] != []
    for a, b in zip(quick["probabilities"], plain["probabilities"], strict=True):
        assert a == pytest.approx(b, abs=1e-12)


def test_a_pipeline_it_was_not_made_for_is_left_to_scikit_learn():
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    pipeline, signature = fitted("logistic", "binary")
    extra = Pipeline([("recipe", FunctionTransformer()), *pipeline.steps])
    assert compile_fast(extra, signature) == (
        None,
        "it is not [prepare → estimator] (a recipe step, say)",
    )
    # a preparation that is not affine in a number: found out by the check, not assumed
    from sklearn.preprocessing import QuantileTransformer

    numbers = pipeline.steps[0][1].transformers_[0][1]
    numbers.steps.append(
        (
            "quantiles",
            QuantileTransformer(n_quantiles=50).fit(
                numbers[:-1].transform(data()[["rooms", "area"]])
            ),
        )
    )
    fast, note = compile_fast(pipeline, signature)
    assert fast is None and "differ" in note
