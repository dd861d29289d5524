"""Read /metrics as Prometheus would: parse the exposition and look up one sample."""

from __future__ import annotations

from django.test import Client
from prometheus_client.parser import text_string_to_metric_families


def scrape(
    client: Client | None = None, **headers: str
) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a scrape, by name and labels; fails the test unless the scrape is a 200."""
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200, response.content
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(name: str, **labels: str) -> float:
    """One sample's value now (0 if the series does not exist yet)."""
    return scrape().get((name, frozenset(labels.items())), 0.0)
