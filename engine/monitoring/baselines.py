"""Which reference a monitor run compares a batch with. Distributions change for reasons the
users name — the season, the economy, a new business rule — and a fixed training set is not
always the fair baseline:

    [baseline]
    mode = "fixed"       # the monitor's reference (the default)
    mode = "rolling"     # the `batches` batches before the checked one, taken together
    batches = 3
    mode = "seasonal"    # the batch `lag` batches before: the same month last year
    lag = 12

A dated annotation with `new_baseline` (a policy change) makes the first batch whose period
starts on or after its date the reference from then on; rolling and seasonal references
never reach back across it. A batch's period is the range of the monitor's `time_column` in
it, or the day the version was stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import ValidationError
from engine.monitoring.monitor_entities import Annotation

MODES = ("fixed", "rolling", "seasonal")


def parse_baseline(body: Any, where: str) -> dict[str, Any]:
    body = dict(body or {})
    mode = body.get("mode", "fixed")
    if mode not in MODES:
        raise ValidationError(f"{where}: baseline mode is one of {', '.join(MODES)}. Got {mode!r}.")
    unknown = set(body) - {"mode", "batches", "lag"}
    if unknown:
        raise ValidationError(
            f"{where}: the baseline has unknown fields: {', '.join(sorted(unknown))}."
        )
    out: dict[str, Any] = {"mode": mode}
    if mode == "rolling":
        out["batches"] = body.get("batches", 3)
        if not isinstance(out["batches"], int) or not 1 <= out["batches"] <= 120:
            raise ValidationError(f"{where}: a rolling baseline takes 1 to 120 batches.")
    if mode == "seasonal":
        out["lag"] = body.get("lag", 12)
        if not isinstance(out["lag"], int) or not 1 <= out["lag"] <= 120:
            raise ValidationError(
                f"{where}: a seasonal baseline's lag is 1 to 120 batches "
                "(12 for monthly batches: the same month last year)."
            )
    return out


def period(data: Any, actor: Any, version: Any, time_column: str | None) -> tuple[str, str]:
    """The first and last day a batch covers."""
    if not time_column:
        return version.created[:10], version.created[:10]
    if time_column not in {c["name"] for c in version.schema}:
        raise ValidationError(
            f"{version.ref} has no column {time_column!r}, the monitor's time_column."
        )
    column = data.read_table(actor, version, columns=[time_column]).column(0)
    if column.null_count == len(column):
        return version.created[:10], version.created[:10]
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        try:
            column = pc.strptime(column, format="%Y-%m-%d", unit="s", error_is_null=True)
        except pa.ArrowInvalid as exc:
            raise ValidationError(f"{time_column!r} in {version.ref} does not hold dates.") from exc
    bounds = pc.min_max(column)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is None or not hasattr(low, "isoformat"):
        raise ValidationError(f"{time_column!r} in {version.ref} does not hold dates.")
    return low.isoformat()[:10], high.isoformat()[:10]


@dataclass(frozen=True)
class Choice:
    reference: str  # a spec: NAME@V or NAME@A..B
    note: str  # why this reference, in words ("" for the monitor's fixed reference)


def choose(
    definition: dict[str, Any],
    versions: list[Any],
    periods: dict[str, tuple[str, str]],
    annotations: list[Annotation],
) -> Choice:
    """The reference for the last of `versions` (the current dataset's versions up to and
    including the checked one, oldest first)."""
    checked, before = versions[-1], versions[:-1]
    baseline = definition.get("baseline") or {"mode": "fixed"}
    start = periods.get(checked.ref, ("", ""))[0]
    resets = [a for a in annotations if a.new_baseline and a.date <= start]
    reset = max(resets, key=lambda a: a.date) if resets else None
    if reset is not None:  # batches from before the new baseline no longer count
        before = [v for v in before if periods.get(v.ref, ("", ""))[0] >= reset.date]
    why = f" (new baseline from {reset.date}: {reset.text})" if reset else ""
    if baseline["mode"] == "rolling" and before:
        picked = before[-baseline["batches"] :]
        spec = (
            picked[0].ref
            if len(picked) == 1
            else f"{checked.dataset}@{picked[0].version}..{picked[-1].version}"
        )
        return Choice(spec, f"rolling: the {len(picked)} batches before{why}")
    if baseline["mode"] == "seasonal":
        wanted = checked.version - baseline["lag"]
        match = [v for v in before if v.version == wanted]
        if match:
            return Choice(match[0].ref, f"seasonal: the batch {baseline['lag']} before{why}")
    if reset is not None:
        first = before[0] if before else checked
        note = "this batch is the new baseline" if first is checked else "new baseline"
        return Choice(first.ref, f"{note} from {reset.date}: {reset.text}")
    if baseline["mode"] != "fixed":
        return Choice(
            definition["reference"],
            f"{baseline['mode']}: no earlier batch yet; the monitor's reference",
        )
    return Choice(definition["reference"], "")
