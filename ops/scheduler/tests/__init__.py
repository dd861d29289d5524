"""Tests for ops.scheduler."""
