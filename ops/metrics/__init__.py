"""Prometheus metrics: the instruments, /metrics and who may read it, summed over processes."""
