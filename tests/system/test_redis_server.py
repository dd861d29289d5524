"""``redis_server()`` starts a private, throwaway Redis on loopback and stops exactly that one.

The Redis runs of the suite depend on it: a password so no other local user
can plant pickles in the cache, nothing written to disk, and on exit no server
left running and no directory left behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from tests import servers
from tests.servers import ServerUnavailable, redis_server

pytestmark = pytest.mark.system


def test_it_answers_on_loopback_with_its_password() -> None:
    with redis_server() as url:
        client = redis.Redis.from_url(url)
        assert client.ping() is True
        assert client.config_get("bind") == {"bind": "127.0.0.1"}
        assert client.config_get("save") == {"save": ""}
        assert client.config_get("appendonly") == {"appendonly": "no"}
        assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        client.close()


def test_it_refuses_a_client_without_the_password() -> None:
    with redis_server() as url:
        anonymous = redis.Redis.from_url("redis://" + url.rsplit("@", 1)[1])
        with pytest.raises(redis.AuthenticationError):
            anonymous.ping()
        anonymous.close()


def test_it_stops_the_server_and_removes_its_directory() -> None:
    with redis_server() as url:
        client = redis.Redis.from_url(url)
        directory = Path(str(client.config_get("dir")["dir"]))
        client.close()
        assert directory.is_dir()

    assert not directory.exists()
    gone = redis.Redis.from_url(url, socket_connect_timeout=1)
    with pytest.raises(redis.ConnectionError):
        gone.ping()


def test_it_says_to_run_ensure_servers_when_redis_server_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(servers, "REDIS_SERVER", tmp_path / "redis-server")

    with pytest.raises(ServerUnavailable, match=r"run scripts/ensure-servers"), redis_server():
        pass
