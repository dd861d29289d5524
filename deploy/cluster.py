"""``make cluster``: the production formation on one machine, without Docker, on loopback.

One supervisord (in the cluster's directory, its own socket) starts and
restarts everything, so ``make cluster-stop`` stops exactly what
``make cluster`` started and nothing else:

- ``postgres``: a PostgreSQL of its own (initdb into the cluster directory);
- ``redis``: the shared cache, sessions' cache, rate limits and counters;
- ``mail``: an SMTP server (aiosmtpd) that keeps every message in the
  maildir ``shared/mail``, as a mail catcher does;
- ``web1``..``webN``: gunicorn nodes, each running the release its
  ``nodes/webK/release`` link points at, each with its own drain flag and
  metrics directory, sharing nothing else (database, Redis, files under
  ``shared/``);
- ``worker``, ``scheduler`` and ``realtime`` (the live budget board's
  WebSockets, uvicorn; docs/realtime.md): from ``current``, restarted after
  the nodes on a deploy;
- ``haproxy``: the load balancer.  It terminates TLS (a self-signed
  certificate made for 127.0.0.1, ``tls/ca.pem``), routes round-robin to the
  nodes whose ``/readyz`` answers 200 (checked every 500 ms; 2 failures take a
  node out, 2 successes put it back), retries an idempotent request on
  another node when a node drops it, and names the node that answered in
  ``X-Served-By``.  ``/ws/`` goes to ``realtime`` instead, as a tunnel.

Every process runs the ``production`` settings: the env file ``env`` holds
them (secrets generated once, in ``secrets.json``, mode 600).  All load comes
from one address here, so the per-client rate limits are raised.

``start`` builds the release of ``--revision`` (default: the working tree's
``HEAD``) with deploy/releases.py, migrates, loads the demo newsroom on the
first start, and waits until the balancer routes to every node.  The layout
and the ports are in ``cluster.json``; the deploy tool reads ``site.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from deploy import deploy as deploy_tool
from deploy.localservers import as_server_user, free_port, initdb, postgres_bindir, server_owner
from deploy.site import Site, SiteError, Supervisor, write_env_file

BASE_DIR = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = BASE_DIR / "var" / "cluster"
DATABASE = "newsbudget"
USER = "newsbudget"
START_TIMEOUT = 120
HAPROXY = "/usr/sbin/haproxy"
REDIS = "/usr/bin/redis-server"
# Every request of a load test comes from 127.0.0.1: a real site's per-client limits
# would answer most of them 429.
LOAD_TEST_RATE_LIMITS = {
    "RATE_LIMIT_PAGES": "100000/m",
    "RATE_LIMIT_LIST_PAGES": "100000/m",
    "RATE_LIMIT_PAGE_VIEWS": "100000/m",
    "RATE_LIMIT_API": "100000/m",
    "RATE_LIMIT_API_WRITES": "100000/m",
    "RATE_LIMIT_SEARCH": "100000/m",
}


@dataclass
class Cluster:
    root: Path
    port: int
    web_ports: list[int]
    postgres_port: int
    redis_port: int
    mail_port: int
    postgres_dir: Path
    secrets: dict[str, str] = field(default_factory=dict)
    realtime_port: int = 0
    """0 in a cluster made before the live board: it has no realtime process."""

    # --- layout ---------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def node_names(self) -> list[str]:
        return [f"web{index}" for index in range(1, len(self.web_ports) + 1)]

    def node_dir(self, name: str) -> Path:
        return self.root / "nodes" / name

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    @property
    def env_file(self) -> Path:
        return self.root / "env"

    @property
    def supervisor_config(self) -> Path:
        return self.root / "supervisord.conf"

    @property
    def site_file(self) -> Path:
        return self.root / "site.json"

    @property
    def haproxy_socket(self) -> Path:
        return self.root / "haproxy.sock"

    @property
    def ca_file(self) -> Path:
        return self.root / "tls" / "ca.pem"

    @property
    def database_url(self) -> str:
        password = self.secrets["postgres_password"]
        return f"postgres://{USER}:{password}@127.0.0.1:{self.postgres_port}/{DATABASE}"

    @property
    def cache_url(self) -> str:
        return f"redis://:{self.secrets['redis_password']}@127.0.0.1:{self.redis_port}/0"

    # --- state ---------------------------------------------------------------

    @classmethod
    def load(cls, root: Path) -> Cluster:
        try:
            data = json.loads((root / "cluster.json").read_text())
        except (OSError, ValueError) as error:
            raise SiteError(
                f"No cluster in {root} ({error}); start one with `make cluster`"
            ) from None
        data.update(root=Path(data["root"]), postgres_dir=Path(data["postgres_dir"]))
        data["secrets"] = json.loads((root / "secrets.json").read_text())
        return cls(**data)

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        public = {key: value for key, value in asdict(self).items() if key != "secrets"}
        public.update(root=str(self.root), postgres_dir=str(self.postgres_dir))
        (self.root / "cluster.json").write_text(json.dumps(public, indent=2) + "\n")
        secrets_file = self.root / "secrets.json"
        secrets_file.write_text(json.dumps(self.secrets, indent=2) + "\n")
        secrets_file.chmod(0o600)

    # --- configuration -------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """What every app process gets: production settings for this cluster."""
        shared = self.root / "shared"
        origins = f"{self.url},https://localhost:{self.port}"
        return {
            "NEWSBUDGET_ENV": "production",
            "SECRET_KEY": self.secrets["secret_key"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": origins,
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "CACHE_URL": self.cache_url,
            "REALTIME_REDIS_URL": self.cache_url,
            "MEDIA_ROOT": str(shared / "media"),
            "PRIVATE_STORAGE_ROOT": str(shared / "private"),
            "AVAILABILITY_STATE_FILE": str(shared / "availability.json"),
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mail_port}",
            "METRICS_TOKEN": self.secrets["metrics_token"],
            "TRUSTED_PROXY_COUNT": "1",
            "WEB_CONCURRENCY": "2",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            **LOAD_TEST_RATE_LIMITS,
        }

    def node_environment(self, name: str, port: int) -> dict[str, str]:
        node = self.node_dir(name)
        return {
            "PORT": str(port),
            "DRAIN_FILE": str(node / "drain"),
            "PROMETHEUS_MULTIPROC_DIR": str(node / "metrics"),
        }

    @property
    def services(self) -> list[str]:
        """The processes that run ``current`` (restarted after the nodes on a deploy)."""
        return ["worker", "scheduler", *(["realtime"] if self.realtime_port else [])]

    def site(self) -> dict[str, object]:
        """site.json: what the deploy tool needs to know (deploy/site.py)."""
        return {
            "releases": str(self.releases),
            "env_file": str(self.env_file),
            "nodes": [
                {
                    "name": name,
                    "port": port,
                    "drain_file": str(self.node_dir(name) / "drain"),
                    "release_link": str(self.node_dir(name) / "release"),
                }
                for name, port in zip(self.node_names, self.web_ports, strict=True)
            ],
            "services": self.services,
            "process_control": {"kind": "supervisor", "config": str(self.supervisor_config)},
            "balancer": {"socket": str(self.haproxy_socket), "backend": "web"},
        }


# --- rendering the configs -------------------------------------------------------


def supervisor_environment(variables: dict[str, str]) -> str:
    """supervisord's ``environment=`` value: quoted, with % doubled (it interpolates)."""
    for key, value in variables.items():
        if '"' in value or "\n" in value:
            raise SiteError(f"{key}'s value cannot go into supervisord's config")
    return ",".join(f'{key}="{value.replace("%", "%%")}"' for key, value in variables.items())


def program(name: str, command: str, directory: Path, logs: Path, **options: object) -> str:
    lines = [
        f"[program:{name}]",
        f"command={command}",
        f"directory={directory}",
        f"stdout_logfile={logs / name}.log",
        "redirect_stderr=true",
        "stdout_logfile_maxbytes=20MB",
        "stdout_logfile_backups=2",
        "autorestart=true",
        "startretries=20",
    ]
    lines += [f"{key}={value}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def app_program(
    name: str,
    command: str,
    directory: Path,
    logs: Path,
    *,
    stopwaitsecs: int,
    environment: dict[str, str],
    priority: int = 40,
) -> str:
    """One of the site's own processes: started by the tool, stopped by SIGTERM with the
    grace its process honours, its children killed with it if it overstays."""
    return program(
        name,
        command,
        directory,
        logs,
        priority=priority,
        autostart="false",
        startsecs=2,
        stopsignal="TERM",
        stopwaitsecs=stopwaitsecs,
        killasgroup="true",
        environment=supervisor_environment(environment),
    )


def render_supervisor(cluster: Cluster) -> str:
    root, logs = cluster.root, cluster.root / "logs"
    postgres_user = "user=postgres\n" if server_owner() else ""
    bindir = postgres_bindir()
    parts = [
        f"""[unix_http_server]
file={root}/supervisor.sock
chmod=0700

[supervisord]
logfile={logs}/supervisord.log
pidfile={root}/supervisord.pid
childlogdir={logs}
directory={root}
identifier=newsbudget-cluster
environment={supervisor_environment(cluster.environment())}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{root}/supervisor.sock
""",
        program(
            "postgres",
            f"{bindir}/postgres -D {cluster.postgres_dir}/data -p {cluster.postgres_port} "
            f"-c listen_addresses=127.0.0.1 -k {cluster.postgres_dir}/sockets "
            "-c max_connections=100 -c shared_buffers=64MB "
            # A throwaway cluster: no fsync (a crash of the machine, which no test makes,
            # could lose it; a stopped or killed server loses nothing it acknowledged).
            "-c fsync=off -c full_page_writes=off",
            cluster.postgres_dir,
            logs,
            priority=10,
            stopsignal="INT",
            stopwaitsecs=30,
            startsecs=1,
        )
        + postgres_user,
        program(
            "redis",
            f"{REDIS} {root}/redis/redis.conf",
            root / "redis",
            logs,
            priority=10,
            startsecs=1,
        ),
        program(
            "mail",
            f"{sys.executable} -m aiosmtpd -n -l 127.0.0.1:{cluster.mail_port} "
            f"-c aiosmtpd.handlers.Mailbox {root}/shared/mail",
            root,
            logs,
            priority=10,
            startsecs=1,
        ),
    ]
    for name, port in zip(cluster.node_names, cluster.web_ports, strict=True):
        release = cluster.node_dir(name) / "release"
        parts.append(
            app_program(
                name,
                f"{release}/.venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi",
                release,
                logs,
                priority=30,
                stopwaitsecs=30,
                environment=cluster.node_environment(name, port),
            )
        )
    current = cluster.root / "current"
    services = {"worker": "manage.py worker", "scheduler": "manage.py scheduler"}
    for name, arguments in services.items():
        parts.append(
            app_program(
                name,
                f"{current}/.venv/bin/python {arguments}",
                current,
                logs,
                stopwaitsecs=35,
                environment={"PROMETHEUS_MULTIPROC_DIR": str(cluster.root / name / "metrics")},
            )
        )
    if cluster.realtime_port:
        parts.append(
            app_program(
                "realtime",
                f"{current}/.venv/bin/python -m config.realtime",
                current,
                logs,
                stopwaitsecs=20,
                environment={
                    "REALTIME_PORT": str(cluster.realtime_port),
                    "PROMETHEUS_MULTIPROC_DIR": str(cluster.root / "realtime" / "metrics"),
                },
            )
        )
    parts.append(
        program(
            "haproxy",
            f"{HAPROXY} -W -db -f {root}/haproxy.cfg",
            root,
            logs,
            priority=50,
            autostart="false",
            startsecs=1,
            stopsignal="USR1",
            stopwaitsecs=10,
        )
    )
    return "\n".join(parts)


HAPROXY_TEMPLATE = Path(__file__).with_name("haproxy") / "haproxy.cfg.template"


def render_haproxy(cluster: Cluster) -> str:
    nodes = list(zip(cluster.node_names, cluster.web_ports, strict=True))
    servers = "\n".join(f"    server {name} 127.0.0.1:{port} check" for name, port in nodes)
    static_servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} track web/{name}" for name, port in nodes
    )
    return HAPROXY_TEMPLATE.read_text().format(
        socket=cluster.haproxy_socket,
        bind=f"127.0.0.1:{cluster.port}",
        certificate=cluster.root / "tls" / "cluster.pem",
        servers=servers,
        static_servers=static_servers,
        realtime_servers=(
            f"    server realtime 127.0.0.1:{cluster.realtime_port} check"
            if cluster.realtime_port
            else ""
        ),
    )


def render_redis(cluster: Cluster) -> str:
    return (
        f"bind 127.0.0.1\nport {cluster.redis_port}\n"
        f"requirepass {cluster.secrets['redis_password']}\n"
        f"dir {cluster.root / 'redis'}\n"
        'save ""\nappendonly no\nmaxmemory 128mb\nmaxmemory-policy allkeys-lru\n'
    )


# --- making the pieces ----------------------------------------------------------


def make_certificate(tls: Path) -> None:
    """A self-signed certificate for 127.0.0.1 and localhost; clients trust ``ca.pem``."""
    tls.mkdir(parents=True, exist_ok=True)
    key, certificate = tls / "key.pem", tls / "ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
         "-subj", "/CN=newsbudget local cluster", "-keyout", str(key), "-out", str(certificate),
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    (tls / "cluster.pem").write_bytes(certificate.read_bytes() + key.read_bytes())
    for path in (key, tls / "cluster.pem"):
        path.chmod(0o600)


def postgres_directory(root: Path) -> Path:
    """Where PostgreSQL's data goes: in the cluster unless the postgres user cannot reach it."""
    wanted = root / "postgres"
    root.mkdir(parents=True, exist_ok=True)
    if server_owner() is None:
        return wanted
    reachable = subprocess.run(
        as_server_user(["test", "-x", str(root)]), capture_output=True, check=False, timeout=10
    )
    if reachable.returncode == 0:
        return wanted
    return Path(tempfile.mkdtemp(prefix="newsbudget-cluster-postgres-"))


def prepare_postgres(cluster: Cluster) -> None:
    directory = cluster.postgres_dir
    if (directory / "data" / "PG_VERSION").exists():
        return
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sockets").mkdir(exist_ok=True)
    owner = server_owner()
    if owner is not None:
        for path in (directory, directory / "sockets"):
            os.chown(path, *owner)
    initdb(postgres_bindir(), directory / "data", user=USER,
           password=cluster.secrets["postgres_password"])  # fmt: skip


def create_database(cluster: Cluster, deadline: float) -> None:
    import psycopg

    admin = cluster.database_url.rsplit("/", 1)[0] + "/postgres"
    while True:
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=2) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
                ).fetchone()
                if not exists:
                    connection.execute(f'CREATE DATABASE "{DATABASE}"')
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise SiteError("PostgreSQL did not start; see logs/postgres.log") from None
            time.sleep(0.2)


def new_cluster(root: Path, nodes: int, port: int | None) -> Cluster:
    if not 1 <= nodes <= 9:
        raise SiteError(f"--nodes must be between 1 and 9, got {nodes}")
    if port is None:
        ports = [free_port() for _index in range(nodes + 5)]
    else:
        ports = list(range(port, port + nodes + 5))
    return Cluster(
        root=root,
        port=ports[0],
        web_ports=ports[1 : nodes + 1],
        postgres_port=ports[nodes + 1],
        redis_port=ports[nodes + 2],
        mail_port=ports[nodes + 3],
        realtime_port=ports[nodes + 4],
        postgres_dir=postgres_directory(root),
        secrets={
            "secret_key": secrets.token_urlsafe(50),
            "postgres_password": secrets.token_hex(16),
            "redis_password": secrets.token_hex(16),
            "metrics_token": secrets.token_hex(24),
        },
    )


def write_configs(cluster: Cluster) -> None:
    root = cluster.root
    for directory in ("logs", "redis", "shared/media", "shared/private", "shared/mail"):
        (root / directory).mkdir(parents=True, exist_ok=True)
    for name in cluster.node_names:
        (cluster.node_dir(name) / "metrics").mkdir(parents=True, exist_ok=True)
    for name in cluster.services:
        (root / name / "metrics").mkdir(parents=True, exist_ok=True)
    if not cluster.ca_file.exists():
        make_certificate(root / "tls")
    (root / "redis" / "redis.conf").write_text(render_redis(cluster))
    (root / "haproxy.cfg").write_text(render_haproxy(cluster))
    cluster.supervisor_config.write_text(render_supervisor(cluster))
    cluster.supervisor_config.chmod(0o600)
    write_env_file(cluster.env_file, cluster.environment())
    cluster.site_file.write_text(json.dumps(cluster.site(), indent=2) + "\n")


# --- running it -------------------------------------------------------------------


def supervisord_pid(cluster: Cluster) -> int | None:
    try:
        pid = int((cluster.root / "supervisord.pid").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start_supervisor(cluster: Cluster) -> None:
    # Only what the config gives them: not the caller's settings (a test run's, say).
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    subprocess.run(
        [sys.executable, "-m", "supervisor.supervisord", "-c", str(cluster.supervisor_config)],
        cwd=cluster.root, env=clean, check=True, timeout=60,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not (cluster.root / "supervisor.sock").exists():
        if time.monotonic() > deadline:
            raise SiteError("supervisord did not start; see logs/supervisord.log")
        time.sleep(0.1)


def wait_until_routed(cluster: Cluster, deadline: float) -> None:
    """Until HAProxy routes to every node and a page answers through it."""
    site = Site.load(cluster.site_file)
    for node in site.nodes:
        deploy_tool.wait_for_balancer(site, node, in_rotation=True, deadline=deadline)
    trust = ssl.create_default_context(cafile=str(cluster.ca_file))
    with httpx.Client(verify=trust, timeout=10) as client:
        response = client.get(cluster.url + "/")
        if response.status_code != 200:
            raise SiteError(f"The balancer answered {response.status_code} for /")


def start(root: Path, *, nodes: int, port: int | None, revision: str, demo: bool) -> Cluster:
    root = root.resolve()
    if (root / "cluster.json").exists():
        cluster = Cluster.load(root)
        if supervisord_pid(cluster):
            raise SiteError(f"The cluster in {root} is running already ({cluster.url})")
    else:
        cluster = new_cluster(root, nodes, port)
        cluster.save()
    deadline = time.monotonic() + START_TIMEOUT
    prepare_postgres(cluster)
    write_configs(cluster)
    start_supervisor(cluster)
    create_database(cluster, deadline)
    site = Site.load(cluster.site_file)
    first_start = not site.current.exists()
    release = deploy_tool.release(site, BASE_DIR, revision)
    if first_start:
        deploy_tool.point_at(site.current, release)
        for node in site.nodes:
            deploy_tool.point_at(node.release_link, release)
        deploy_tool.record(site, release)
        if demo:
            deploy_tool.manage(site, release, "load_demo_data")
    Supervisor(cluster.supervisor_config).run(
        "start", *cluster.node_names, *cluster.services, "haproxy"
    )
    wait_until_routed(cluster, time.monotonic() + START_TIMEOUT)
    if not first_start:
        deploy_tool.rolling(site, release.name)
    return cluster


def stop(root: Path) -> bool:
    """Stop the cluster's supervisord (and with it every process it started); whether one ran."""
    try:
        cluster = Cluster.load(root.resolve())
    except SiteError:
        return False
    pid = supervisord_pid(cluster)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)  # supervisord stops its programs, each by its stopsignal
    deadline = time.monotonic() + 90
    while supervisord_pid(cluster) is not None:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            raise SiteError(f"supervisord ({pid}) did not stop within 90 s; killed it")
        time.sleep(0.2)
    return True


def remove(root: Path) -> None:
    """Stop the cluster and delete its directory (and PostgreSQL's, if it lives elsewhere)."""
    root = root.resolve()
    try:
        cluster = Cluster.load(root)
    except SiteError:
        shutil.rmtree(root, ignore_errors=True)
        return
    stop(root)
    if not cluster.postgres_dir.is_relative_to(root):
        shutil.rmtree(cluster.postgres_dir, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)


def status(root: Path) -> str:
    cluster = Cluster.load(root.resolve())
    if supervisord_pid(cluster) is None:
        return f"The cluster in {cluster.root} is stopped."
    processes = Supervisor(cluster.supervisor_config).run("status")
    site = Site.load(cluster.site_file)
    servers = "\n".join(
        f"{name:<10} {state.status:<10} {state.sessions} in progress"
        for name, state in site.balancer.states().items()
    )
    return f"{cluster.url} (trust {cluster.ca_file})\n\n{processes}\n\nbalancer:\n{servers}"


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.cluster", description="The local cluster: start, stop, status."
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the cluster's directory")
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start", help="start (creating it the first time)")
    start_parser.add_argument("--nodes", type=int, default=3, help="web nodes (default 3)")
    start_parser.add_argument(
        "--port", type=int, default=8100,
        help="the balancer's port; nodes, PostgreSQL and Redis take the next ones (default 8100)",
    )  # fmt: skip
    start_parser.add_argument("--revision", default="HEAD", help="the git revision to run")
    start_parser.add_argument("--no-demo", action="store_true", help="skip the demo newsroom")
    commands.add_parser("stop", help="stop every process the cluster started")
    commands.add_parser("status", help="processes and the balancer's view of the nodes")
    commands.add_parser("remove", help="stop, then delete the cluster's directory")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = arguments(sys.argv[1:] if argv is None else argv)
    try:
        if options.command == "start":
            cluster = start(options.root, nodes=options.nodes, port=options.port,
                            revision=options.revision, demo=not options.no_demo)  # fmt: skip
            print(f"The cluster is up: {cluster.url} (trust {cluster.ca_file}).")
            print("`make cluster-status` shows it; `make cluster-stop` stops it.")
        elif options.command == "stop":
            print("Stopped." if stop(options.root) else "The cluster was not running.")
        elif options.command == "status":
            print(status(options.root))
        elif options.command == "remove":
            remove(options.root)
    except SiteError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
