"""Desk reports: a desk's stories over a range of days, built in the background for its editors."""
