"""Declarative pipelines, their runner and their triggers (inbox files, schedules)."""
