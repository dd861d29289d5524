"""Tests of the demo newsroom loader."""
