"""Render newsbudget's nginx config (reverse proxy, microcache, purge) from the shipped template.

``newsbudget.conf.template`` beside this file is plain nginx with a few names
in double braces; this module fills them in and checks each value first, so a
stray ``;`` or space in an argument cannot change the config's meaning.  The
result is a complete ``nginx.conf`` that runs in the foreground as any user:
its pid file, temp files and access log live in ``run_dir``, its cache in
``cache_dir``, errors go to stderr.  Run it with::

    python deploy/nginx/render.py --listen-port 8080 --upstream 127.0.0.1:8000 \\
        --cache-dir /srv/newsbudget/nginx/cache --run-dir /srv/newsbudget/nginx \\
        --static-root /srv/newsbudget/static --output /srv/newsbudget/nginx/nginx.conf
    nginx -p /srv/newsbudget/nginx -c /srv/newsbudget/nginx/nginx.conf

docs/caching.md explains what the config does and why.  The tests render it
the same way (tests/system/test_nginx_cache.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).with_name("newsbudget.conf.template")
JS_MODULE = "/usr/lib/nginx/modules/ngx_http_js_module.so"
PURGE_SCRIPT = Path(__file__).with_name("purge.js")
MIME_TYPES = "/etc/nginx/mime.types"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# Characters that would end a directive, open a block, or split an argument.
UNSAFE = re.compile(r"[\s;{}'\"#$\\]")
UPSTREAM = re.compile(r"(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}|unix:/\S+")
SIZE = re.compile(r"[0-9]+[kKmMgG]?")
COOKIE_NAME = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(ValueError):
    """A value that cannot go into the config; the message names the argument."""


def render_config(
    *,
    listen_port: int,
    upstreams: Sequence[str],
    cache_dir: str,
    realtime_upstreams: Sequence[str] = (),
    static_root: str | None = None,
    run_dir: str | None = None,
    listen_address: str = "127.0.0.1",
    server_name: str = "_",
    public_port: int | None = None,
    behind_proxy: bool = False,
    purge_allow: Sequence[str] = ("127.0.0.1", "::1"),
    session_cookie: str = "sessionid",
    cache_max_size: str = "1g",
    keys_zone_size: str = "32m",
    client_max_body_size: str = "2m",
    worker_processes: str = "auto",
    user: str | None = None,
    js_module: str = JS_MODULE,
    mime_types: str = MIME_TYPES,
) -> str:
    """The complete nginx.conf for these settings.

    ``upstreams`` are gunicorn nodes as ``host:port`` (or ``unix:/path``);
    ``realtime_upstreams`` the realtime (uvicorn) nodes that /ws/ goes to, as
    WebSockets, never cached (none: no /ws/ location, the board works by reload).
    ``run_dir`` (default: the directory holding ``cache_dir``) holds the pid
    file, temp files and access log.  ``static_root`` given: nginx serves
    /static/ from it (collectstatic's output) with far-future headers for
    hashed names; otherwise /static/ goes to WhiteNoise through the cache.
    ``public_port`` is the port readers use (default ``listen_port``): the app
    sees it in ``Host`` to build absolute links.  ``behind_proxy`` trusts an
    outer balancer's X-Forwarded-Proto and appends to its X-Forwarded-For;
    otherwise nginx is the edge and overwrites both.  ``user`` is only for a
    master started as root (nginx then drops its workers to that user).
    """
    port = checked_port("listen_port", listen_port)
    shown_port = checked_port("public_port", public_port if public_port else listen_port)
    if not upstreams:
        raise ConfigError("upstreams: give at least one gunicorn node as host:port")
    for upstream in [*upstreams, *realtime_upstreams]:
        if not UPSTREAM.fullmatch(upstream):
            raise ConfigError(f"upstreams: {upstream!r} is not host:port or unix:/path")
    run = run_dir if run_dir is not None else str(Path(cache_dir).parent)
    values = {
        "js_module": checked_path("js_module", js_module),
        "purge_script": checked_path("purge_script", str(PURGE_SCRIPT.resolve())),
        "user_directive": f"user {checked_word('user', user)};" if user else "",
        "worker_processes": checked_word("worker_processes", worker_processes),
        "run_dir": checked_path("run_dir", run),
        "mime_types": checked_path("mime_types", mime_types),
        "cache_dir": checked_path("cache_dir", cache_dir),
        "keys_zone_size": checked_size("keys_zone_size", keys_zone_size),
        "cache_max_size": checked_size("cache_max_size", cache_max_size),
        "session_cookie": checked_cookie(session_cookie),
        "forwarded_maps": forwarded_maps(behind_proxy=behind_proxy),
        "upstream_servers": "\n".join(
            f"        server {upstream} max_fails=1 fail_timeout=10s;" for upstream in upstreams
        ),
        "listen_address": listen_host(listen_address),
        "listen_port": str(port),
        "server_name": checked_word("server_name", server_name),
        "client_max_body_size": checked_size("client_max_body_size", client_max_body_size),
        "upstream_host": "$host" if shown_port in (80, 443) else f"$host:{shown_port}",
        "static_locations": static_locations(static_root),
        "realtime_upstream": realtime_upstream(realtime_upstreams),
        "realtime_location": REALTIME_LOCATION if realtime_upstreams else "",
        "purge_allow": "\n".join(
            f"            allow {checked_word('purge_allow', address)};" for address in purge_allow
        ),
    }
    return fill(TEMPLATE.read_text(), values)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace each ``{{name}}``; a name without a value (or a value never used) is a bug."""
    used = set(PLACEHOLDER.findall(template))
    if used != set(values):
        raise ConfigError(f"template and values disagree: {sorted(used ^ set(values))}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def checked_port(name: str, port: int) -> int:
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name}: {port} is not a TCP port")
    return port


def checked_word(name: str, value: str) -> str:
    """A single nginx argument: no spaces, quotes, semicolons, braces or variables."""
    if not value or UNSAFE.search(value):
        raise ConfigError(f"{name}: {value!r} must be one word without ;{{}}$#, quotes or spaces")
    return value


def checked_path(name: str, value: str) -> str:
    if not value.startswith("/"):
        raise ConfigError(f"{name}: {value!r} must be an absolute path")
    return checked_word(name, value.rstrip("/") or "/")


def checked_size(name: str, value: str) -> str:
    if not SIZE.fullmatch(value):
        raise ConfigError(f"{name}: {value!r} must be a size such as 512k, 2m or 1g")
    return value


def checked_cookie(value: str) -> str:
    if not COOKIE_NAME.fullmatch(value):
        raise ConfigError(f"session_cookie: {value!r} must be letters, digits, _ or -")
    return value


def listen_host(address: str) -> str:
    """An IPv4 address or host as is; an IPv6 address in brackets."""
    checked_word("listen_address", address)
    if ":" in address and not address.startswith("["):
        return f"[{address}]"
    return address


def forwarded_maps(*, behind_proxy: bool) -> str:
    """$nb_proto and $nb_forwarded_for: this hop's view, or the trusted balancer's."""
    if behind_proxy:
        return (
            "# Behind a trusted balancer: keep the scheme it saw and append to its chain.\n"
            "    map $http_x_forwarded_proto $nb_proto {\n"
            "        default $scheme;\n"
            "        https https;\n"
            "        http http;\n"
            "    }\n"
            "    map $remote_addr $nb_forwarded_for {\n"
            "        default $proxy_add_x_forwarded_for;\n"
            "    }"
        )
    return (
        "# nginx is the edge: what clients claim in X-Forwarded-* is overwritten.\n"
        "    map $scheme $nb_proto {\n"
        "        default $scheme;\n"
        "    }\n"
        "    map $remote_addr $nb_forwarded_for {\n"
        "        default $remote_addr;\n"
        "    }"
    )


def static_locations(static_root: str | None) -> str:
    """/static/ from disk with far-future headers for hashed names, or from WhiteNoise via cache."""
    if static_root is None:
        return (
            "        # Static files from the app (WhiteNoise), kept for as long as its\n"
            "        # headers allow; no static file is personal, so cookies do not bypass.\n"
            "        location /static/ {\n"
            "            proxy_pass http://newsbudget_web;\n"
            "            # A node on an older release lacks a newer page's hashed files\n"
            "            # during a rolling deploy: ask the next node.\n"
            "            proxy_next_upstream error timeout http_404 http_502 http_503;\n"
            "            proxy_next_upstream_tries 3;\n"
            "            proxy_cache newsbudget;\n"
            "            proxy_cache_key $nb_proto://$host$uri;\n"
            "            proxy_ignore_headers Vary;\n"
            "            add_header X-Cache-Status $upstream_cache_status always;\n"
            "        }"
        )
    root = checked_path("static_root", static_root)
    return (
        "        # Static files straight from STATIC_ROOT (collectstatic's output, with\n"
        "        # .gz files beside them).  A hashed name never changes content: cache\n"
        "        # it forever; any other name only briefly, as WhiteNoise does.\n"
        '        location ~ "^/static/(.+\\.[0-9a-f]{12}\\.[A-Za-z0-9]+)$" {\n'
        f"            alias {root}/$1;\n"
        "            gzip_static on;\n"
        '            add_header Cache-Control "public, max-age=315360000, immutable";\n'
        "        }\n"
        "        location /static/ {\n"
        f"            alias {root}/;\n"
        "            gzip_static on;\n"
        '            add_header Cache-Control "public, max-age=60";\n'
        "        }"
    )


def realtime_upstream(upstreams: Sequence[str]) -> str:
    if not upstreams:
        return ""
    servers = "\n".join(
        f"        server {upstream} max_fails=1 fail_timeout=10s;" for upstream in upstreams
    )
    return f"upstream newsbudget_realtime {{\n{servers}\n    }}"


REALTIME_LOCATION = """\
        # The live budget board's WebSockets (docs/realtime.md): upgraded, never cached, idle
        # up to an hour (uvicorn pings every 20 s).  A proxy_set_header here replaces all the
        # server's, so they are repeated.
        location /ws/ {
            proxy_pass http://newsbudget_realtime;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $nb_forwarded_for;
            proxy_set_header X-Forwarded-Proto $nb_proto;
            proxy_set_header X-Request-ID $nb_request_id;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
        }
"""


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="render.py", description="Print (or write) newsbudget's nginx.conf."
    )
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--listen-address", default="127.0.0.1")
    parser.add_argument(
        "--upstream", action="append", required=True, help="host:port of a gunicorn node; repeat"
    )
    parser.add_argument(
        "--realtime-upstream", action="append", help="host:port of a realtime node (/ws/); repeat"
    )
    parser.add_argument("--cache-dir", required=True, help="absolute path of the cache")
    parser.add_argument("--run-dir", help="pid, temp files, access log (default: cache's parent)")
    parser.add_argument("--static-root", help="serve /static/ from here (else from the app)")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--public-port", type=int, help="the port readers use (default: listen)")
    parser.add_argument("--behind-proxy", action="store_true", help="trust X-Forwarded-Proto")
    parser.add_argument("--purge-allow", action="append", help="address allowed to purge; repeat")
    parser.add_argument("--cache-max-size", default="1g")
    parser.add_argument("--user", help="workers' user when the master runs as root")
    parser.add_argument("--output", type=Path, help="write here instead of stdout")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    try:
        config = render_config(
            listen_port=options.listen_port,
            listen_address=options.listen_address,
            upstreams=options.upstream,
            realtime_upstreams=options.realtime_upstream or (),
            cache_dir=str(Path(options.cache_dir).absolute()),
            run_dir=str(Path(options.run_dir).absolute()) if options.run_dir else None,
            static_root=str(Path(options.static_root).absolute()) if options.static_root else None,
            server_name=options.server_name,
            public_port=options.public_port,
            behind_proxy=options.behind_proxy,
            purge_allow=options.purge_allow or ("127.0.0.1", "::1"),
            cache_max_size=options.cache_max_size,
            user=options.user,
        )
    except ConfigError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    if options.output is None:
        sys.stdout.write(config)
        return 0
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(config)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
