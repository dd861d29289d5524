"""Management commands for partner API keys."""
