"""The one outbound HTTP client: timeouts, retries with backoff for idempotent calls, breakers."""
