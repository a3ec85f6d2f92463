"""Monitoring: drift statistics and reports."""
