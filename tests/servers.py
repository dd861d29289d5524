"""Real servers for the test runs, started on loopback in throwaway directories.

Each context manager starts one server and yields the URL the settings read
(``DATABASE_URL`` or ``CACHE_URL``); on exit it stops exactly the server it
started, by its own data directory or PID, and removes the directory.  None of
them touches a system service: Debian's packages may also have started a
PostgreSQL on 5432 or a Redis on 6379, and those are never ours to stop.

``postgres_server()`` (a ``PostgresServer`` that fault tests can also stop
and restart) runs Debian's PostgreSQL the way a developer would by hand:
``initdb`` into a temporary directory, ``pg_ctl start`` on a free port of
127.0.0.1 with its unix socket inside that directory, one database, and on exit
``pg_ctl stop`` on that same data directory and the directory removed.  It
touches no other cluster on the machine and stops only the server it started.

initdb refuses to run as root, so as root the server runs as the ``postgres``
system user that Debian's package creates, and the directory belongs to it.

Durability is switched off (``fsync``, ``synchronous_commit``,
``full_page_writes``): the cluster is thrown away after the run, and the test
suite creates and drops its database many times.

``redis_server()`` runs Debian's ``redis-server`` in the foreground from a
config file in a temporary directory: a free port of 127.0.0.1, a random
password (in the file, not on the command line where ``ps`` shows it), no
persistence, and the bounded-memory LRU policy a cache server should have.

``s3_server()`` runs moto's S3-compatible server (``python -m moto.server``,
from the dev dependencies) in the foreground on a free port of 127.0.0.1,
in memory, from a temporary working directory; it waits for the server to
answer over HTTP and stops exactly that process by its PID.  moto is the
real server side of the S3 API for our purposes (uploads, listings, ACLs,
presigned URLs it accepts), though it does not check a presigned URL's
signature or expiry, which only S3 itself (or MinIO and the like) enforce.

``diskcache_directory()`` is the embedded backend's equivalent: a fresh
private directory, removed afterwards.

``main()`` backs ``scripts/with-servers`` (and ``scripts/with-postgres``): start
the servers asked for, run a command with their URLs in its environment, stop
them, return the command's status.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import httpx
import psycopg
import redis

from deploy.localservers import (
    ServerUnavailable,
    as_server_user,
    free_port,
    initdb,
    postgres_bindir,
    run_checked,
    server_owner,
)

__all__ = ["ServerUnavailable", "as_server_user", "free_port", "postgres_bindir", "run_checked"]

DATABASE = "newsbudget"
USER = "newsbudget"
START_TIMEOUT = 60
STOP_TIMEOUT = 30
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=50 -c shared_buffers=64MB"
)


REDIS_SERVER = Path("/usr/bin/redis-server")
REDIS_START_TIMEOUT = 20
REDIS_MAX_MEMORY = "128mb"


def wait_until_ready(url: str, deadline: float, log: Path) -> None:
    """Connect until the server answers or ``deadline`` passes."""
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError as error:
            last_error = error
            time.sleep(0.2)
    log_text = log.read_text(errors="replace") if log.exists() else "(no log)"
    raise ServerUnavailable(f"PostgreSQL did not accept connections: {last_error}\n{log_text}")


def stop_server(pg_ctl: Path, data: Path, root: Path) -> None:
    """Stop the server of ``data`` and no other: pg_ctl first, then its postmaster's PID."""
    with contextlib.suppress(subprocess.TimeoutExpired, OSError):
        subprocess.run(
            as_server_user([str(pg_ctl), "stop", "-D", str(data), "-m", "fast", "-w",
                            "-t", str(STOP_TIMEOUT)]),
            cwd=root, capture_output=True, timeout=STOP_TIMEOUT + 5, check=False,
        )  # fmt: skip
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return
    # pg_ctl could not stop it: end the postmaster this directory names, and only it.
    with contextlib.suppress(ValueError, IndexError, OSError):
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)


class PostgresServer:
    """A throwaway cluster in its own directory, which a fault test may stop and start again.

    ``start()`` the first time runs initdb and picks a free port; later calls
    start the same cluster on the same port, so the URL stays valid across a
    restart, as it does for a real server.
    """

    def __init__(self, options: str = "") -> None:
        self.options = options
        self.bindir = postgres_bindir()
        self.owner = server_owner()
        self.root = Path(tempfile.mkdtemp(prefix="newsbudget-pg-"))
        self.data, self.sockets, self.log = (
            self.root / "data", self.root / "sockets", self.root / "server.log",
        )  # fmt: skip
        self.password = secrets.token_hex(16)
        self.port = 0

    @property
    def url(self) -> str:
        return f"postgres://{USER}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def admin_url(self) -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/postgres"

    def initialise(self) -> None:
        self.sockets.mkdir()
        if self.owner is not None:
            os.chown(self.sockets, *self.owner)
        initdb(self.bindir, self.data, user=USER, password=self.password)

    def pg_ctl_start(self, port: int) -> bool:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {self.sockets} {SERVER_OPTIONS} "
            f"{self.options}"
        )
        result = subprocess.run(
            as_server_user([
                str(self.bindir / "pg_ctl"), "start", "-D", str(self.data), "-l", str(self.log),
                "-w", "-t", str(START_TIMEOUT), "-o", options,
            ]),
            cwd=self.root, capture_output=True, text=True, timeout=START_TIMEOUT + 10,
            check=False,
        )  # fmt: skip
        return result.returncode == 0

    def start(self) -> None:
        """Start the server (creating the cluster and its database the first time)."""
        first = not self.data.exists()
        if first:
            self.initialise()
        ports = [self.port] if self.port else [free_port() for _attempt in range(3)]
        for port in ports:
            if self.pg_ctl_start(port):
                self.port = port
                break
        else:
            log_text = self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
            raise ServerUnavailable(f"pg_ctl start failed:\n{log_text}")
        wait_until_ready(self.admin_url, time.monotonic() + START_TIMEOUT, self.log)
        if first:
            self.created()

    def created(self) -> None:
        """After the first start: create the site's database."""
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')

    def stop(self) -> None:
        """Stop the server; the cluster stays for ``start()``."""
        if (self.data / "postmaster.pid").exists():
            stop_server(self.bindir / "pg_ctl", self.data, self.root)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A started ``PostgresServer``, stopped and removed afterwards whatever happened."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL on 127.0.0.1 and yield its ``DATABASE_URL``.

    The URL names database ``newsbudget`` of a superuser, so test runners may
    create and drop their own test databases beside it.
    """
    with running_postgres() as server:
        yield server.url


# A primary that standbys can stream from: WAL for replicas, senders and slots to spare.
PRIMARY_OPTIONS = "-c wal_level=replica -c max_wal_senders=5 -c max_replication_slots=5"
STREAMING_TIMEOUT = 60


class StandbyServer(PostgresServer):
    """A hot standby of ``primary``: cloned with ``pg_basebackup -R``, streaming its WAL.

    ``-R`` writes ``standby.signal`` and the ``primary_conninfo`` (with the
    primary's password) into the clone, so starting it makes a read-only
    replica that follows the primary.  The site's user and database exist on it
    because they are the primary's.  It can be stopped and started again like
    any ``PostgresServer``, which the fault tests do.
    """

    def __init__(self, primary: PostgresServer) -> None:
        super().__init__(options="-c hot_standby=on -c hot_standby_feedback=on")
        self.primary = primary
        self.password = primary.password

    def initialise(self) -> None:
        self.sockets.mkdir()
        if self.owner is not None:
            for path in (self.root, self.sockets):
                os.chown(path, *self.owner)
        source = (
            f"host=127.0.0.1 port={self.primary.port} user={USER} "
            f"password={self.primary.password} dbname=postgres"
        )
        run_checked(
            as_server_user([
                str(self.bindir / "pg_basebackup"), "-d", source, "-D", str(self.data),
                "-R", "-X", "stream", "-c", "fast", "--no-sync",
            ]),
            cwd=self.root, timeout=120, what="pg_basebackup",
        )  # fmt: skip

    def created(self) -> None:
        """Nothing to create: the database came with the clone."""

    def in_recovery(self) -> bool:
        with psycopg.connect(self.admin_url, connect_timeout=2) as connection:
            row = connection.execute("SELECT pg_is_in_recovery()").fetchone()
        return bool(row and row[0])


def wait_until_streaming(primary: PostgresServer, timeout: float = STREAMING_TIMEOUT) -> None:
    """Wait until a standby streams from ``primary`` (``pg_stat_replication``), or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(primary.admin_url, connect_timeout=2) as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
            ).fetchone()
        if row and row[0]:
            return
        time.sleep(0.2)
    raise ServerUnavailable(f"No standby was streaming from the primary within {timeout}s")


def wait_until_replayed(primary: PostgresServer, standby: PostgresServer, timeout: float) -> None:
    """Wait until ``standby`` has replayed everything the primary had written when called."""
    with psycopg.connect(primary.admin_url, connect_timeout=2) as connection:
        row = connection.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    target = row[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(standby.admin_url, connect_timeout=2) as connection:
            done = connection.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()
        if done and done[0]:
            return
        time.sleep(0.1)
    raise ServerUnavailable(f"The standby had not replayed up to {target} within {timeout}s")


@contextlib.contextmanager
def running_replicated_postgres() -> Iterator[tuple[PostgresServer, StandbyServer]]:
    """A primary (``wal_level=replica``) and one streaming hot standby on another free port.

    Both are throwaway clusters in their own directories; on exit both are
    stopped (standby first) and removed, whatever happened.
    """
    primary = PostgresServer(options=PRIMARY_OPTIONS)
    standby: StandbyServer | None = None
    try:
        primary.start()
        standby = StandbyServer(primary)
        standby.start()
        wait_until_streaming(primary)
        yield primary, standby
    finally:
        if standby is not None:
            standby.remove()
        primary.remove()


PGBOUNCER = Path("/usr/sbin/pgbouncer")
PGBOUNCER_START_TIMEOUT = 20


class PgBouncerServer:
    """A running pgbouncer: the ``DATABASE_URL`` through it, its directory and log."""

    def __init__(self, url: str, port: int, root: Path) -> None:
        self.url, self.port, self.root = url, port, root

    def log(self) -> str:
        path = self.root / "pgbouncer.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"


def pgbouncer_binary() -> Path:
    if not os.access(PGBOUNCER, os.X_OK):
        raise ServerUnavailable(
            f"{PGBOUNCER} is not installed; run scripts/ensure-servers (as root) "
            "to install Debian's pgbouncer package."
        )
    return PGBOUNCER


@contextlib.contextmanager
def pgbouncer_server(
    postgres: PostgresServer, *, pool_size: int = 4, max_client_conn: int = 200
) -> Iterator[PgBouncerServer]:
    """pgbouncer in transaction mode in front of ``postgres``, on a free port of 127.0.0.1.

    The config is the shipped one (deploy/pgbouncer/render.py); the site's user
    authenticates with SCRAM against the password in a private userlist file.
    pgbouncer refuses to run as root, so as root it runs as ``postgres`` (like
    the server) and its directory belongs to that user.  It runs in the
    foreground and is stopped by its PID.
    """
    from deploy.pgbouncer.render import render_config

    binary = pgbouncer_binary()
    root = Path(tempfile.mkdtemp(prefix="newsbudget-pgbouncer-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        userlist = root / "userlist.txt"
        userlist.write_text(f'"{USER}" "{postgres.password}"\n')
        userlist.chmod(0o600)
        config = root / "pgbouncer.ini"
        owner = server_owner()
        for _attempt in range(3):
            port = free_port()
            config.write_text(
                render_config(
                    listen_port=port, server=f"127.0.0.1:{postgres.port}", database=DATABASE,
                    auth_file=str(userlist), run_dir=str(root), default_pool_size=pool_size,
                    max_client_conn=max_client_conn,
                )
            )  # fmt: skip
            if owner is not None:
                for path in (root, userlist, config):
                    os.chown(path, *owner)
            with (root / "pgbouncer.log").open("ab") as sink:
                process = subprocess.Popen(
                    as_server_user([str(binary), str(config)]), cwd=root,
                    stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            url = f"postgres://{USER}:{postgres.password}@127.0.0.1:{port}/{DATABASE}"
            if wait_until_pgbouncer_answers(url, process):
                yield PgBouncerServer(url, port, root)
                return
            stop_process(process)
            process = None
        log = (root / "pgbouncer.log").read_text(errors="replace")
        raise ServerUnavailable(f"pgbouncer exited on start three times:\n{log}")
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


def wait_until_pgbouncer_answers(url: str, process: subprocess.Popen[bytes]) -> bool:
    """Connect through pgbouncer until a query answers (True) or it exits (False)."""
    deadline = time.monotonic() + PGBOUNCER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with psycopg.connect(url, connect_timeout=2) as connection:
                connection.execute("SELECT 1")
                return True
        except psycopg.OperationalError:
            time.sleep(0.1)
    stop_process(process)
    raise ServerUnavailable(f"pgbouncer did not answer within {PGBOUNCER_START_TIMEOUT}s")


def redis_config(root: Path, port: int, password: str) -> str:
    """redis.conf for a throwaway cache server: loopback only, a password, nothing on disk."""
    return "\n".join([
        f"port {port}", "bind 127.0.0.1", "protected-mode yes", f'dir "{root}"',
        "daemonize no", 'save ""', "appendonly no", f"requirepass {password}",
        f"maxmemory {REDIS_MAX_MEMORY}", "maxmemory-policy allkeys-lru", "",
    ])  # fmt: skip


def redis_binary() -> Path:
    """Debian's redis-server, or a failure that says how to install it."""
    if not os.access(REDIS_SERVER, os.X_OK):
        raise ServerUnavailable(
            f"{REDIS_SERVER} is not installed; run scripts/ensure-servers (as root) "
            "to install Debian's redis-server package."
        )
    return REDIS_SERVER


def wait_until_redis_answers(url: str, process: subprocess.Popen[bytes], deadline: float) -> bool:
    """PING until the server answers (True), exits (False), or ``deadline`` passes (an error)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                if client.ping():
                    return True
            except redis.RedisError:
                time.sleep(0.05)
    finally:
        client.close()
    raise ServerUnavailable(f"redis-server did not answer PING within {REDIS_START_TIMEOUT}s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to this process alone; SIGKILL if it has not exited within STOP_TIMEOUT."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def start_redis(binary: Path, root: Path, password: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start redis-server on a free port (three tries, as another process may take the port)."""
    log = root / "server.log"
    for _attempt in range(3):
        port = free_port()
        config = root / "redis.conf"
        config.write_text(redis_config(root, port, password))
        config.chmod(0o600)
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [str(binary), str(config)], cwd=root, stdin=subprocess.DEVNULL,
                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        url = f"redis://:{password}@127.0.0.1:{port}/0"
        try:
            ready = wait_until_redis_answers(url, process, time.monotonic() + REDIS_START_TIMEOUT)
        except BaseException:
            stop_process(process)  # never leave a server behind, whatever stopped the wait
            raise
        if ready:
            return process, url
        stop_process(process)
    raise ServerUnavailable(
        f"redis-server exited on start three times:\n{log.read_text(errors='replace')}"
    )


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Start a throwaway redis-server on 127.0.0.1 and yield its ``CACHE_URL``."""
    binary = redis_binary()
    root = Path(tempfile.mkdtemp(prefix="newsbudget-redis-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        process, url = start_redis(binary, root, secrets.token_hex(16))
        yield url
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


MOTO_START_TIMEOUT = 30
# moto accepts any key pair; these are what the tests sign with.
S3_ACCESS_KEY_ID = "newsbudget-test-key"
S3_SECRET_ACCESS_KEY = "newsbudget-test-secret"  # pragma: allowlist secret
S3_REGION = "us-east-1"


class S3Server:
    """A running S3-compatible server: its endpoint and the credentials and region to sign with."""

    def __init__(self, endpoint_url: str, root: Path) -> None:
        self.endpoint_url, self.root = endpoint_url, root
        self.access_key_id, self.secret_access_key = S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY
        self.region_name = S3_REGION

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"


def wait_until_s3_answers(
    endpoint_url: str, process: subprocess.Popen[bytes], deadline: float
) -> bool:
    """GET the service root until it answers (True), the server exits (False), or time runs out."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            httpx.get(f"{endpoint_url}/", timeout=1)
            return True
        except httpx.TransportError:
            time.sleep(0.1)
    raise ServerUnavailable(f"moto's S3 server did not answer within {MOTO_START_TIMEOUT}s")


def start_moto(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start moto's server on a free port (three tries, as another process may take the port)."""
    log = root / "server.log"
    for _attempt in range(3):
        port = free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                cwd=root, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            ready = wait_until_s3_answers(url, process, time.monotonic() + MOTO_START_TIMEOUT)
        except BaseException:
            stop_process(process)
            raise
        if ready:
            return process, url
        stop_process(process)
    raise ServerUnavailable(
        "moto's S3 server exited on start three times (is the dev group synced? "
        f"`uv sync` installs moto[server]):\n{log.read_text(errors='replace')}"
    )


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """Start a throwaway S3-compatible server (moto) on 127.0.0.1 and yield it."""
    root = Path(tempfile.mkdtemp(prefix="newsbudget-s3-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        process, url = start_moto(root)
        yield S3Server(url, root)
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def diskcache_directory() -> Iterator[str]:
    """A fresh private (0700) directory for diskcache; yield its ``CACHE_URL``, then remove it."""
    root = Path(tempfile.mkdtemp(prefix="newsbudget-cache-"))
    try:
        yield f"diskcache://{root}"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def shared_cache(kind: str, root: Path) -> Iterator[str]:
    """A cache every process can share: a throwaway redis-server, or a diskcache under ``root``."""
    if kind == "redis":
        with redis_server() as url:
            yield url
    else:
        yield f"diskcache://{root / 'cache'}"


def public_address(url: str) -> str:
    """A server URL without its password, fit to print."""
    return url.rsplit("@", 1)[-1]


def arguments(argv: Sequence[str], prog: str) -> tuple[argparse.Namespace, list[str]]:
    """Split ``[OPTION...] -- COMMAND...`` into the servers asked for and the command."""
    parser = argparse.ArgumentParser(
        prog=prog,
        usage=f"{prog} [--postgres] [--redis | --diskcache] -- COMMAND [ARG...]",
        description="Run COMMAND with throwaway servers, their URLs in its environment.",
    )
    parser.add_argument("--postgres", action="store_true", help="DATABASE_URL: a PostgreSQL")
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument("--redis", action="store_true", help="CACHE_URL: a redis-server")
    backend.add_argument("--diskcache", action="store_true", help="CACHE_URL: a diskcache dir")
    args = list(argv)
    if "--" not in args:
        parser.error("give the command after --")
    split = args.index("--")
    command = args[split + 1 :]
    if not command:
        parser.error("give the command after --")
    return parser.parse_args(args[:split]), command


def start_servers(
    options: argparse.Namespace, stack: contextlib.ExitStack, prog: str
) -> dict[str, str]:
    """Enter each requested server's context on ``stack``; the variables that point at them."""
    variables: dict[str, str] = {}
    if options.postgres:
        variables["DATABASE_URL"] = stack.enter_context(postgres_server())
        print(f"{prog}: PostgreSQL ready at {public_address(variables['DATABASE_URL'])}",
              file=sys.stderr)  # fmt: skip
    if options.redis:
        variables["CACHE_URL"] = stack.enter_context(redis_server())
        print(f"{prog}: Redis ready at {public_address(variables['CACHE_URL'])}", file=sys.stderr)
    if options.diskcache:
        variables["CACHE_URL"] = stack.enter_context(diskcache_directory())
        print(f"{prog}: diskcache in {variables['CACHE_URL']}", file=sys.stderr)
    return variables


def run_command(command: list[str], variables: dict[str, str]) -> int:
    """Run ``command`` with ``variables`` added to the environment; its exit status."""
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, frame: FrameType | None) -> None:
        # Pass SIGTERM on and let the command end; the servers stop after it.  Ctrl-C
        # reaches the command by itself (same process group), so SIGINT only waits.
        if signum == signal.SIGTERM and child is not None and child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        child = subprocess.Popen(command, env={**os.environ, **variables})
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str], prog: str = "with-servers") -> int:
    """``with-servers [--postgres] [--redis | --diskcache] -- COMMAND...``; COMMAND's status."""
    options, command = arguments(argv, prog)
    try:
        with contextlib.ExitStack() as stack:
            variables = start_servers(options, stack, prog)
            return run_command(command, variables)
    except ServerUnavailable as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 1


NGINX = Path("/usr/sbin/nginx")
NGINX_JS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")
NGINX_START_TIMEOUT = 20


class NginxServer:
    """A running nginx: its base URL, its rendered config and its directory (logs, cache)."""

    def __init__(self, url: str, port: int, config: str, root: Path) -> None:
        self.url, self.port, self.config, self.root = url, port, config, root

    def log(self) -> str:
        """nginx's error output and access log, for a failing test's message."""
        parts = [(self.root / name) for name in ("error.log", "access.log")]
        return "\n".join(part.read_text(errors="replace") for part in parts if part.exists())


def nginx_binaries() -> Path:
    """Debian's nginx with the njs module the purge location needs, or a failure saying so."""
    if not os.access(NGINX, os.X_OK) or not NGINX_JS_MODULE.exists():
        raise ServerUnavailable(
            f"{NGINX} with {NGINX_JS_MODULE} is not installed; run scripts/ensure-servers "
            "(as root) to install Debian's nginx and libnginx-mod-http-js packages."
        )
    return NGINX


def wait_until_listening(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    """Connect until the port accepts; a failure if nginx exits or ``deadline`` passes."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerUnavailable(f"nginx exited on start ({process.returncode})")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise ServerUnavailable(f"nginx did not listen on 127.0.0.1:{port} within the timeout")


@contextlib.contextmanager
def nginx_server(
    *, upstreams: Sequence[str], port: int | None = None, static_root: str | None = None
) -> Iterator[NginxServer]:
    """Start nginx with the shipped config (deploy/nginx) in front of ``upstreams``.

    The config is rendered into a temporary directory that also holds the
    cache, the pid file, temp files and logs; nginx runs in the foreground on
    ``port`` (default: a free one) of 127.0.0.1, and is stopped by its PID.
    When the tests run as root, nginx's workers stay root (``user root``), as
    they must read the test's private temporary directories.
    """
    from deploy.nginx.render import render_config

    binary = nginx_binaries()
    root = Path(tempfile.mkdtemp(prefix="newsbudget-nginx-"))
    listen = port or free_port()
    config = render_config(
        listen_port=listen,
        upstreams=list(upstreams),
        cache_dir=str(root / "cache"),
        run_dir=str(root),
        static_root=static_root,
        worker_processes="1",
        user="root" if os.geteuid() == 0 else None,
    )
    config_file = root / "nginx.conf"
    config_file.write_text(config)
    process: subprocess.Popen[bytes] | None = None
    try:
        with (root / "error.log").open("wb") as sink:
            process = subprocess.Popen(
                [str(binary), "-p", str(root), "-c", str(config_file)],
                cwd=root, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        server = NginxServer(f"http://127.0.0.1:{listen}", listen, config, root)
        try:
            wait_until_listening(listen, process, time.monotonic() + NGINX_START_TIMEOUT)
        except ServerUnavailable as error:
            raise ServerUnavailable(f"{error}:\n{server.log()}") from None
        yield server
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(root, ignore_errors=True)
