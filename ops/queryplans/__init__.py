"""Asking the database how it would run a query: the plan, its indexes, full scans and sorts."""
