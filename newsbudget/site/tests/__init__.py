"""Tests of the public site: what an anonymous reader (and a logged-in member of staff) sees."""
