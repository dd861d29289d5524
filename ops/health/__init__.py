"""Liveness, readiness and draining for load balancers, and the external availability monitor."""
