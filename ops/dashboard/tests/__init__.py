"""Tests for ops.dashboard."""
