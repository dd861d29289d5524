"""Structured logs: one configuration for every process, secrets redacted, and the log report."""
