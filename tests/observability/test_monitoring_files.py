"""The shipped Grafana dashboard and Prometheus rules ask only for metrics the site exports.

Traffic of every kind (pages, a 404, a refused bot, a partner API call, a
task that succeeds and one that fails) is made first, so every family has
samples; then every metric name in every dashboard query and alert rule
must be in a real scrape, and every alert must point at a runbook section
that exists in docs/operations.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from newsbudget.api.tests.partners import issue, keyed
from ops.telemetry.tests.sample_tasks import fail, succeed

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy/grafana/newsbudget-dashboard.json"
ALERTS = ROOT / "deploy/prometheus/alerts.yml"
METRIC = re.compile(r"\bnewsbudget_[a-z_]+")
PROMETHEUS_OWN = {"up"}


@pytest.fixture
def exported(transactional_db: None) -> set[str]:
    """The name of every sample in a scrape, after traffic of every kind."""
    Client().get("/")
    Client().get("/no/such/page/")
    Client().get("/", HTTP_USER_AGENT="Bytespider")
    keyed(issue().secret).get("/api/v1/stories/")
    succeed.enqueue(1)
    fail.enqueue()
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    exposition = Client().get("/metrics").content.decode()
    return {line.split("{")[0].split(" ")[0] for line in exposition.splitlines() if line[:1] != "#"}


def queries_of_dashboard() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def rules() -> list[dict[str, Any]]:
    return [
        rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]
    ]


def heading_anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_every_dashboard_query_reads_exported_metrics(exported: set[str]) -> None:
    queries = queries_of_dashboard()

    assert len(queries) >= 12
    wanted = {name for query in queries for name in METRIC.findall(query)}
    assert wanted - exported == set()
    assert all(query.count("(") == query.count(")") for query in queries)


def test_the_dashboard_imports_with_a_chosen_prometheus() -> None:
    dashboard = json.loads(DASHBOARD.read_text())

    assert [item["name"] for item in dashboard["__inputs"]] == ["DS_PROMETHEUS"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    assert all(panel["datasource"]["uid"] == "${DS_PROMETHEUS}" for panel in dashboard["panels"])


def test_every_alert_reads_exported_metrics_and_has_a_runbook(exported: set[str]) -> None:
    anchors = heading_anchors((ROOT / "docs/operations.md").read_text())

    for rule in rules():
        names = set(METRIC.findall(rule["expr"])) or PROMETHEUS_OWN & set(
            re.findall(r"\w+", rule["expr"])
        )
        assert names, rule["alert"]
        assert names - exported - PROMETHEUS_OWN == set(), rule["alert"]
        assert rule["labels"]["severity"] in {"page", "ticket"}
        page, _, anchor = rule["annotations"]["runbook"].partition("#")
        assert page == "docs/operations.md"
        assert anchor in anchors, f"{rule['alert']}: no section #{anchor} in docs/operations.md"
