"""Hostile definitions (issue 18): every definition format — recipes, contracts, model test
suites, gate policies, monitors and pipelines — is checked before use, so any document,
however malformed (wrong types, unhashable values, deep nesting, huge numbers), ends in an
AirlockError with a message or in a valid definition, never in another exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import AirlockError

KEYS = [
    "name",
    "format",
    "steps",
    "op",
    "columns",
    "column",
    "kind",
    "check",
    "gate",
    "metric",
    "min",
    "max",
    "values",
    "records",
    "expected",
    "rows",
    "bins",
    "strategy",
    "test",
    "seed",
    "every",
    "watch",
    "reference",
    "current",
    "levels",
    "drift",
    "allowed",
    "pattern",
    "type",
    "nullable",
    "unique",
    "dataset",
    "target",
    "model",
    "attribute",
    "step",
    "when",
    "run",
    "after",
    "to",
    "method",
    "fill",
    "value",
    "threshold",
    "warning",
    "alert",
    "hysteresis",
    "cooldown",
    "performance",
    "labels",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "1d",
            "99999999999999999999d",
            "uniform",
            "onehot",
            "metric",
            "golden",
            "drop",
            "split",
            "output",
            "int64",
            "string",
            "accuracy",
            "roc_auc",
            "x",
            "train",
            "import",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8)


def _recipe(body: Any) -> Any:
    from engine.data.recipe_model import check_recipe

    return check_recipe(body)


def _contract(body: Any) -> Any:
    from engine.data.contracts import check_contract

    return check_contract(body)


def _suite(body: Any) -> Any:
    from engine.registry.testsuite import parse_suite

    return parse_suite(body)


def _policy(body: Any) -> Any:
    from engine.registry.gates import parse_policy

    return parse_policy(body)


def _monitor(body: Any) -> Any:
    from engine.monitoring.monitors import parse_monitor

    return parse_monitor(body)


def _pipeline(body: Any) -> Any:
    from engine.pipelines.definition import parse_definition

    return parse_definition(body, Path("/nonexistent-airlock-base"), "the pipeline")


PARSERS = {
    "recipe": _recipe,
    "contract": _contract,
    "suite": _suite,
    "policy": _policy,
    "monitor": _monitor,
    "pipeline": _pipeline,
}


@pytest.mark.parametrize("kind", sorted(PARSERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(DOCUMENTS, VALUES))
def test_any_document_is_a_clear_error_or_a_definition(kind, body):
    try:
        PARSERS[kind](body)
    except AirlockError as exc:
        assert exc.message


# The cases of the issue, each once: unhashable kinds, huge numbers, contradictions.
HOSTILE = [
    ("recipe", {"steps": [{"op": []}]}),
    ("recipe", {"steps": [{"op": {"drop": 1}}]}),
    ("recipe", {"steps": [{"op": "bin", "column": "age", "bins": 10**9}]}),
    ("recipe", {"steps": [{"op": "bin", "column": "age", "bins": 1e9}]}),
    ("suite", {"name": "s", "check": [{"kind": []}]}),
    ("suite", {"name": "s", "check": [{"kind": "latency", "rows": 10**9}]}),
    ("suite", {"name": "s", "check": [{"kind": "latency", "rows": 1e9}]}),
    ("contract", {"columns": [{"name": "a", "type": "integer", "min": 10, "max": 1}]}),
    (
        "contract",
        {"columns": [{"name": "a", "type": "string", "allowed": [str(i) for i in range(300_000)]}]},
    ),
    (
        "pipeline",
        {
            "name": "p",
            "every": "99999999999999999999d",
            "steps": [{"kind": "import", "file": "x.csv", "dataset": "d"}],
        },
    ),
    ("monitor", {"name": "m", "reference": "a@1", "current": "a", "every": "9" * 30 + "d"}),
    ("policy", {"gate": [{"kind": []}]}),
    # questionable: accepted before, each a definition that could only mislead
    ("recipe", {"steps": [{"op": "split", "test": 0.0}]}),
    ("recipe", {"steps": [{"op": "split", "test": 0.2}, {"op": "split", "test": 0.3}]}),
    ("recipe", {"steps": [{"op": "drop", "columns": ["a", "a"]}]}),
    (
        "suite",
        {"name": "s", "check": [{"kind": "metric", "metric": "accuracy", "min": 0.9, "max": 0.1}]},
    ),
    ("suite", {"name": "s", "check": [{"kind": "metric", "metric": "roc_auc", "min": 2}]}),
    ("suite", {"name": "s", "check": [{"kind": "latency", "rows": 10, "max_ms": -1}]}),
    ("monitor", {"name": "m", "reference": "a@1", "current": "A@1"}),
    ("monitor", {"name": "m", "reference": "a@1", "current": "a", "every": "0d"}),
]


@pytest.mark.parametrize(
    ("kind", "body"), HOSTILE, ids=[f"{k}-{i}" for i, (k, _) in enumerate(HOSTILE)]
)
def test_hostile_definitions_are_refused_with_a_message(kind, body):
    with pytest.raises(AirlockError) as refused:
        PARSERS[kind](body)
    assert refused.value.message


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_deeply_nested_files_are_refused(tmp_path, suffix):
    from engine.data.recipe_model import load_recipe

    deep = tmp_path / f"deep{suffix}"
    deep.write_text(
        "[" * 200_000 + "]" * 200_000
        if suffix == ".json"
        else "a = " + "[" * 200_000 + "]" * 200_000,
        encoding="utf-8",
    )
    with pytest.raises(AirlockError):
        load_recipe(deep)
