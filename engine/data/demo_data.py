"""A realistic synthetic credit-application dataset for the demo workspace: six months of
applications to train on, then six monthly batches whose population drifts (lower incomes,
more debt, more online applications, more defaults). It carries a sensitive attribute
(gender) and personal data (synthetic, checksum-valid national IDs) on purpose, so every
part of the app has something to show. Deterministic for a given seed."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

REGIONS = ["Riyadh", "Makkah", "Eastern", "Madinah", "Qassim", "Asir", "Tabuk", "Jazan"]
REGION_P = [0.30, 0.25, 0.16, 0.08, 0.06, 0.06, 0.05, 0.04]
EMPLOYMENT = ["government", "private", "self-employed", "retired"]


def _luhn_complete(body: np.ndarray) -> np.ndarray:
    """Append the Luhn check digit to 9-digit numbers (as Saudi IDs carry)."""
    digits = np.array([[int(c) for c in f"{b:09d}"] for b in body])
    doubled = digits[:, ::-1].copy()
    doubled[:, ::2] *= 2  # positions that are doubled once the check digit is appended
    doubled[doubled > 9] -= 9
    check = (10 - doubled.sum(axis=1) % 10) % 10
    return body * 10 + check


def applications(rows: int, month: int, seed: int, drift: float = 0.0) -> pa.Table:
    """`rows` applications dated in `month` (1 = Jan 2025); drift 0 = the training
    population, 1 = strongly shifted."""
    rng = np.random.default_rng(seed)
    age = np.clip(rng.normal(36, 10, rows), 21, 70).round().astype(int)
    gender = rng.choice(["F", "M"], rows, p=[0.42, 0.58])
    saudi = rng.random(rows) < 0.78
    region = rng.choice(REGIONS, rows, p=REGION_P)
    employment = rng.choice(EMPLOYMENT, rows, p=[0.38, 0.44, 0.12, 0.06])
    years = np.clip(rng.gamma(2.0, 3.0, rows), 0, 40).round(1)
    income = rng.lognormal(9.35 - 0.25 * drift, 0.45, rows).round(-1)  # SAR a month
    income = income * np.where(employment == "government", 1.1, 1.0)
    loan = (income * rng.uniform(4, 18 + 6 * drift, rows)).round(-2)
    term = rng.choice([12, 24, 36, 48, 60], rows, p=[0.1, 0.2, 0.3, 0.2, 0.2])
    existing = rng.poisson(0.8 + 0.6 * drift, rows)
    dti = np.clip(
        (loan / term + existing * 600) / income + rng.normal(0.05 * drift, 0.05, rows), 0.02, 1.5
    )
    score = (
        np.clip(rng.normal(680 - 40 * drift, 70, rows) - 120 * (dti - 0.35), 300, 900)
        .round()
        .astype(int)
    )
    online_p = 0.2 + 0.35 * drift
    channel = rng.choice(
        ["branch", "online", "agent"],
        rows,
        p=[0.65 - online_p * 0.7, online_p, 0.35 - online_p * 0.3],
    )
    logit = (
        -3.1
        + 4.2 * (dti - 0.35)
        - 0.012 * (score - 650)
        - 0.015 * (age - 36)
        + 0.35 * (employment == "self-employed")
        + 0.25 * (channel == "online")
        + 0.15 * (existing > 2)
        + 0.3 * drift
    )
    default = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    days = rng.integers(1, 29, rows)
    year, month_no = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
    dates = np.array([f"{year}-{month_no:02d}-{d:02d}" for d in days], dtype="datetime64[D]")
    ids = _luhn_complete(
        np.where(saudi, 100_000_000, 200_000_000) + rng.integers(0, 99_999_999, rows)
    )
    start = seed * 1_000_000
    return pa.table(
        {
            "application_id": pa.array(np.arange(start, start + rows), pa.int64()),
            "application_date": pa.array(dates),
            "national_id": pa.array([str(i) for i in ids]),
            "age": pa.array(age),
            "gender": pa.array(gender),
            "nationality": pa.array(np.where(saudi, "Saudi", "Non-Saudi")),
            "region": pa.array(region),
            "employment": pa.array(employment),
            "years_employed": pa.array(years),
            "monthly_income": pa.array(income),
            "loan_amount": pa.array(loan),
            "loan_term_months": pa.array(term),
            "existing_loans": pa.array(existing),
            "debt_to_income": pa.array(dti.round(3)),
            "credit_score": pa.array(score),
            "channel": pa.array(channel),
            "default": pa.array(default),
        }
    )


def training_set(rows_per_month: int = 2000, seed: int = 1) -> pa.Table:
    """January to June 2025: the population the first model is trained on."""
    return pa.concat_tables([applications(rows_per_month, m, seed * 100 + m) for m in range(1, 7)])


def monthly_batches(rows: int = 2000, seed: int = 1) -> list[tuple[str, pa.Table]]:
    """July to December 2025, drifting a little more each month."""
    return [
        (f"2025-{m:02d}", applications(rows, m, seed * 100 + m, drift=(m - 6) / 6))
        for m in range(7, 13)
    ]


# The same recipe as examples/credit_prepare.toml (a test keeps the two equal).
DEMO_RECIPE = {
    "format": "airlock-recipe/v1",
    "name": "credit model input",
    "steps": [
        {"op": "mask", "column": "national_id", "method": "hash"},
        {
            "op": "date_parts",
            "column": "application_date",
            "parts": ["month", "dayofweek"],
            "drop": True,
        },
        {"op": "impute", "columns": ["monthly_income", "years_employed"], "strategy": "median"},
        {"op": "clip", "columns": ["debt_to_income"], "upper_quantile": 0.99},
        {"op": "split", "test": 0.2, "validation": 0.1, "stratify": "default", "seed": 7},
    ],
}
