"""``scheduler``: the Procfile's scheduler process."""
