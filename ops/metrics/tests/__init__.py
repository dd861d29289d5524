"""Tests for ops.metrics."""
