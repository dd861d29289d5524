"""Finds stories: full-text search with ranking, snippets, filters, facets and distance."""
