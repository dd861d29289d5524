"""Render a pgbouncer.ini for newsbudget: transaction pooling in front of one PostgreSQL.

The site can run behind pgbouncer in **transaction** mode (``DATABASE_PGBOUNCER=true``;
docs/deployment.md, "Database connections"): every gunicorn worker, task worker and
scheduler keeps a cheap client connection to pgbouncer, and pgbouncer lends one of a
few server connections to each *transaction*.  PostgreSQL then sees
``default_pool_size`` connections per database and user, however many processes the
cluster runs.

What transaction mode takes away, and how the site copes:

- session state does not survive a transaction: Django's server-side cursors
  (``.iterator()``) are switched off and psycopg never prepares statements
  (the settings do both when ``DATABASE_PGBOUNCER`` is on);
- ``-c statement_timeout=...`` in the client's startup packet is not passed on
  by pgbouncer 1.18 (``options`` is in ``ignore_startup_parameters``), so each
  server connection sets it once with ``connect_query`` instead: the same
  bound on every query, applied by pgbouncer.

Values are checked before they go in, so a stray newline or ``;`` cannot add a
directive.  Run it with::

    python deploy/pgbouncer/render.py --listen-port 6432 --server 127.0.0.1:5432 \\
        --database newsbudget --auth-file /etc/pgbouncer/userlist.txt \\
        --run-dir /run/newsbudget-pgbouncer --output /etc/pgbouncer/pgbouncer.ini
    pgbouncer /etc/pgbouncer/pgbouncer.ini

The tests and ``make bench-pooling`` render it the same way (``tests/servers.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

SAFE = re.compile(r"[A-Za-z0-9_.:/@+-]+")
HOST_PORT = re.compile(r"(?P<host>[A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]):(?P<port>[0-9]{1,5})")


class ConfigError(ValueError):
    """A value that cannot go into the config; the message names the argument."""


def checked(name: str, value: str) -> str:
    if not SAFE.fullmatch(value):
        raise ConfigError(f"{name} must be letters, digits and _.:/@+- only, got {value!r}")
    return value


def positive(name: str, value: int) -> int:
    if value < 1:
        raise ConfigError(f"{name} must be 1 or more, got {value}")
    return value


def render_config(
    *,
    listen_port: int,
    server: str,
    database: str,
    auth_file: str,
    run_dir: str,
    listen_address: str = "127.0.0.1",
    pool_mode: str = "transaction",
    default_pool_size: int = 10,
    max_client_conn: int = 1000,
    reserve_pool_size: int = 0,
    statement_timeout_ms: int = 15_000,
    server_connect_timeout_seconds: int = 5,
    query_wait_timeout_seconds: int = 10,
    auth_type: str = "scram-sha-256",
) -> str:
    """The pgbouncer.ini text for one database on ``server`` (``host:port``)."""
    address = HOST_PORT.fullmatch(server)
    if address is None:
        raise ConfigError(f"server must be host:port, got {server!r}")
    if pool_mode not in ("session", "transaction"):
        raise ConfigError(f"pool_mode must be session or transaction, got {pool_mode!r}")
    if auth_type not in ("scram-sha-256", "md5", "trust"):
        raise ConfigError(f"auth_type must be scram-sha-256, md5 or trust, got {auth_type!r}")
    for name, number in (
        ("listen_port", listen_port),
        ("default_pool_size", default_pool_size),
        ("max_client_conn", max_client_conn),
        ("statement_timeout_ms", statement_timeout_ms),
        ("server_connect_timeout_seconds", server_connect_timeout_seconds),
        ("query_wait_timeout_seconds", query_wait_timeout_seconds),
    ):
        positive(name, number)
    if reserve_pool_size < 0:
        raise ConfigError(f"reserve_pool_size must be 0 or more, got {reserve_pool_size}")
    host = address.group("host").strip("[]")
    connect_query = f"SET statement_timeout = {statement_timeout_ms}"
    lines = [
        "; Rendered by deploy/pgbouncer/render.py; edit the renderer, not this file.",
        "[databases]",
        f"{checked('database', database)} = host={host} port={address.group('port')} "
        f"dbname={database} connect_query='{connect_query}'",
        "",
        "[pgbouncer]",
        f"listen_addr = {checked('listen_address', listen_address)}",
        f"listen_port = {listen_port}",
        "unix_socket_dir =",
        f"auth_type = {auth_type}",
        f"auth_file = {checked('auth_file', auth_file)}",
        f"pidfile = {checked('run_dir', run_dir)}/pgbouncer.pid",
        f"pool_mode = {pool_mode}",
        f"default_pool_size = {default_pool_size}",
        "min_pool_size = 0",
        f"reserve_pool_size = {reserve_pool_size}",
        f"max_client_conn = {max_client_conn}",
        f"server_connect_timeout = {server_connect_timeout_seconds}",
        f"query_wait_timeout = {query_wait_timeout_seconds}",
        "server_check_query = SELECT 1",
        "server_check_delay = 10",
        # libpq sends these at start-up; pgbouncer 1.18 would refuse the client over them.
        "ignore_startup_parameters = extra_float_digits,options",
        "log_connections = 0",
        "log_disconnections = 0",
        "admin_users =",
        "stats_users =",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--listen-address", default="127.0.0.1")
    parser.add_argument("--server", required=True, help="PostgreSQL as host:port")
    parser.add_argument("--database", required=True)
    parser.add_argument("--auth-file", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--max-client-conn", type=int, default=1000)
    parser.add_argument("--statement-timeout-ms", type=int, default=15_000)
    parser.add_argument("--output", type=Path, required=True)
    options = parser.parse_args(list(argv))
    try:
        text = render_config(
            listen_port=options.listen_port,
            listen_address=options.listen_address,
            server=options.server,
            database=options.database,
            auth_file=options.auth_file,
            run_dir=options.run_dir,
            default_pool_size=options.pool_size,
            max_client_conn=options.max_client_conn,
            statement_timeout_ms=options.statement_timeout_ms,
        )
    except ConfigError as error:
        parser.error(str(error))
    options.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
