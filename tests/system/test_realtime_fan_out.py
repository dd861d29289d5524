"""Two `realtime` nodes share one Redis: a change made by another process reaches both.

This is the production shape of the live budget board (docs/realtime.md):
two realtime processes, started as the Procfile starts them, on their own
ports; editors' browsers connected to either; the change made by a separate
process (``manage.py shell`` calling the service, as a web request or the
worker would).  The event travels only through the Redis channel layer (with
Redis configured the nodes do not poll), so both subscribers hearing it
proves the fan-out across nodes.  Redis is a throwaway redis-server of our
own, so the test runs (never skips) in every suite.
"""

from __future__ import annotations

import json
import re
import signal
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.servers import free_port, redis_server
from tests.system.processes import manage, process_env, procfile_command, running

pytestmark = pytest.mark.system

TIMEOUT = 10

SET_UP = """
import datetime
from django.contrib.auth import get_user_model
from django.test import Client
from newsbudget.accounts.roles import EDITOR, assign_role
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story

User = get_user_model()
desk = Desk.objects.create(name="News", slug="news")
editor = User.objects.create_user("night-editor", "night-editor@newsroom.test")
User.objects.filter(pk=editor.pk).update(has_2fa=True)  # as enrolling an authenticator does
assign_role(editor, EDITOR)
desk.staff.add(editor)
story = Story.objects.create(
    headline="Harbour plan", slug="harbour-plan", desk=desk, status="edited",
    budget_date=datetime.date(2026, 11, 23), created_by=editor,
)
client = Client()
client.force_login(User.objects.get(pk=editor.pk))
print("session", client.cookies["sessionid"].value, "story", story.pk)
"""

MOVE = """
import datetime
from django.contrib.auth import get_user_model
from newsbudget.budget.services import move_story
from newsbudget.stories.models import Story

editor = get_user_model().objects.get(username="night-editor")
story = Story.objects.get(slug="harbour-plan")
move_story(story=story, budget_date=datetime.date(2026, 11, 24), by=editor)
print("moved", story.pk)
"""


def subscribe(port: int, session: str) -> ClientConnection:
    return connect(
        f"ws://127.0.0.1:{port}/ws/budget/?since=0",
        additional_headers={"Cookie": f"sessionid={session}", "Origin": "http://127.0.0.1"},
        open_timeout=TIMEOUT,
        close_timeout=2,
    )


def next_message(socket: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(socket.recv(timeout=TIMEOUT))
    return message


def test_a_change_reaches_editors_on_both_nodes_through_redis(
    tmp_path: Path, process_database_url: str
) -> None:
    with redis_server() as redis_url, ExitStack() as stack:
        env = process_env(tmp_path, process_database_url, CACHE_URL=redis_url,
                          REALTIME_REDIS_URL=redis_url)  # fmt: skip
        manage(env, "migrate", "--noinput")
        found = re.search(r"session (\w+) story (\d+)", manage(env, "shell", "-c", SET_UP))
        assert found, "set-up printed no session"
        session, story_id = found.group(1), int(found.group(2))

        ports = [free_port(), free_port()]
        nodes = [
            stack.enter_context(
                running(
                    procfile_command("realtime"),
                    env | {"REALTIME_PORT": str(port)},
                    tmp_path / f"realtime-{port}.log",
                )
            )
            for port in ports
        ]
        for node, port in zip(nodes, ports, strict=True):
            node.wait_for(rf"Uvicorn running on http://127\.0\.0\.1:{port}", timeout=60)
        sockets = [stack.enter_context(subscribe(port, session)) for port in ports]

        assert "moved" in manage(env, "shell", "-c", MOVE)

        try:
            heard = [next_message(socket) for socket in sockets]
        except Exception as error:
            logs = "\n".join(node.output() for node in nodes)
            raise AssertionError(f"{error!r}; the nodes' logs:\n{logs}") from error
        expected = {
            "type": "story.changed", "seq": 1, "story": story_id,
            "days": ["2026-11-23", "2026-11-24"], "change": "moved",
        }  # fmt: skip
        assert heard == [expected, expected]
        for node in nodes:
            # uvicorn closes the sockets, then ends by the signal it was sent (-15).
            assert node.stop(timeout=20) in (0, -signal.SIGTERM), node.output()
            assert "Finished server process" in node.output()


def test_a_node_closes_a_socket_without_a_session_with_4403(
    tmp_path: Path, process_database_url: str
) -> None:
    with redis_server() as redis_url:
        env = process_env(tmp_path, process_database_url, CACHE_URL=redis_url,
                          REALTIME_REDIS_URL=redis_url)  # fmt: skip
        manage(env, "migrate", "--noinput")
        port = free_port()
        realtime = procfile_command("realtime")
        with running(realtime, env | {"REALTIME_PORT": str(port)}, tmp_path / "rt.log") as node:
            node.wait_for(rf"Uvicorn running on http://127\.0\.0\.1:{port}", timeout=60)
            with subscribe(port, "nosuchsession0000000000000000000") as socket:
                with pytest.raises(Exception) as closed:  # noqa: PT011 - websockets' ConnectionClosed
                    socket.recv(timeout=TIMEOUT)
                assert socket.close_code == 4403, closed.value
