"""Performance investigation: profiling one request for staff, the debug toolbar in development."""
