"""Airlock desktop application: PySide6 views over the engine's services (no business logic)."""
