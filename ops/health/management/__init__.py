"""Management commands of ops.health."""
