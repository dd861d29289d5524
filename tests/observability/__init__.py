"""Cross-app suites of the observability issue: logs, errors, metrics end to end."""
