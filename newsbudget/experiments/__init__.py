"""Tests alternative headlines of Live stories on the fronts, and declares the one readers click."""
