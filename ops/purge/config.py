"""The PURGE setting from environment values, checked so a half-configured backend cannot start.

Settings pass the raw values of PURGE_BACKEND and friends; this picks the
backend (a short name or a dotted path, like EMAIL_BACKEND), gathers the
options it needs and refuses, naming the variables, a backend whose options
are missing — e.g. Cloudflare without a zone or a token.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from ops.purge.backends import SHORT_NAMES


def purge_settings(
    *,
    backend: str,
    nginx_url: str = "",
    cloudflare_zone_id: str = "",
    cloudflare_api_token: str = "",
    fastly_api_token: str = "",
    timeout: float = 3,
) -> dict[str, Any]:
    """The ``PURGE`` setting.

    >>> purge_settings(backend="none")
    {'BACKEND': 'ops.purge.backends.null.NullPurge', 'OPTIONS': {'timeout': 3}}
    >>> purge_settings(backend="nginx", nginx_url="http://127.0.0.1:8080, http://10.0.0.2:8080")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'BACKEND': 'ops.purge.backends.nginx.NginxPurge',
     'OPTIONS': {'timeout': 3, 'urls': ['http://127.0.0.1:8080', 'http://10.0.0.2:8080']}}
    >>> purge_settings(backend="cloudflare", cloudflare_zone_id="z1")
    Traceback (most recent call last):
    ...
    django...: PURGE_BACKEND=cloudflare needs CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_TOKEN_FILE)
    """
    if timeout <= 0:
        raise ImproperlyConfigured(f"PURGE_TIMEOUT_SECONDS must be more than 0, got {timeout}")
    name = backend.strip()
    path = SHORT_NAMES.get(name.lower(), name)
    if "." not in path:
        raise ImproperlyConfigured(
            f"PURGE_BACKEND must be one of {', '.join(SHORT_NAMES)} or a dotted path to a "
            f"PurgeBackend class, got {backend!r}"
        )
    options: dict[str, Any] = {"timeout": timeout}
    # Secrets read from files (NAME_FILE) usually end with a newline.
    cloudflare_zone_id, cloudflare_api_token = (
        cloudflare_zone_id.strip(),
        cloudflare_api_token.strip(),
    )
    fastly_api_token = fastly_api_token.strip()
    if path == SHORT_NAMES["nginx"]:
        options["urls"] = nginx_nodes(nginx_url)
    elif path == SHORT_NAMES["cloudflare"]:
        require("cloudflare", CLOUDFLARE_ZONE_ID=cloudflare_zone_id,
                CLOUDFLARE_API_TOKEN=cloudflare_api_token)  # fmt: skip
        options.update(zone_id=cloudflare_zone_id, api_token=cloudflare_api_token)
    elif path == SHORT_NAMES["fastly"]:
        require("fastly", FASTLY_API_TOKEN=fastly_api_token)
        options["api_token"] = fastly_api_token
    return {"BACKEND": path, "OPTIONS": options}


def nginx_nodes(nginx_url: str) -> list[str]:
    nodes = [node.strip().rstrip("/") for node in nginx_url.split(",") if node.strip()]
    if not nodes:
        raise ImproperlyConfigured(
            "PURGE_BACKEND=nginx needs PURGE_NGINX_URL: the base URL of each nginx node, "
            "comma-separated (e.g. http://127.0.0.1:8080)"
        )
    for node in nodes:
        if not node.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"PURGE_NGINX_URL must list http(s):// base URLs, got {node!r}"
            )
    return nodes


def require(backend: str, **values: str) -> None:
    missing = [name for name, value in values.items() if not value]
    if missing:
        described = " and ".join(f"{name} (or {name}_FILE)" if "TOKEN" in name else name
                                 for name in missing)  # fmt: skip
        raise ImproperlyConfigured(f"PURGE_BACKEND={backend} needs {described}")
