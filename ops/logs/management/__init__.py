"""Management commands for the logs: reading the request log back."""
