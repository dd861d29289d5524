"""`explain_queries`."""
