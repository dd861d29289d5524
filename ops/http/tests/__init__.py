"""Tests for ops.http."""
