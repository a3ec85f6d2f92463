"""What deployment returns: a scoring run, a champion–challenger comparison, an exported
bundle and a trusted signing key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scored:
    """A file scored with a version (`airlock score`)."""

    version: str
    rows: int
    output: str
    columns: tuple[str, ...]  # the score columns written beside the input
    notes: tuple[str, ...]  # what the user should know: unseen categories, erased data
    unseen: Mapping[str, Mapping[str, int]]  # column → category never seen → rows
    out_of_range: Mapping[str, int]  # column → rows outside the training range
    extra_columns: tuple[str, ...]  # carried through, not used by the model
    kept: str | None  # the dataset version the scored rows were kept as
    seconds: float  # the model's own scoring time


@dataclass(frozen=True)
class Compared:
    """One side of a champion–challenger comparison."""

    version: str
    stage: str
    rows: int
    metrics: Mapping[str, float | None]


@dataclass(frozen=True)
class Comparison:
    dataset: str
    primary: str  # the metric that decides
    champion: Compared
    challenger: Compared
    winner: str | None  # None when the primary metric is missing on either side


@dataclass(frozen=True)
class ExportedBundle:
    version: str
    file: str
    sha256: str
    fingerprint: str  # the workspace key that signed it (plain hex)
    files: tuple[str, ...]


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str
    name: str
    added: str = ""
