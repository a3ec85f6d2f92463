"""Airlock engine: the headless core (no Qt, no GUI, no network)."""

__version__ = "0.1.0"
