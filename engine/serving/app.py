"""The HTTP API of `airlock serve` (Starlette): predictions, the served versions, health,
readiness, metrics and an OpenAPI description. Every refusal is a JSON body with a message
(never a traceback); every call but /healthz, /readyz and /openapi.json needs an API token."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client import Counter as Count
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.serving.inputs import InputError, check_rows, rows_from_csv, rows_from_json
from engine.serving.openapi import openapi
from engine.serving.predlog import PredictionLog
from engine.serving.served import Catalogue, Served
from engine.serving.tokens import ApiToken, find

INLINE_ROWS = 64  # up to this many rows are scored on the event loop (no thread hand-off)


@dataclass
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 10_000


@dataclass
class ServingState:
    catalogue: Catalogue
    log: PredictionLog
    clock: Any
    limits: Limits = field(default_factory=Limits)
    tokens: dict[str, ApiToken] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)
    # (model, version) -> [requests, errors] answered since the start (serving/status.py)
    totals: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        labels = ("model", "version")
        r = self.registry
        self.requests = Count(
            "airlock_requests", "Prediction requests", (*labels, "status"), registry=r
        )
        self.latency = Histogram(
            "airlock_request_seconds",
            "Time to answer a prediction request",
            labels,
            buckets=(0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=r,
        )
        self.rows = Count("airlock_rows", "Rows scored", labels, registry=r)
        self.unknown = Count(
            "airlock_unknown_categories", "Values of categories never seen", labels, registry=r
        )
        self.refusals = Count("airlock_refused", "Refused calls", ("reason",), registry=r)


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def build_app(state: ServingState) -> Starlette:
    stage = state.catalogue.stage
    marked = {"X-Airlock-Stage": stage}

    def refuse(status: int, reason: str, message: str) -> JSONResponse:
        state.refused[reason] += 1
        state.refusals.labels(reason).inc()
        return error(status, message)

    def tally(model: str, version: str, *, failed: bool) -> None:
        counts = state.totals.setdefault((model, version), [0, 0])
        counts[0] += 1
        counts[1] += failed

    def token_of(request: Request) -> ApiToken | JSONResponse:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            return refuse(401, "no token", "Send an API token: Authorization: Bearer TOKEN.")
        token = find(state.tokens, header[7:].strip())
        if token is None:
            return refuse(401, "unknown token", "The API token is not known here.")
        now: datetime = state.clock()
        if token.revoked is not None:
            return refuse(401, "revoked token", f"The API token {token.name} was revoked.")
        if not token.live(now):
            return refuse(401, "expired token", f"The API token {token.name} has expired.")
        return token

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "stage": stage}, headers=marked)

    async def readyz(_request: Request) -> Response:
        served = [m for m in state.catalogue.models.values() if isinstance(m, Served)]
        body = {"ready": bool(served), "stage": stage, "served": [m.ref for m in served]}
        return JSONResponse(body, status_code=200 if served else 503, headers=marked)

    async def metrics(request: Request) -> Response:
        found = token_of(request)
        if isinstance(found, JSONResponse):
            return found
        registry = state.registry
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # --workers: every worker's figures
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    async def models(request: Request) -> Response:
        found = token_of(request)
        if isinstance(found, JSONResponse):
            return found
        listed = []
        for entry in state.catalogue.models.values():
            if not found.allows(entry.name):
                continue
            if isinstance(entry, Served):
                listed.append(
                    {
                        "model": entry.name,
                        "version": entry.ref,
                        "stage": stage,
                        "status": "serving",
                        "approval": "holds" if stage == "production" else "not required",
                        "inputs": [c["name"] for c in entry.version.signature["inputs"]],
                    }
                )
            else:
                listed.append(
                    {"model": entry.name, "stage": stage, "status": "out", "reason": entry.reason}
                )
        return JSONResponse({"stage": stage, "models": listed}, headers=marked)

    async def predict(request: Request) -> Response:
        started = time.perf_counter()
        found = token_of(request)
        if isinstance(found, JSONResponse):
            return found
        name = request.path_params["name"]
        if not found.allows(name):
            return refuse(403, "wrong model", f"The API token {found.name} may not call {name}.")
        entry = state.catalogue.get(name)
        if entry is None:
            return error(404, f"No model {name!r} is served here.")
        if not isinstance(entry, Served):
            tally(entry.name, "", failed=True)
            return error(503, f"{entry.name} is not served: {entry.reason}", headers=marked)
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > state.limits.max_bytes:
            return error(413, f"The body is over {state.limits.max_bytes:,} bytes.")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > state.limits.max_bytes:
                return error(413, f"The body is over {state.limits.max_bytes:,} bytes.")
        try:
            rows = _rows(request.headers.get("content-type", ""), bytes(body), state.limits)
            if len(rows) <= INLINE_ROWS:
                answer = _score(entry, rows)
            else:
                answer = await run_in_threadpool(_score, entry, rows)
        except InputError as exc:
            state.requests.labels(entry.name, entry.ref, "422").inc()
            tally(entry.name, entry.ref, failed=True)
            return error(422, exc.message, column=exc.column, row=exc.row)
        request_id = os.urandom(8).hex()
        body_out, logged = answer
        stamp = state.clock().isoformat(timespec="milliseconds")
        single = len(logged) == 1
        for number, row in enumerate(logged, 1):
            row["request_id"], row["time"], row["version"] = request_id, stamp, entry.ref
            # what a label that arrives later names: the request, or its row in a batch
            row["prediction_id"] = request_id if single else f"{request_id}-{number}"
        state.log.add(entry.name, logged)
        state.rows.labels(entry.name, entry.ref).inc(len(logged))
        if body_out["unknown_categories"]:
            state.unknown.labels(entry.name, entry.ref).inc(len(body_out["unknown_categories"]))
        state.requests.labels(entry.name, entry.ref, "200").inc()
        tally(entry.name, entry.ref, failed=False)
        state.latency.labels(entry.name, entry.ref).observe(time.perf_counter() - started)
        return JSONResponse(
            {
                "model": entry.name,
                "version": entry.ref,
                "stage": stage,
                "request_id": request_id,
                **body_out,
            },
            headers={**marked, "X-Request-Id": request_id},
        )

    async def spec(_request: Request) -> Response:
        return JSONResponse(openapi(stage))

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route("/openapi.json", spec),
            Route("/v1/models", models),
            Route("/v1/models/{name}/predict", predict, methods=["POST"]),
        ],
        exception_handlers={404: _not_found, 405: _not_allowed},
    )


async def _not_found(_request: Request, _exc: Exception) -> Response:
    return error(404, "There is no such endpoint. GET /openapi.json describes the API.")


async def _not_allowed(request: Request, _exc: Exception) -> Response:
    return error(405, f"{request.method} is not allowed here. GET /openapi.json lists the calls.")


def _rows(kind: str, body: bytes, limits: Limits) -> list[dict[str, Any]]:
    if not body:
        raise InputError('The body is empty: send JSON {"rows": [...]} or CSV with a header.')
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("The body is not UTF-8 text.") from None
    if kind.split(";")[0].strip().lower() == "text/csv":
        return rows_from_csv(text, limits.max_rows)
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise InputError(f"The body is not valid JSON: {exc}.") from None
    return rows_from_json(parsed, limits.max_rows)


def _score(
    entry: Served, rows: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    signature = entry.version.signature
    checked = check_rows(rows, signature)
    if entry.fast is not None:
        raw_predictions, proba = entry.fast.predict(checked)
    else:
        frame = checked.frame()
        raw_predictions = entry.model.predict(frame)
        proba = None
        if signature["output"]["task"] != "regression" and hasattr(entry.model, "predict_proba"):
            proba = np.asarray(entry.model.predict_proba(frame), dtype=float)
    predictions = [_plain(v) for v in raw_predictions]
    probabilities = None
    if proba is not None:
        classes = [str(_plain(c)) for c in entry.classes]
        probabilities = [dict(zip(classes, map(float, p), strict=True)) for p in proba]
    logged = checked.records()
    for index, row in enumerate(logged):
        row["prediction"] = predictions[index]
        if probabilities is not None:
            row.update({f"probability_{c}": p for c, p in probabilities[index].items()})
    body = {
        "predictions": predictions,
        **({"probabilities": probabilities} if probabilities is not None else {}),
        "unknown_categories": checked.unknown,
        "out_of_range": checked.out_of_range,
    }
    return body, logged


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN: an empty cell
        return None
    return value
