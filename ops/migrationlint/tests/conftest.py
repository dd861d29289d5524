"""The ``sample_app`` fixture: an app whose migrations each test writes (see sample_app.py)."""

from ops.migrationlint.tests.sample_app import sample_app

__all__ = ["sample_app"]
