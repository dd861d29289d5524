"""Exact counters buffered in the shared cache and flushed to the database in per-window batches."""
