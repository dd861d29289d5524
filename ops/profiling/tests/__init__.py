"""Tests for ops.profiling."""
