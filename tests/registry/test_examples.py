"""The example files the README uses are the demo's own policy, suite and pipeline."""

from __future__ import annotations

import tomllib
from pathlib import Path

from engine.demo import DEMO_MODEL_MONITOR, DEMO_MONITOR, DEMO_POLICY, DEMO_SUITE, demo_pipeline
from engine.monitoring.monitors import parse_monitor
from engine.pipelines.definition import load_definition, parse_definition
from engine.registry.gates import load_policy, parse_policy
from engine.registry.testsuite import load_suite, parse_suite

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_match_the_demo():
    assert load_policy(EXAMPLES / "credit_policy.toml") == parse_policy(DEMO_POLICY)
    assert load_suite(EXAMPLES / "credit_suite.toml") == parse_suite(DEMO_SUITE)
    assert load_definition(EXAMPLES / "monthly_retrain.toml") == parse_definition(
        demo_pipeline(), EXAMPLES, "demo"
    )
    for name, monitor in (
        ("credit_inputs_monitor.toml", DEMO_MONITOR),
        ("credit_model_monitor.toml", DEMO_MODEL_MONITOR),
    ):
        body = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        assert parse_monitor(body) == parse_monitor(monitor)
