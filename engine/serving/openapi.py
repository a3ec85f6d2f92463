"""The OpenAPI 3.1 description of the scoring service (GET /openapi.json)."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}


def _answer(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema or _ERROR}},
    }


def openapi(stage: str) -> dict[str, Any]:
    refusals = {
        "401": _answer("No token, an unknown, expired or revoked token"),
        "403": _answer("The token may not call this model"),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Airlock scoring service",
            "version": "1",
            "description": f"Serves the {stage} version of each registered model. Every call "
            "but /healthz, /readyz and /openapi.json needs `Authorization: Bearer TOKEN` "
            "(`airlock serve token create`).",
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "column": {"type": ["string", "null"]},
                        "row": {"type": ["integer", "null"]},
                    },
                    "required": ["error"],
                },
                "Rows": {
                    "type": "object",
                    "properties": {"rows": {"type": "array", "items": {"type": "object"}}},
                    "required": ["rows"],
                },
                "Predictions": {
                    "type": "object",
                    "properties": {
                        "model": {"type": "string"},
                        "version": {"type": "string"},
                        "stage": {"type": "string"},
                        "request_id": {"type": "string"},
                        "predictions": {"type": "array"},
                        "probabilities": {"type": "array", "items": {"type": "object"}},
                        "unknown_categories": {"type": "array", "items": {"type": "object"}},
                        "out_of_range": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
        "security": [{"token": []}],
        "paths": {
            "/v1/models/{name}/predict": {
                "post": {
                    "summary": "Score rows with the served version of a model",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": {
                        "200": _answer("Predictions", {"$ref": "#/components/schemas/Predictions"}),
                        "404": _answer("No such model is served"),
                        "413": _answer("The body is over the limit"),
                        "422": _answer("The rows do not fit the model: the column and row named"),
                        "503": _answer("The model is taken out (its approval no longer holds)"),
                        **refusals,
                    },
                }
            },
            "/v1/models": {
                "get": {
                    "summary": "The served versions and their approval",
                    "responses": {"200": _answer("Served models", {"type": "object"}), **refusals},
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics",
                    "responses": {"200": {"description": "Prometheus text format"}, **refusals},
                }
            },
            "/healthz": {
                "get": {
                    "security": [],
                    "summary": "Alive",
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/readyz": {
                "get": {
                    "security": [],
                    "summary": "Serving at least one model",
                    "responses": {
                        "200": {"description": "ready"},
                        "503": {"description": "nothing served"},
                    },
                }
            },
        },
    }
