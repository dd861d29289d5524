"""``make bench``: measure one story page through every cache layer, on loopback.

A command, not a test: it starts its own stack (a throwaway database loaded
with the demo newsroom, gunicorn, nginx with the shipped config), drives it
with wrk, prints requests/s and p50/p99 latency for each layer, and writes the
figures, the machine they came from and a chart under ``bench/results/``.
docs/performance.md explains each scenario and keeps the reference result.
"""
