"""ops.health's commands: check_availability (the external availability monitor)."""
