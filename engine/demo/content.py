"""What the demo workspace holds besides data: its DPIA, test suite, model card, gate
policy, retraining pipeline and monitors (examples/ has the same as files)."""

from __future__ import annotations

from typing import Any

DEMO_DPIA = {
    "processing": "Loan applications (national ID, income, employment, debt, gender) of "
    "retail applicants; a model estimates the chance of default for underwriters.",
    "purposes": "Credit risk assessment before a loan contract (GDPR Art. 6(1)(b); PDPL "
    "Art. 6(2)). Synthetic demo data.",
    "necessity": "Only the fields credit policy needs; the national ID is hashed before "
    "training and gender is kept for fairness checks only.",
    "data_subjects": "Retail loan applicants, about 20,000 a year.",
    "special_categories": "Credit data; no health, religion or ethnicity.",
    "automated_decisions": "No: an underwriter decides; applicants can ask for a review.",
    "risks": "Indirect discrimination through proxies of gender; re-identification from "
    "income and dates; wrong declines.",
    "measures": "Encryption at rest, roles and four-eyes approval, fairness report before "
    "promotion, drift and performance monitors, hashed identifiers.",
    "retention": "Five years after the application, then crypto-shredded by the purge job.",
    "transfers": "none",
    "residual_risk": "medium",
    "signed_off_by": "Head of retail credit risk (demo)",
}
DEMO_SUITE: dict[str, Any] = {
    "name": "credit-checks",
    "check": [
        {"kind": "metric", "metric": "roc_auc", "min": 0.7},
        {"kind": "invariance", "column": "gender", "values": ["F", "M"]},
        {
            "kind": "directional",
            "column": "debt_to_income",
            "change": 0.2,
            "expect": "not_decrease",
            "max_share": 0.05,
        },
        {"kind": "output"},
        {"kind": "latency", "rows": 1000, "max_ms": 2000},
    ],
}
DEMO_CARD = {
    "limitations": "Trained on synthetic applications of January to June 2025; the monthly "
    "batches since drift (lower incomes, more online applications).",
    "ethical_considerations": "Gender is not a feature, but income and employment can act "
    "as proxies; the fairness report is checked before each "
    "promotion.",
    "recommendations": "Use as decision support for underwriters, never for automated "
    "declines; revalidate at least yearly.",
    "monitoring_plan": "Daily drift of the monthly batches' inputs (credit-inputs) and the "
    "production model's accuracy (credit-model); an alert starts the "
    "monthly retraining pipeline.",
}
DEMO_POLICY = {
    "gate": [
        {"kind": "min_metric", "metric": "roc_auc", "min": 0.7},
        {"kind": "tests", "suite": "credit-checks", "stages": ["production"]},
    ]
}


def demo_pipeline() -> dict[str, Any]:
    """The demo's retraining pipeline (examples/monthly_retrain.toml is the same)."""
    from engine.data.demo_data import DEMO_RECIPE

    return {
        "name": "monthly-retrain",
        "description": "Retrain when a month of labelled applications arrives in inbox/.",
        "trigger": {"inbox": "credit_monthly_*.csv", "dataset": "credit_monthly"},
        "step": [
            {"kind": "prepare", "recipe": DEMO_RECIPE, "name": "credit_monthly_input"},
            {
                "kind": "train",
                "target": "default",
                "model": "logistic",
                "balanced": True,
                "folds": 3,
                "experiment": "monthly",
                "explain": False,
                "learning_curve": False,
            },
            {"kind": "evaluate", "suite": DEMO_SUITE},
            {"kind": "gate", "model": "credit_default"},
            {"kind": "register", "model": "credit_default"},
            {"kind": "promote", "stage": "staging"},
        ],
    }


DEMO_MONITOR: dict[str, Any] = {
    "name": "credit-inputs",
    "reference": "credit_applications@1",
    "current": "credit_monthly",
    "every": "1d",
    "time_column": "application_date",
    "levels": {"warning": 0.2, "alert": 0.4, "hysteresis": 1, "cooldown": "30d"},
}


DEMO_MODEL_MONITOR: dict[str, Any] = {
    "name": "credit-model",
    "reference": "credit_model_input@1",
    "current": "credit_monthly_input",
    "every": "1d",
    "anomalies": False,
    "levels": {"warning": 0.3, "alert": 0.6, "hysteresis": 1, "cooldown": "30d"},
    "performance": {"model": "credit_default", "metric": "accuracy"},
}
