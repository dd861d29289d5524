"""pgbouncer in transaction mode between the app processes and PostgreSQL: its config renderer."""
