"""scikit-learn transformers of Airlock's own, for recipe steps that need one. Model files
(skops) may hold these types: engine/training/modelio.py allows this module."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin


class QuantileClip(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Clip numbers to fixed bounds, or to quantiles measured when fitted, so that training
    and scoring clip at the same, learned values."""

    def __init__(
        self,
        lower: Any = None,
        upper: Any = None,
        lower_quantile: float | None = None,
        upper_quantile: float | None = None,
    ) -> None:
        self.lower = lower
        self.upper = upper
        self.lower_quantile = lower_quantile
        self.upper_quantile = upper_quantile

    def fit(self, X: Any, y: Any = None) -> QuantileClip:
        frame = pd.DataFrame(X)
        self.n_features_in_ = frame.shape[1]
        if hasattr(X, "columns"):
            self.feature_names_in_ = np.asarray([str(c) for c in X.columns], dtype=object)
        self.lower_ = (
            frame.quantile(self.lower_quantile).to_numpy(dtype=float)
            if self.lower_quantile is not None
            else self.lower
        )
        self.upper_ = (
            frame.quantile(self.upper_quantile).to_numpy(dtype=float)
            if self.upper_quantile is not None
            else self.upper
        )
        return self

    def transform(self, X: Any) -> Any:
        frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X)
        return frame.clip(lower=self.lower_, upper=self.upper_, axis=1)
