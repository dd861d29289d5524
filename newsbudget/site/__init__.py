"""The public site readers see: home page, desk fronts, story pages and feeds; Live stories only."""
