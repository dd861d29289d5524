"""A rolling deploy and a rollback under steady load: no request fails, every node moves.

The load (4 clients, each at most 20 requests a second, reading pages and
filing stories through the API) runs through the balancer for the whole
time: the release step (checks, migration lint, migrate), the rolling
deploy of a new revision across the three nodes, and the rollback to the
one before.  Every answer carries the release that served it (``X-Release``)
and the node (``X-Served-By``), so the test sees each node serve the old
release, then the new, then the old again, and not one failed request.
"""

from __future__ import annotations

import time

import pytest

from deploy import deploy as deploy_tool
from deploy.loadgen import SteadyLoad
from deploy.releases import release_name
from tests.cluster.conftest import BASE_DIR, RunningCluster, next_revision
from tests.cluster.figures import record

pytestmark = [pytest.mark.system, pytest.mark.cluster]


def test_a_rolling_deploy_and_a_rollback_fail_no_request(running_cluster: RunningCluster) -> None:
    cluster = running_cluster
    old, new = cluster.revision, next_revision(cluster.revision)
    load = SteadyLoad(
        cluster.url,
        [*cluster.reading(), cluster.filing("Filed during a deploy")],
        threads=4, interval=0.05, duration=600, verify=cluster.verify,
    )  # fmt: skip
    with load:
        time.sleep(1)
        began = time.monotonic()
        deploy_tool.release(cluster.site, BASE_DIR, new)
        released = time.monotonic()
        deploy_tool.rolling(cluster.site, release_name(new))
        deployed = time.monotonic()
        deploy_tool.rolling(cluster.site, deploy_tool.previous_release(cluster.site))
        rolled_back = time.monotonic()
        time.sleep(1)
    summary = load.stop()

    assert summary.failures() == [], summary.describe()
    assert set(summary.statuses) == {"200", "201"}, summary.describe()  # pages read, stories filed
    for node in ("web1", "web2", "web3"):
        assert summary.releases_seen_by(node) == [old, new, old], node
    assert deploy_tool.deployed(cluster.site)[-2:] == [release_name(new), release_name(old)]
    assert cluster.site.current.resolve().name == release_name(old)
    record(
        "rolling_deploy",
        requests=len(summary.answers),
        failed=len(summary.failures()),
        release_seconds=round(released - began, 1),
        rolling_seconds=round(deployed - released, 1),
        rollback_seconds=round(rolled_back - deployed, 1),
    )
