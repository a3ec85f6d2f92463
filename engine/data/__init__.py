"""Datasets: import, immutable versions, profiling, contracts, recipes, personal data."""
