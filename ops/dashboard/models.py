"""One row per minute of traffic: the figures the ops dashboard draws."""

from __future__ import annotations

from django.db import models


class MinuteRollup(models.Model):
    """What the site served in one UTC minute, summed over every web process and node."""

    minute = models.DateTimeField(unique=True, help_text="The minute's start, UTC.")
    requests = models.PositiveIntegerField(default=0)
    server_errors = models.PositiveIntegerField(default=0, help_text="Responses 500-599.")
    client_errors = models.PositiveIntegerField(default=0, help_text="Responses 400-499.")
    duration_ms_total = models.FloatField(default=0.0)
    latency_buckets = models.JSONField(
        default=list, help_text="Request counts per latency bucket (ops.dashboard.latency)."
    )
    p50_ms = models.FloatField(null=True, blank=True)
    p95_ms = models.FloatField(null=True, blank=True)
    p99_ms = models.FloatField(null=True, blank=True)
    cache_hits = models.PositiveIntegerField(default=0)
    cache_misses = models.PositiveIntegerField(default=0)
    queue_ready = models.PositiveIntegerField(
        null=True, blank=True, help_text="Tasks waiting, sampled at the end of the minute."
    )
    queue_lag_seconds = models.FloatField(
        null=True, blank=True, help_text="Age of the oldest waiting task, sampled likewise."
    )
    routes = models.JSONField(
        default=dict, help_text="Per route name: [requests, total milliseconds]."
    )

    class Meta:
        ordering = ["minute"]

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M} UTC: {self.requests} requests"
