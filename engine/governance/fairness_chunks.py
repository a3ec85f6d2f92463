"""Fairness over time: a labelled dataset cut into chunks (calendar periods or runs of rows),
each assessed like a test set, for the monitoring trend of a model's disparities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from engine.governance.fairness import BOOTSTRAP, FOUR_FIFTHS, MIN_GROUP_ROWS


@dataclass(frozen=True)
class ChunkFairness:
    """One chunk of monitored data: selection rate per group and the demographic parity
    ratio with its 95 % bootstrap interval; with labels, the equalized odds difference."""

    index: int
    period: str
    rows: int
    rates: dict[str, float]  # group -> selection rate (groups of 10 rows or more)
    ratio: float | None
    low: float | None
    high: float | None
    equalized_odds_difference: float | None
    four_fifths: bool | None  # the point ratio reaches 0.8
    clearly_below: bool  # even the interval's upper end is below 0.8


def over_chunks(
    predicted: Any,
    positive: Any,
    groups: pd.Series,
    bounds: list[tuple[int, int]],
    periods: list[str],
    *,
    labels: Any = None,
    bootstrap: int = BOOTSTRAP,
    seed: int = 0,
) -> list[ChunkFairness]:
    """Fairness drift: the four-fifths rule per monitoring chunk (NannyML-style chunks over
    fairlearn's demographic parity), with bootstrap intervals so one small chunk's noise
    is told apart from a real change."""
    chosen = (np.asarray(predicted, dtype=object) == positive).astype(float)
    names = groups.astype(object).where(groups.notna(), "(missing)").astype(str).to_numpy()
    truth = None if labels is None else np.asarray(labels, dtype=object)
    rng = np.random.default_rng(seed)
    out = []
    for index, ((start, end), period) in enumerate(zip(bounds, periods, strict=True)):
        part, who = chosen[start:end], names[start:end]
        kept = [g for g in sorted(set(who)) if (who == g).sum() >= MIN_GROUP_ROWS]
        rates = {g: float(part[who == g].mean()) for g in kept}
        ratio = low = high = eo = None
        if len(kept) >= 2:
            top = max(rates.values())
            ratio = min(rates.values()) / top if top > 0 else 1.0
            if bootstrap:
                draws = []
                for _ in range(bootstrap):
                    pick = rng.integers(0, end - start, end - start)
                    sample, people = part[pick], who[pick]
                    got = [sample[people == g].mean() for g in kept if (people == g).any()]
                    if len(got) >= 2 and max(got) > 0:
                        draws.append(min(got) / max(got))
                if draws:
                    low, high = (
                        float(np.percentile(draws, 2.5)),
                        float(np.percentile(draws, 97.5)),
                    )
            if truth is not None:
                known = np.array([t is not None and t == t for t in truth[start:end]])
                if known.sum() >= MIN_GROUP_ROWS:
                    actual = (truth[start:end][known] == positive).astype(int)
                    guessed = part[known].astype(int)
                    people = who[known]
                    gaps = []
                    for flag in (1, 0):  # TPR, then FPR
                        values = [
                            guessed[(people == g) & (actual == flag)].mean()
                            for g in kept
                            if ((people == g) & (actual == flag)).any()
                        ]
                        if len(values) >= 2:
                            gaps.append(max(values) - min(values))
                    eo = float(max(gaps)) if gaps else None
        out.append(
            ChunkFairness(
                index,
                period,
                end - start,
                rates,
                ratio,
                low,
                high,
                eo,
                None if ratio is None else bool(ratio >= FOUR_FIFTHS - 1e-12),
                high is not None and high < FOUR_FIFTHS,
            )
        )
    return out
