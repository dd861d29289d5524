"""Metering is exact when many clients use one key at once, through a real HTTP server.

Several client threads on PostgreSQL (``make test-postgres``).  pytest-django's
in-memory SQLite is one connection that the live server's threads would share,
and concurrent queries on it fail, so on SQLite one client makes every request
(the thread tests of ops/apikeys/tests/test_metering.py race the real cache).
"""

from __future__ import annotations

import threading
from http.client import HTTPConnection
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from newsbudget.api.tests.partners import issue
from ops.apikeys import metering
from ops.apikeys.models import KeyUsage

pytestmark = pytest.mark.system

THREADS, REQUESTS_EACH = 6, 15


def test_concurrent_keyed_requests_are_all_metered_with_their_bytes(
    live_server: Any, transactional_db: None
) -> None:
    clients = 1 if connection.vendor == "sqlite" else THREADS
    secret = issue().secret
    sizes: list[int] = []
    failures: list[BaseException] = []

    server = urlsplit(live_server.url)

    def client() -> None:
        connection = HTTPConnection(server.hostname or "", server.port, timeout=10)
        try:
            for _ in range(REQUESTS_EACH * THREADS // clients):
                connection.request(
                    "GET", "/api/v1/desks/", headers={"Authorization": f"Api-Key {secret}"}
                )
                response = connection.getresponse()
                assert response.status == 200
                sizes.append(len(response.read()))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    metering.flush(now=timezone.now())

    assert failures == []
    row = KeyUsage.objects.get()
    assert (row.endpoint, row.count, row.response_bytes) == (
        "desks",
        THREADS * REQUESTS_EACH,
        sum(sizes),
    )
