"""``logreport``."""
