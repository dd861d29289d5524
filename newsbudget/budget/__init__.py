"""The daily budget: every story planned for a day, grouped by desk, and moves between days."""
