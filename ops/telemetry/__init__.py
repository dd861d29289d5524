"""Measures each request and task once and hands the measurement to logs, metrics, rollups."""
