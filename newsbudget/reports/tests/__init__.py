"""Tests of desk reports: asking for one, building it into storage, its contents, downloading it."""
