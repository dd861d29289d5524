"""Feature flags (django-waffle): targeting, the page cache, the admin and the documentation."""
