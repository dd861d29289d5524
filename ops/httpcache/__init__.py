"""HTTP caching for public pages: content versions, conditional GET, and an anonymous page cache."""
