"""Demo data for a fresh install: desks, a dozen staff and a few hundred stories."""
