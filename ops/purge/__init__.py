"""Purging changed pages from an upstream cache (nginx, a CDN) through a pluggable backend."""
