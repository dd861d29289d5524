"""Reading configuration from the environment, strictly, and refusing unsafe production settings."""
