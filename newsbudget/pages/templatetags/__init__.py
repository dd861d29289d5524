"""Template tags for the editorial pages and the site's footer."""
