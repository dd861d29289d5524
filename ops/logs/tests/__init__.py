"""Tests for ops.logs."""
