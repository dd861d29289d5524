"""Tests for ops.health."""
