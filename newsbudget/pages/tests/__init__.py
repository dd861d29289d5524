"""Tests for the editorial pages."""
