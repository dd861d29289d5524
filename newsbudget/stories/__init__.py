"""Stories and their editorial workflow, from idea to archive."""
