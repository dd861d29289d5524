"""Read replicas with a real streaming standby: who reads where, and what happens when it fails.

A primary (``wal_level=replica``) and a hot standby cloned from it with
``pg_basebackup -R`` stream on two free ports (``tests.servers``); the real
``web`` process runs with ``DATABASE_REPLICA_URLS`` pointing at the standby.
To *see* which server a page read from, the standby's replay is paused and the
story's headline changed on the primary: the standby still has the old
headline, so a page showing it was read from the replica, and a page showing
the new one from the primary.

Readers in this test carry a leftover ``messages`` cookie (as a visitor shown a
message does): it keeps them out of the page cache, which would answer without
any query, while they remain anonymous readers without a session.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

import psycopg
import pytest

from ops.dbrouting.middleware import COOKIE
from tests.servers import (
    PostgresServer,
    StandbyServer,
    free_port,
    running_replicated_postgres,
    wait_until_replayed,
)
from tests.system.conftest import copy_static
from tests.system.processes import Running, manage, process_env, procfile_command, running
from tests.system.test_nginx_cache import LIVE_HEADLINE, SEED, Editor, Reader, wait_for_site

pytestmark = pytest.mark.system

NEW_HEADLINE = "Harbour bridge reopens a week early"
MAX_LAG_SECONDS = 4
RECHECK_SECONDS = 5  # ops.dbrouting.health.RECHECK_SECONDS
LEFTOVER_MESSAGES = "messages=leftover"

WRITE_THEN_READ = """
import json
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from ops.dbrouting.decorators import replica_reads
from ops.dbrouting.state import current, routing_scope
from newsbudget.stories.models import Story

seen = []

@replica_reads
def view(request):
    story = Story.objects.get(pk=STORY_ID)
    seen.append([story.headline, story._state.db])
    Story.objects.filter(pk=STORY_ID).update(word_count=story.word_count + 1)
    again = Story.objects.get(pk=STORY_ID)
    seen.append([again.headline, again._state.db])
    return HttpResponse("ok")

request = RequestFactory().get("/stories/x/")
request.user = AnonymousUser()
with routing_scope():
    view(request)
print(json.dumps(seen))
"""


@dataclass
class Replicated:
    primary: PostgresServer
    standby: StandbyServer
    site: str
    web: Running
    story: dict[str, object]
    env: dict[str, str]

    @property
    def path(self) -> str:
        return f"/stories/{self.story['slug']}/"

    def headline(self, reader: Reader, *, pinned: bool = False) -> str:
        """The headline a reader (with the primary cookie if ``pinned``) is shown."""
        cookie = LEFTOVER_MESSAGES + (f"; {COOKIE}=1" if pinned else "")
        page = reader.get(self.path, Cookie=cookie)
        assert page.status == 200, f"{page.status}: {page.text[:300]}\n{self.web.output()[-3000:]}"
        found = re.search(r"<h1[^>]*>([^<]+)</h1>", page.text)
        assert found, page.text[:2000]
        return found.group(1).strip()


def on(server: PostgresServer, sql: LiteralString, *params: object) -> None:
    with psycopg.connect(server.url, autocommit=True) as connection:
        connection.execute(sql, params or None)


@contextlib.contextmanager
def replicated_site(
    tmp_path: Path, static: Path, *, max_lag_seconds: float
) -> Iterator[Replicated]:
    """Primary, paused standby, one web worker; the headline changed on the primary only."""
    with running_replicated_postgres() as (primary, standby):
        port = free_port()
        env = process_env(
            tmp_path,
            primary.url,
            PORT=str(port),
            WEB_CONCURRENCY="1",  # one process: one view of the replica's health
            SITE_URL=f"http://127.0.0.1:{port}",
            DATABASE_REPLICA_URLS=standby.url,
            DATABASE_REPLICA_MAX_LAG_SECONDS=str(max_lag_seconds),
            DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS="2",
        )
        manage(env, "migrate", "--noinput")  # on the primary; the standby replays it
        copy_static(static, env)
        seeded = manage(env, "shell", "--no-imports", "-c", SEED)
        story = json.loads(seeded.strip().splitlines()[-1])[LIVE_HEADLINE]

        with running(procfile_command("web"), env, tmp_path / "web.log") as web:
            web.wait_for(r"Listening at: http://127\.0\.0\.1:\d+", timeout=60)
            site = f"http://127.0.0.1:{port}"
            wait_for_site(Reader(site), timeout=60)
            # The standby's lag counts from its last replayed transaction: this one.
            on(primary, "CREATE TABLE replay_marker (at timestamptz DEFAULT now())")
            wait_until_replayed(primary, standby, timeout=30)
            on(standby, "SELECT pg_wal_replay_pause()")
            on(primary, "UPDATE stories_story SET headline = %s WHERE id = %s",
               NEW_HEADLINE, story["id"])  # fmt: skip
            yield Replicated(primary, standby, site, web, story, env)


def test_readers_read_from_the_replica_and_everyone_else_from_the_primary(
    tmp_path: Path,
    collected_static: Path,
) -> None:
    with replicated_site(tmp_path, collected_static, max_lag_seconds=600) as replicated:
        reader, editor = Reader(replicated.site), Editor(replicated.site)

        # A reader's page came from the replica: it still has the old headline.
        assert replicated.headline(reader) == LIVE_HEADLINE

        # A request that reads, writes, then reads: its later reads see the write (the primary).
        script = WRITE_THEN_READ.replace("STORY_ID", str(replicated.story["id"]))
        output = manage(replicated.env, "shell", "--no-imports", "-c", script)
        seen = json.loads(output.strip().splitlines()[-1])
        assert seen == [[LIVE_HEADLINE, "replica_0"], [NEW_HEADLINE, "default"]]

        # Staff, signed in: the public page and the admin both come from the primary.
        editor.sign_in()
        assert NEW_HEADLINE in editor.get(replicated.path).text
        admin = editor.get("/admin/stories/story/")
        assert admin.status == 200, admin.text[:500]
        assert NEW_HEADLINE in admin.text

        # Signing out wrote (the session): the client now reads from the primary for a while...
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', editor.get("/").text)
        assert token
        signed_out = editor.post("/accounts/logout/", {"csrfmiddlewaretoken": token.group(1)})
        assert signed_out.status in (200, 302), signed_out.text[:500]
        pins = [cookie for cookie in editor.jar if cookie.name == COOKIE]
        assert [cookie.value for cookie in pins] == ["1"]
        assert replicated.headline(reader, pinned=True) == NEW_HEADLINE
        # ... and nobody else does.
        assert replicated.headline(reader) == LIVE_HEADLINE


def test_a_lagging_or_stopped_replica_falls_back_to_the_primary_without_an_error(
    tmp_path: Path,
    collected_static: Path,
) -> None:
    with replicated_site(tmp_path, collected_static, max_lag_seconds=3) as replicated:
        reader = Reader(replicated.site)
        assert replicated.headline(reader) == LIVE_HEADLINE

        # Replay stays paused: past the allowed lag (seen at the next check), the primary.
        time.sleep(3 + RECHECK_SECONDS + 1)
        assert replicated.headline(reader) == NEW_HEADLINE
        replicated.web.wait_for(r"replica replica_0 not used for 5s: lagging", timeout=10)

        # Stopped: once it is tried again, it cannot be reached; still no 5xx, and it is logged.
        replicated.standby.stop()
        time.sleep(RECHECK_SECONDS + 1)
        started = time.monotonic()
        assert [replicated.headline(reader) for _request in range(5)] == [NEW_HEADLINE] * 5
        assert time.monotonic() - started < 10, "one connect timeout at most, then the primary"
        replicated.web.wait_for(r"replica replica_0 not used for 5s: unreachable", timeout=10)
