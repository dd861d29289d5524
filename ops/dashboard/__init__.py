"""Per-minute rollups of the site's traffic, written by the scheduler, drawn as charts for staff."""
