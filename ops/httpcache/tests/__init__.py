"""Tests of content versions, conditional GET and the page cache."""
