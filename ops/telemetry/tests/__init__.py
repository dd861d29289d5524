"""Tests for ops.telemetry."""
