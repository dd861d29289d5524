"""The PURGE setting: short names or dotted paths, and a clear refusal when options are missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from ops.purge.backends import load_backend, purge_enabled
from ops.purge.backends.base import PurgeBackend
from ops.purge.backends.cloudflare import CloudflarePurge
from ops.purge.backends.fastly import FastlyPurge
from ops.purge.backends.nginx import NginxPurge
from ops.purge.backends.null import NullPurge
from ops.purge.config import purge_settings


class RecordingPurge(PurgeBackend):
    """A project's own backend, plugged in by dotted path."""

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout

    def purge(self, urls: list[str]) -> None:
        return None


def backend_for(settings: Settings, **values: str) -> PurgeBackend:
    settings.PURGE = purge_settings(**values)  # type: ignore[arg-type]
    return load_backend()


def test_it_purges_nothing_by_default(settings: Settings) -> None:
    assert isinstance(backend_for(settings, backend="none"), NullPurge)
    assert not purge_enabled()


def test_it_builds_each_named_backend(settings: Settings) -> None:
    nginx = backend_for(settings, backend="nginx", nginx_url="http://127.0.0.1:8080/")
    assert isinstance(nginx, NginxPurge)
    assert nginx.nodes == ["http://127.0.0.1:8080"]
    assert purge_enabled()
    cloudflare = backend_for(
        settings, backend="cloudflare", cloudflare_zone_id="z", cloudflare_api_token="t"
    )
    assert isinstance(cloudflare, CloudflarePurge)
    assert isinstance(backend_for(settings, backend="Fastly", fastly_api_token="t"), FastlyPurge)


def test_it_loads_a_backend_by_dotted_path(settings: Settings) -> None:
    path = f"{__name__}.RecordingPurge"

    backend = backend_for(settings, backend=path)

    assert isinstance(backend, RecordingPurge)
    assert backend.timeout == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"backend": "nginx"}, "PURGE_BACKEND=nginx needs PURGE_NGINX_URL"),
        ({"backend": "nginx", "nginx_url": "127.0.0.1:8080"}, "http\\(s\\)://"),
        (
            {"backend": "cloudflare"},
            "needs CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN \\(or CLOUDFLARE_API_TOKEN_FILE\\)",
        ),
        ({"backend": "cloudflare", "cloudflare_api_token": "t"}, "needs CLOUDFLARE_ZONE_ID$"),
        ({"backend": "fastly"}, "needs FASTLY_API_TOKEN \\(or FASTLY_API_TOKEN_FILE\\)"),
        ({"backend": "varnish"}, "must be one of none, nginx, cloudflare, fastly"),
        ({"backend": "none", "timeout": 0}, "PURGE_TIMEOUT_SECONDS must be more than 0"),
    ],
)
def test_it_refuses_incomplete_settings_and_names_the_variables(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        purge_settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("ops.purge.backends.nowhere.Purge", "cannot be imported"),
        ("ops.purge.backends.base.PurgeError", "is not a PurgeBackend subclass"),
    ],
)
def test_it_refuses_a_dotted_path_that_is_not_a_backend(
    settings: Settings, path: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        backend_for(settings, backend=path)
