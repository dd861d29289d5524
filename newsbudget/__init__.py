"""The newsroom: desks, staff, stories, the daily budget, the public site and the API."""
