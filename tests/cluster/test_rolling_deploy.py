"""A rolling deploy and a rollback under steady load: no request fails, every node moves.

The load (4 clients, each at most 20 requests a second, reading pages and
filing stories through the API) runs through the balancer for the whole
time: the release step (checks, migration lint, migrate), the rolling
deploy of a new revision across the three nodes, and the rollback to the
one before.  Every answer carries the release that served it (``X-Release``)
and the node (``X-Served-By``), so the test sees each node serve the old
release, then the new, then the old again, and not one failed request.

The new release also changes the stylesheet, so its pages name a hashed
``site.css`` that nodes still on the old release lack: from the moment the
first node serves the new release until the last has moved, the balancer is
asked for that file, and every ask must succeed (a 404 from an old node is
tried again on another: the ``static`` backend's ``retry-on 404``).
"""

from __future__ import annotations

import ssl
import threading
import time

import httpx
import pytest

from deploy import deploy as deploy_tool
from deploy.loadgen import SteadyLoad
from deploy.releases import release_name
from tests.cluster.conftest import BASE_DIR, RunningCluster, hashed_static_url, next_revision
from tests.cluster.figures import record

pytestmark = [pytest.mark.system, pytest.mark.cluster]


class NewStylesheet(threading.Thread):
    """Asks the balancer for ``path`` once it serves a page of ``revision`` (before, no page
    names it), every 50 ms until stopped; the statuses it got."""

    def __init__(self, cluster: RunningCluster, revision: str, path: str) -> None:
        super().__init__(daemon=True)
        self.cluster, self.revision, self.path = cluster, revision, path
        self.statuses: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        trust = ssl.create_default_context(cafile=self.cluster.verify)
        with httpx.Client(base_url=self.cluster.url, verify=trust) as client:
            while not self.stopping.wait(0.05):
                if self.statuses or self.page_of_the_new_release(client):
                    self.statuses.append(client.get(self.path, timeout=10).status_code)

    def page_of_the_new_release(self, client: httpx.Client) -> bool:
        try:
            page = client.head("/", timeout=10)
        except httpx.HTTPError:
            return False
        return page.headers.get("X-Release") == self.revision

    def stop(self) -> list[int]:
        self.stopping.set()
        self.join(timeout=30)
        return self.statuses


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
        built = deploy_tool.release(cluster.site, BASE_DIR, new)
        released = time.monotonic()
        stylesheet = NewStylesheet(cluster, new, hashed_static_url(built, "css/site.css"))
        stylesheet.start()
        deploy_tool.rolling(cluster.site, release_name(new))
        deployed = time.monotonic()
        new_stylesheet = stylesheet.stop()
        deploy_tool.rolling(cluster.site, deploy_tool.previous_release(cluster.site))
        rolled_back = time.monotonic()
        time.sleep(1)
    summary = load.stop()

    assert summary.failures() == [], summary.describe()
    assert set(summary.statuses) == {"200", "201"}, summary.describe()  # pages read, stories filed
    assert len(new_stylesheet) > 10
    assert set(new_stylesheet) == {200}, new_stylesheet
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
        new_stylesheet_requests_during_rollout=len(new_stylesheet),
    )
