"""Pooled connections work on a real PostgreSQL: psycopg's pool, and pgbouncer in transaction mode.

Each case runs the site's code in a fresh process (``manage.py shell``) with the
environment a deploy would set, against a PostgreSQL started for the test (and a
real pgbouncer in front of it, rendered from deploy/pgbouncer):

- with ``DATABASE_POOL_MAX_SIZE=2``, pages render and four threads' queries all
  succeed through a pool that PostgreSQL sees as at most two connections;
- through pgbouncer with ``DATABASE_PGBOUNCER=true``, a queryset's
  ``.iterator()`` (the ops dashboard's path) works even when pgbouncer hands
  the next statement to another server connection: without the setting the
  same code fails, because the server-side cursor it declared stays behind on
  the first server connection.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.pgbouncer.render import ConfigError, render_config
from tests.servers import PostgresServer, pgbouncer_server, running_postgres
from tests.system.conftest import copy_static
from tests.system.processes import BASE_DIR, manage, process_env

pytestmark = pytest.mark.system

POOLED = """
import json, threading
from django.db import connection, connections
from django.test import Client
from newsbudget.desks.models import Desk

Desk.objects.create(name="News", slug="news")
pages = [Client().get(path).status_code for path in ("/", "/desks/news/")]
counts = []

def read():
    for _query in range(10):
        counts.append(Desk.objects.count())
    connections.close_all()  # hands this thread's connection back to the pool

threads = [threading.Thread(target=read) for _thread in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND backend_type = 'client backend'"
    )
    seen = cursor.fetchone()[0]
print(json.dumps({"pool": connection.pool is not None, "pages": pages, "counts": counts,
                  "server_connections": seen}))
"""

ITERATE_THROUGH_PGBOUNCER = """
import datetime, json, psycopg
from django.conf import settings
from django.test import Client
from django.utils import timezone
from newsbudget.accounts.roles import ADMIN
from ops.dashboard.models import MinuteRollup
from tests.factories import staff_member

now = timezone.now().replace(second=0, microsecond=0)
MinuteRollup.objects.bulk_create((
    MinuteRollup(minute=now - datetime.timedelta(minutes=back), requests=back)
    for back in range(1, 6)
), ignore_conflicts=True)
rows = MinuteRollup.objects.order_by("minute").iterator(chunk_size=1)
first = next(rows)
# Another client opens a transaction: pgbouncer lends it the server connection this process
# just used, so this process's next statement runs on another server connection.
with psycopg.connect(BOUNCER_URL) as other:
    other.execute("SELECT 1")
    rest = list(rows)
staff = staff_member(ADMIN, username="ops-viewer")
client = Client()
client.force_login(staff)
print(json.dumps({"rows": 1 + len(rest), "dashboard": client.get("/ops/").status_code,
                  "server_side_cursors_off": settings.DATABASES["default"].get(
                      "DISABLE_SERVER_SIDE_CURSORS", False)}))
"""


def shell(env: dict[str, str], script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def last_json(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])


def migrated(tmp_path: Path, postgres: PostgresServer, static: Path) -> dict[str, str]:
    env = process_env(tmp_path, postgres.url, CACHE_URL="locmem://")
    manage(env, "migrate", "--noinput")  # migrations run on PostgreSQL itself, as `release` does
    copy_static(static, env)
    return env


def test_queries_and_pages_succeed_through_psycopgs_pool(
    tmp_path: Path, collected_static: Path
) -> None:
    with running_postgres() as postgres:
        env = migrated(tmp_path, postgres, collected_static)

        result = shell(
            {**env, "DATABASE_POOL_MAX_SIZE": "2", "DATABASE_POOL_MIN_SIZE": "1"}, POOLED
        )

    assert result.returncode == 0, result.stderr
    seen = last_json(result.stdout)
    assert seen["pool"] is True
    assert seen["pages"] == [200, 200]
    assert seen["counts"] == [1] * 40
    assert 1 <= seen["server_connections"] <= 2  # type: ignore[operator]


def test_iterator_works_through_pgbouncer_in_transaction_mode_only_with_the_setting(
    tmp_path: Path,
    collected_static: Path,
) -> None:
    with running_postgres() as postgres:
        env = migrated(tmp_path, postgres, collected_static)
        with pgbouncer_server(postgres, pool_size=2) as bouncer:
            through = {**env, "DATABASE_URL": bouncer.url}
            script = ITERATE_THROUGH_PGBOUNCER.replace("BOUNCER_URL", repr(bouncer.url))

            with_setting = shell({**through, "DATABASE_PGBOUNCER": "true"}, script)
            without = shell({**through, "DATABASE_PGBOUNCER": "false"}, script)

    assert with_setting.returncode == 0, with_setting.stderr
    assert last_json(with_setting.stdout) == {
        "rows": 5,
        "dashboard": 200,
        "server_side_cursors_off": True,
    }
    assert without.returncode != 0, "the server-side cursor should have been lost"
    assert "does not exist" in without.stderr


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"server": "db.internal"}, "server must be host:port"),
        ({"database": "news\nadmin_users = x"}, "database must be"),
        ({"pool_mode": "statement"}, "pool_mode must be session or transaction"),
        ({"default_pool_size": 0}, "default_pool_size must be 1 or more"),
    ],
)
def test_the_pgbouncer_renderer_refuses_values_that_would_change_the_config(
    override: dict[str, object], complaint: str
) -> None:
    arguments: dict[str, object] = {
        "listen_port": 6432, "server": "127.0.0.1:5432", "database": "newsbudget",
        "auth_file": "/etc/pgbouncer/userlist.txt", "run_dir": "/run/pgbouncer",
    }  # fmt: skip
    assert "pool_mode = transaction" in render_config(**arguments)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=complaint):
        render_config(**{**arguments, **override})  # type: ignore[arg-type]
