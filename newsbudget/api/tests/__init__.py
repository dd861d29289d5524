"""Tests of API v1, one file per endpoint or behaviour."""
