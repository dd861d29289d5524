"""Tests for ops.errors."""
