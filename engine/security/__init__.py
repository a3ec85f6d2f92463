"""Cryptography, keys, users, roles. Imports nothing from the feature areas."""
