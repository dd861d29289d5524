"""Tests of reading query plans on SQLite and PostgreSQL."""
