"""Hostile input: XSS and SQL-injection corpora, CSRF, and the checks that judge what comes back."""
