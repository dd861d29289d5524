"""Error tracking: Sentry when configured, else an embedded tracker grouping exceptions."""
