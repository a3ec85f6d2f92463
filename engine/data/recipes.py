"""Applying a recipe to a table (pandas for row steps, scikit-learn for fitted column steps),
and compiling the column steps into a scikit-learn Pipeline so that training and scoring
apply exactly the same transformation."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa

from engine.data.recipe_model import DATE_PARTS, FEATURE_STEPS
from engine.errors import ValidationError
from engine.jobs import CancelToken, check


def _need(frame: pd.DataFrame, columns: list[str], where: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return
    hint = "Columns at this point: " + ", ".join(map(str, frame.columns))
    if any(not str(c).strip() for c in missing):  # the message once read "no column(s)  at"
        raise ValidationError(
            f"{where}: a column name is empty; choose the column the step works on.", hint=hint
        )
    names = ", ".join(repr(str(c)) for c in missing)
    raise ValidationError(
        f"{where}: there is no column {names} at this point of the recipe"
        if len(missing) == 1
        else f"{where}: there are no columns {names} at this point of the recipe",
        hint=hint,
    )


def feature_transformer(step: dict[str, Any]) -> Any:
    """The scikit-learn transformer of a fitted column step."""
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import (
        KBinsDiscretizer,
        MinMaxScaler,
        OneHotEncoder,
        OrdinalEncoder,
        RobustScaler,
        StandardScaler,
    )

    op = step["op"]
    if op == "impute":
        return SimpleImputer(strategy=step["strategy"], fill_value=step.get("value"))
    if op == "encode":
        if step.get("method", "onehot") == "ordinal":
            return OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
        return OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    if op == "scale":
        return {"standard": StandardScaler, "minmax": MinMaxScaler, "robust": RobustScaler}[
            step.get("method", "standard")
        ]()
    if op == "bin":
        return KBinsDiscretizer(
            n_bins=int(step["bins"]),
            encode="ordinal",
            strategy=step.get("strategy", "quantile"),
            quantile_method="averaged_inverted_cdf",
        )
    if op == "clip":
        from engine.data.transformers import QuantileClip

        return QuantileClip(
            step.get("lower"),
            step.get("upper"),
            step.get("lower_quantile"),
            step.get("upper_quantile"),
        )
    raise ValueError(op)


def _stage(step: dict[str, Any], columns: list[str], name: str) -> Any:
    from sklearn.compose import ColumnTransformer

    stage = ColumnTransformer(
        [(name, feature_transformer(step), columns)],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )
    return stage.set_output(transform="pandas")


def _columns_of(step: dict[str, Any]) -> list[str]:
    return list(step["columns"]) if "columns" in step else [step["column"]]


def compile_pipeline(recipe: dict[str, Any]) -> Any:
    """A scikit-learn Pipeline of the recipe's fitted column steps (impute, encode, scale,
    bin, clip), unfitted; the other steps shape the data before training."""
    from sklearn.pipeline import Pipeline

    stages = []
    for number, step in enumerate(recipe["steps"], 1):
        if step["op"] in FEATURE_STEPS:
            stages.append(
                (
                    f"{number}_{step['op']}",
                    _stage(step, _columns_of(step), f"{step['op']}_{number}"),
                )
            )
    if not stages:
        raise ValidationError(
            "This recipe has no column steps to compile (impute, encode, scale, bin, clip)."
        )
    return Pipeline(stages)


def apply_recipe(
    table: pa.Table,
    recipe: dict[str, Any],
    *,
    hash_key: bytes | None = None,
    cancel: CancelToken | None = None,
) -> tuple[pa.Table, list[dict[str, Any]]]:
    """Run every step in order; returns the new table and what each step did."""
    frame = table.to_pandas()
    log: list[dict[str, Any]] = []
    for number, step in enumerate(recipe["steps"], 1):
        check(cancel)
        where = f"Step {number} ({step['op']})"
        before = len(frame)
        frame = _ROW_STEPS.get(step["op"], _feature)(frame, step, where, hash_key)
        log.append(
            {"step": number, "op": step["op"], "rows_before": before, "rows_after": len(frame)}
        )
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    # Same physical types as imported data: plain strings, not pandas' large strings.
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields)), log


def _feature(
    frame: pd.DataFrame, step: dict[str, Any], where: str, _key: bytes | None
) -> pd.DataFrame:
    columns = _columns_of(step)
    _need(frame, columns, where)
    if step["op"] in ("scale", "bin", "clip") and not all(
        pd.api.types.is_numeric_dtype(frame[c]) for c in columns
    ):
        raise ValidationError(f"{where}: {step['op']} works on numeric columns only.")
    try:
        out = _stage(step, columns, step["op"]).fit_transform(frame)
    except ValueError as exc:
        raise ValidationError(f"{where} could not be applied: {exc}") from None
    return _in_original_order(out, list(frame.columns))


def _in_original_order(out: pd.DataFrame, before: list[str]) -> pd.DataFrame:
    """The ColumnTransformer puts transformed columns first; keep the user's column order,
    new columns (one-hot) where the column they replace was."""
    kept = set(out.columns)
    new = [c for c in out.columns if c not in set(before)]
    order: list[str] = []
    for column in before:
        if column in kept:
            order.append(column)
        elif new:
            order.extend(new)
            new = []
    return out[order + new]


def _select(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    _need(frame, step["columns"], where)
    return frame[step["columns"]]


def _drop(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    _need(frame, step["columns"], where)
    return frame.drop(columns=step["columns"])


def _rename(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    _need(frame, list(step["mapping"]), where)
    return frame.rename(columns=step["mapping"])


def _filter(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    _need(frame, [step["column"]], where)
    series, op, value = frame[step["column"]], step["operator"], step.get("value")
    masks: dict[str, Callable[[], Any]] = {
        "==": lambda: series == value,
        "!=": lambda: series != value,
        "<": lambda: series < value,
        "<=": lambda: series <= value,
        ">": lambda: series > value,
        ">=": lambda: series >= value,
        "in": lambda: series.isin(value or []),
        "not in": lambda: ~series.isin(value or []),
        "is null": series.isna,
        "not null": series.notna,
    }
    try:
        return frame[masks[op]().fillna(False).astype(bool)]
    except TypeError:
        raise ValidationError(
            f"{where}: cannot compare column {step['column']!r} with {value!r}."
        ) from None


def _cast(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    _need(frame, [step["column"]], where)
    out = frame.copy()
    column, to = step["column"], step["to"]
    try:
        if to == "datetime":
            out[column] = pd.to_datetime(out[column], errors="raise")
        else:
            out[column] = out[column].astype(
                {"integer": "Int64", "float": "float64", "string": "string", "boolean": "boolean"}[
                    to
                ]
            )
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"{where}: column {column!r} cannot become {to}: {exc}") from None
    return out


def _date_parts(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    column = step["column"]
    _need(frame, [column], where)
    values = pd.to_datetime(frame[column], errors="coerce")
    out = frame.copy()
    for part in step.get("parts", ["year", "month", "dayofweek"]):
        if part not in DATE_PARTS:
            continue
        attribute = {"dayofweek": "day_of_week"}.get(part, part)  # pandas' current name
        out[f"{column}_{part}"] = getattr(values.dt, attribute).astype("Int64")
    if step.get("drop", False):
        out = out.drop(columns=[column])
    return out


def _dedupe(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    columns = step.get("columns")
    if columns:
        _need(frame, columns, where)
    return frame.drop_duplicates(subset=columns)


def _split(frame: pd.DataFrame, step: dict[str, Any], where: str, _k: Any) -> pd.DataFrame:
    from sklearn.model_selection import train_test_split

    test, validation = step.get("test", 0.2), step.get("validation", 0.0)
    seed, target = step.get("seed", 0), step.get("column", "split")
    if target in frame.columns:
        raise ValidationError(
            f"{where} would overwrite the column {target!r} with the split labels.",
            hint="Name a new column with 'column', or drop the old one first.",
        )
    stratify_by = step.get("stratify")
    if stratify_by:
        _need(frame, [stratify_by], where)
    labels = pd.Series("train", index=frame.index, dtype="object")
    try:
        rest, test_idx = (
            train_test_split(
                frame.index,
                test_size=test,
                random_state=seed,
                stratify=frame[stratify_by] if stratify_by else None,
            )
            if test
            else (frame.index, [])
        )
        labels[test_idx] = "test"
        if validation:
            share = validation / (1 - test)
            _, val_idx = train_test_split(
                rest,
                test_size=share,
                random_state=seed,
                stratify=frame.loc[rest, stratify_by] if stratify_by else None,
            )
            labels[val_idx] = "validation"
    except ValueError as exc:
        raise ValidationError(
            f"{where} could not split the rows: {exc}",
            hint="A stratified split needs at least two rows of every class in each part.",
        ) from None
    out = frame.copy()
    out[target] = labels.values
    return out


def _mask(frame: pd.DataFrame, step: dict[str, Any], where: str, key: bytes | None) -> pd.DataFrame:
    column, method = step["column"], step["method"]
    _need(frame, [column], where)
    out = frame.copy()
    values = out[column]
    if method == "drop":
        return out.drop(columns=[column])
    if method == "hash":
        if key is None:
            raise ValidationError(f"{where}: hashing needs the workspace key.")
        base = hmac.new(key, digestmod=hashlib.sha256)  # keyed once, copied per value

        def keyed(v: Any) -> str | None:
            if pd.isna(v):
                return None
            mac = base.copy()
            mac.update(str(v).encode("utf-8"))
            return mac.hexdigest()[:32]

        out[column] = values.map(keyed)
    elif method == "redact":
        keep = int(step.get("keep_last", 0))
        out[column] = values.map(
            lambda v: (
                None
                if pd.isna(v)
                else "*" * max(len(str(v)) - keep, 3) + (str(v)[-keep:] if keep else "")
            )
        )
    else:  # generalise: numbers into bands, dates to a coarser unit
        if pd.api.types.is_numeric_dtype(values):
            width = float(step.get("width", 10))
            low = (values // width) * width
            out[column] = [None if pd.isna(a) else f"{a:g}-{a + width - 1:g}" for a in low]
        else:
            dates = pd.to_datetime(values, errors="coerce")
            unit = step.get("unit", "year")
            out[column] = (
                dates.dt.year.astype("Int64").astype("string")
                if unit == "year"
                else dates.dt.strftime("%Y-%m")
            )
    return out


_ROW_STEPS: dict[str, Callable[[pd.DataFrame, dict[str, Any], str, Any], pd.DataFrame]] = {
    "select": _select,
    "drop": _drop,
    "rename": _rename,
    "filter": _filter,
    "cast": _cast,
    "date_parts": _date_parts,
    "deduplicate": _dedupe,
    "split": _split,
    "mask": _mask,
}
