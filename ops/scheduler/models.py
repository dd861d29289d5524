"""Leases: which process holds a role that only one may hold at a time, and until when."""

from __future__ import annotations

from django.db import models


class Lease(models.Model):
    name = models.CharField(max_length=64, primary_key=True)
    holder = models.CharField(max_length=200)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%H:%M:%S}"
