"""One local cluster (deploy/cluster.py) for the deploy and fault tests, started once per run.

It runs on free loopback ports in a temporary directory: PostgreSQL, Redis,
three gunicorn nodes, a worker, the scheduler and HAProxy, all under one
supervisord, on the release of this working tree (``git stash create``: the
checkout including uncommitted changes to tracked files, else ``HEAD``).  The
tests drive it only through what an operator has: HTTP through the balancer,
supervisorctl, the deploy tool, signals to processes it started.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy import cluster as local_cluster
from deploy import deploy as deploy_tool
from deploy.loadgen import Request
from deploy.site import Site, Supervisor

BASE_DIR = Path(__file__).resolve().parents[2]

SETUP_WRITER = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from newsbudget.accounts.roles import REPORTER, assign_role
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story
user, _ = get_user_model().objects.get_or_create(username="loadtest")
assign_role(user, REPORTER)
Desk.objects.order_by("pk").first().staff.add(user)
story = Story.objects.filter(status="live").order_by("pk").first()
print(Token.objects.get_or_create(user=user)[0].key, Desk.objects.order_by("pk").first().slug,
      story.desk.slug, story.slug)
"""


def git(*arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(BASE_DIR), *arguments],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip


def this_revision() -> str:
    """A commit of the working tree as it is (tracked files), without touching any ref."""
    return git("stash", "create") or git("rev-parse", "HEAD")


STYLESHEET = "static/css/site.css"


def next_revision(revision: str) -> str:
    """A new commit on top of ``revision``: the same code and one more line in the stylesheet,
    so the new release's hashed ``site.css`` is a file the old release lacks.  Made with git's
    plumbing (a throwaway index), so no branch, index or working file changes."""
    stylesheet = git("show", f"{revision}:{STYLESHEET}") + "\n/* The next release */\n"
    blob = subprocess.run(
        ["git", "-C", str(BASE_DIR), "hash-object", "-w", "--stdin"],
        input=stylesheet, capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        index = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        for command in (
            ["read-tree", revision],
            ["update-index", "--cacheinfo", f"100644,{blob},{STYLESHEET}"],
            ["write-tree"],
        ):
            tree = subprocess.run(
                ["git", "-C", str(BASE_DIR), *command],
                env=index, capture_output=True, text=True, check=True, timeout=60,
            ).stdout.strip()  # fmt: skip
    return git("commit-tree", tree, "-p", revision, "-m", "The next release")


def hashed_static_url(release: Path, name: str) -> str:
    """The URL of static file ``name`` in ``release`` (its collectstatic manifest's hashed name)."""
    manifest = json.loads((release / "var/static/staticfiles.json").read_text())
    return f"/static/{manifest['paths'][name]}"


@dataclass
class RunningCluster:
    cluster: local_cluster.Cluster
    site: Site
    revision: str
    token: str
    desk: str
    desk_front: str
    story_page: str

    @property
    def url(self) -> str:
        return self.cluster.url

    @property
    def verify(self) -> str:
        return str(self.cluster.ca_file)

    @property
    def supervisor(self) -> Supervisor:
        return Supervisor(self.cluster.supervisor_config)

    def manage(self, *arguments: str) -> str:
        return deploy_tool.manage(self.site, self.site.current.resolve(), *arguments)

    def reading(self) -> list[Request]:
        """What readers ask for: the home page, a desk front, a story."""
        return [
            Request("GET", "/"),
            Request("GET", self.story_page),
            Request("GET", self.desk_front),
            Request("HEAD", "/"),
        ]

    def filing(self, headline: str) -> Request:
        """A reporter filing a story through the API; each one a new headline."""
        numbers = itertools.count(1)

        def story() -> dict[str, object]:
            return {"desk": self.desk, "headline": f"{headline} {next(numbers)}",
                    "budget_date": "2026-12-24"}  # fmt: skip

        return Request("POST", "/api/v1/stories/", json=story,
                       headers={"Authorization": f"Token {self.token}"})  # fmt: skip


@pytest.fixture(scope="session")
def running_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCluster]:
    root = tmp_path_factory.mktemp("cluster")
    revision = this_revision()
    try:
        cluster = local_cluster.start(root, nodes=3, port=None, revision=revision, demo=True)
        site = Site.load(cluster.site_file)
        token, desk, story_desk, story_slug = deploy_tool.manage(
            site, site.current.resolve(), "shell", "-c", SETUP_WRITER
        ).split()[-4:]
        yield RunningCluster(
            cluster, site, revision, token, desk, f"/desks/{story_desk}/", f"/stories/{story_slug}/"
        )
    finally:
        local_cluster.remove(root)
