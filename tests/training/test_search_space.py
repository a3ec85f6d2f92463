"""The search space a user gives: values or a range LOW..HIGH per hyperparameter (issue 20),
checked before any data is read, with messages that name the hyperparameter and say what
to do in words that fit both the command line and the desktop app."""

from __future__ import annotations

import math

import pytest

from engine.errors import ValidationError
from engine.training.catalog import estimator
from engine.training.search import MAX_GRID, Range, candidates, parse_space, space_values
from engine.training.spec import RunSpec, guess_target

FAST = {"learning_curve": False, "n_jobs": 1, "explain": False}


def spec(**kw) -> RunSpec:
    base = {"dataset": "loans@1", "target": "default", "folds": 3, **FAST}
    base.update(kw)
    return RunSpec(**base)


def test_a_random_search_samples_inside_a_range_log_uniformly():
    run = spec(model="logistic", search="random", n_iter=200, space={"C": ["0.01..10"]})
    pool = candidates(run.check(), estimator("logistic"), "binary")
    values = [c["C"] for c in pool]
    assert len(values) == 200 and all(0.01 <= v <= 10 for v in values)
    # C is searched on a log scale: about half the draws fall below the geometric middle
    # (0.316); a uniform draw would put only 3 % there
    below = sum(v < math.sqrt(0.01 * 10) for v in values) / len(values)
    assert 0.35 < below < 0.65
    assert all(c["max_iter"] == 1000 for c in pool)  # only the given space is searched


def test_whole_number_ranges_give_whole_numbers_and_values_mix_with_ranges():
    model = estimator("random_forest")
    pool = candidates(
        spec(
            model="random_forest",
            search="halving",
            n_iter=30,
            space={"n_estimators": ["10..40"], "max_features": ["sqrt", "log2"]},
        ).check(),
        model,
        "binary",
    )
    assert all(isinstance(c["n_estimators"], int) and 10 <= c["n_estimators"] <= 40 for c in pool)
    assert {c["max_features"] for c in pool} == {"sqrt", "log2"}
    assert all(c["max_depth"] is None and c["min_samples_leaf"] == 1 for c in pool)


def test_the_cli_form_of_a_space():
    from engine.cli import build_parser
    from engine.cli.train_cmds import spec_from

    args = build_parser().parse_args(
        [
            "train",
            "--dataset",
            "loans@1",
            "--target",
            "default",
            "--model",
            "logistic",
            "--search",
            "random",
            "--space",
            "C=0.01..10",
        ]
    )
    assert spec_from(args).check().space == {"C": ["0.01..10"]}
    assert space_values(" 50, 100 ,,200 ") == ["50", "100", "200"]


def test_a_grid_refuses_a_range_and_says_what_to_do():
    with pytest.raises(ValidationError) as caught:
        spec(model="logistic", search="grid", space={"C": ["0.01..10"]}).check()
    assert caught.value.message == (
        "A grid search tries listed values; the search space of 'C' is a range (0.01..10)."
    )
    assert "random or halving search" in caught.value.hint
    grid = parse_space(estimator("logistic"), {"C": ["0.1", "1", "1", "10"]}, "grid")
    assert grid == {"C": [0.1, 1.0, 10.0]}  # duplicates dropped


@pytest.mark.parametrize(
    "space,message",
    [
        (
            {"C": ["10..0.01"]},
            "The range of 'C' must be LOW..HIGH with LOW below HIGH. Got '10..0.01'.",
        ),
        (
            {"C": ["0.01..big"]},
            "The hyperparameter 'C' must be a number from 1e-06 to 1e+06. Got 'big'.",
        ),
        (
            {"C": ["0..10"]},
            "The hyperparameter 'C' must be a number from 1e-06 to 1e+06. Got '0'.",
        ),
        (
            {"C": ["1", "0.01..10"]},
            "The search space of 'C' is either values or one range LOW..HIGH, not both.",
        ),
        ({"C": []}, "The search space of 'C' is empty."),
        (
            {"max_iter": ["5", "50"]},
            "The hyperparameter 'max_iter' must be a whole number from 10 to 100000. Got '5'.",
        ),
    ],
)
def test_a_bad_space_names_the_hyperparameter(space, message):
    with pytest.raises(ValidationError) as caught:
        spec(model="logistic", search="random", space=space).check()
    assert caught.value.message.startswith(message)


def test_a_choice_takes_values_not_a_range():
    with pytest.raises(ValidationError) as caught:
        spec(model="svm", search="random", space={"kernel": ["rbf..linear"]}).check()
    assert caught.value.message == "The hyperparameter 'kernel' takes values, not a range."
    assert caught.value.hint == "List the values to try, e.g. rbf, linear."


def test_a_grid_over_the_limit_is_refused_before_the_data_is_read():
    values = [str(v) for v in range(1, 30)]
    with pytest.raises(ValidationError) as caught:
        spec(
            model="random_forest",
            search="grid",
            space={"n_estimators": values, "max_depth": values},
        ).check()
    assert caught.value.message == f"The grid has 841 candidates (at most {MAX_GRID})."
    assert caught.value.hint == "Give fewer values, or choose a random search."


def test_search_messages_name_no_command_line_option():
    model = estimator("linear")  # no hyperparameters at all
    with pytest.raises(ValidationError) as caught:
        candidates(spec(model="linear", search="grid", target="y").check(), model, "regression")
    assert caught.value.message == "Linear regression has nothing to search; give values to search."
    assert "--" not in caught.value.hint and "C=0.01..10" in caught.value.hint
    with pytest.raises(ValidationError) as caught:
        spec(scheme="group").check()
    assert caught.value.message == "Group k-fold needs the group column."
    assert "--" not in caught.value.hint
    with pytest.raises(ValidationError, match=r"^Time-series splits need the time column\.$"):
        spec(scheme="time").check()
    with pytest.raises(ValidationError, match="A search space is given but no search"):
        spec(space={"C": ["1"]}, model="logistic").check()


def test_the_range_is_a_value_a_user_reads():
    assert str(Range("C", 0.01, 10.0, True, False)) == "0.01..10"


def test_a_search_with_a_range_runs_and_records_its_candidates(workspace, analyst, loans):
    run = workspace.training.train(
        analyst, spec(model="logistic", search="random", n_iter=4, space={"C": ["0.05..5"]})
    )
    found = workspace.training.artifacts(analyst, run)["search"]
    assert len(found["candidates"]) == 4
    assert all(0.05 <= c["params"]["C"] <= 5 for c in found["candidates"])
    assert run.spec["space"] == {"C": ["0.05..5"]}


@pytest.mark.parametrize(
    "columns,expected",
    [
        (
            [
                ("id", "identifier", 100),
                ("x", "numeric", 90),
                ("Churn", "categorical", 2),
                ("z", "numeric", 3),
            ],
            "Churn",
        ),
        (
            [("id", "identifier", 100), ("grade", "categorical", 4), ("amount", "numeric", 95)],
            "grade",
        ),
        ([("a", "numeric", 95), ("b", "text", 80)], "b"),
        ([], None),
    ],
)
def test_the_target_a_form_offers(columns, expected):
    schema = [{"name": n, "semantic": s, "distinct": d} for n, s, d in columns]
    assert guess_target(schema) == expected
