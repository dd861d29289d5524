"""Tests of the configuration helpers."""
