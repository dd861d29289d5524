"""Management commands of ops.scheduler."""
