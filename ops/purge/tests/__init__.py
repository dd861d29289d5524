"""Tests of the purge backends (against a real local HTTP server), their settings and the task."""
