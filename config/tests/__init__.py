"""Tests of the settings module and the configuration reference."""
