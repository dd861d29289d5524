"""Tests for partner API keys: issuing, authenticating, limits, metering and usage."""
