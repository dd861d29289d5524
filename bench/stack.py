"""The stack a benchmark measures: a loaded site, its app servers and nginx, all on loopback.

The site runs with production settings (``NEWSBUDGET_ENV=production``: DEBUG
off, hashed static files, a real secret) except ``SECURE_SSL_REDIRECT``, as
nothing terminates TLS on loopback.  Its data is the demo newsroom
(``load_demo_data``, seeded, so every run measures the same pages) in a
database that lives only for the run:

- ``embedded`` (the default): SQLite and diskcache in the run's temporary
  directory, the tier ``make run`` uses on one machine;
- ``production``: a PostgreSQL and a redis-server started for the run by
  ``tests/servers.py``, the tier a multi-machine deploy uses.

Every app server is started with the same environment, so the only
differences between two of them are the ones a scenario names (the cache
backend, the server program).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import Server, StackError, start, wait_until_serving
from tests.servers import free_port, postgres_server, redis_server

PROJECT = Path(__file__).resolve().parent.parent
NGINX = Path("/usr/sbin/nginx")
RENDER_MODULE = PROJECT / "deploy" / "nginx" / "render.py"
GRANIAN_REQUIREMENT = "granian==2.8.7"
SETUP_TIMEOUT = 300
# The page measured: the oldest Live story of the seeded demo newsroom.
STORY_QUERY = (
    "from newsbudget.stories.models import Story, Status; "
    "story = Story.objects.filter(status=Status.LIVE).order_by('pk').first(); "
    "print('BENCH_STORY=' + story.slug)"
)


@dataclass
class Site:
    """A loaded site: its temporary directory, environment and the story page measured."""

    root: Path
    environment: dict[str, str]
    services: str
    story_path: str = ""
    servers: list[Server] = field(default_factory=list)

    @property
    def static_root(self) -> Path:
        return self.root / "static"

    def app_environment(self, *, cache_url: str | None = None, **extra: str) -> dict[str, str]:
        """The site's environment, with another cache backend or extra variables."""
        variables = {**self.environment, **extra}
        if cache_url is not None:
            variables["CACHE_URL"] = cache_url
        return variables

    def log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    def stop_all(self) -> None:
        """Stop every server this site started, newest first."""
        while self.servers:
            self.servers.pop().stop()


def settings_variables() -> set[str]:
    """The variables the site reads, as .env.example documents them."""
    text = (PROJECT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.M)) | {"DJANGO_SETTINGS_MODULE"}


def site_environment(root: Path, database_url: str, cache_url: str) -> dict[str, str]:
    """Production settings on loopback, pointed at this run's database, cache and files.

    The rest of the environment is inherited (PATH, certificates for uv, ...),
    less any site setting the developer's shell holds: each run gets the same.
    """
    ours = settings_variables()
    inherited = {name: value for name, value in os.environ.items() if name not in ours}
    return {
        **inherited,
        "PYTHONDONTWRITEBYTECODE": "1",
        "NEWSBUDGET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "media"),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(os.cpu_count() or 1),
        # One loopback client fetching one page thousands of times a second is what the
        # scraping and API limits exist to stop; the benchmark measures pages, not 429s.
        "RATE_LIMIT_PAGES": "off",
        "RATE_LIMIT_LIST_PAGES": "off",
        "RATE_LIMIT_API": "off",
    }


def manage(site: Site, *arguments: str) -> str:
    """Run one ``manage.py`` command for the site; its output, or a StackError saying why."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=site.environment,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise StackError(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def load(site: Site) -> None:
    """Migrate, load the demo newsroom, collect static files and pick the story page."""
    manage(site, "migrate", "--noinput", "--verbosity", "0")
    manage(site, "load_demo_data")
    manage(site, "collectstatic", "--noinput", "--verbosity", "0")
    found = re.search(r"^BENCH_STORY=(\S+)$", manage(site, "shell", "-c", STORY_QUERY), re.M)
    if found is None:
        raise StackError("the demo data has no Live story to measure")
    site.story_path = f"/stories/{found.group(1)}/"


@contextlib.contextmanager
def loaded_site(services: str) -> Iterator[Site]:
    """A site loaded with the demo newsroom on ``services``; everything removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="newsbudget-bench-"))
    try:
        with contextlib.ExitStack() as stack:
            if services == "production":
                database_url = stack.enter_context(postgres_server())
                cache_url = stack.enter_context(redis_server())
            else:
                database_url = f"sqlite:///{root / 'db.sqlite3'}"
                cache_url = f"diskcache://{root / 'cache'}"
            site = Site(root, site_environment(root, database_url, cache_url), services)
            stack.callback(site.stop_all)
            load(site)
            yield site
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- App servers ------------------------------------------------------------


def gunicorn_command(worker_class: str, threads: int) -> list[str]:
    """The Procfile's ``web`` command, with another worker class when asked."""
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]
    if worker_class != "sync":
        command += ["--worker-class", worker_class, "--threads", str(threads)]
    return [*command, "config.wsgi"]


def start_gunicorn(
    site: Site,
    name: str,
    *,
    cache_url: str | None = None,
    worker_class: str = "sync",
    threads: int = 1,
) -> Server:
    """gunicorn with config/gunicorn.conf.py on a free port, serving the site."""
    port = free_port()
    environment = site.app_environment(
        cache_url=cache_url, WEB_BIND=f"127.0.0.1:{port}", PORT=str(port)
    )
    return started(site, name, gunicorn_command(worker_class, threads), port, environment)


def granian_command(port: int, workers: int, options: Sequence[str] = ()) -> list[str]:
    """granian serving the WSGI app with as many workers as gunicorn, logging each request.

    granian is measured, not shipped: ``uv run --with`` adds it to the
    project's environment for this process only (uv caches that environment,
    and passes SIGTERM on to granian when the benchmark stops it).
    """
    return [
        "uv", "run", "--frozen", "--with", GRANIAN_REQUIREMENT, "python", "-m", "granian",
        "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--access-log", "--log-level", "warning", *options,
        "config.wsgi:application",
    ]  # fmt: skip


def start_granian(
    site: Site, name: str, *, cache_url: str | None = None, options: Sequence[str] = ()
) -> Server:
    """granian (WSGI interface) on a free port, serving the site, with extra ``options``."""
    port = free_port()
    environment = site.app_environment(cache_url=cache_url)
    workers = int(environment["WEB_CONCURRENCY"])
    return started(site, name, granian_command(port, workers, options), port, environment)


def started(
    site: Site, name: str, command: list[str], port: int, environment: Mapping[str, str]
) -> Server:
    server = start(name, command, port=port, log=site.log(name), env=environment, cwd=PROJECT)
    site.servers.append(server)
    wait_until_serving(server, site.story_path)
    return server


# --- nginx ------------------------------------------------------------------


def render_nginx_config(**arguments: object) -> str:
    """The shipped nginx config (deploy/nginx/render.py), rendered for this run."""
    if not RENDER_MODULE.exists():
        raise StackError(f"{RENDER_MODULE.relative_to(PROJECT)} is missing: no nginx config")
    spec = importlib.util.spec_from_file_location("newsbudget_nginx_render", RENDER_MODULE)
    if spec is None or spec.loader is None:
        raise StackError(f"cannot load {RENDER_MODULE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config: str = module.render_config(**arguments)
    return config


def start_nginx(site: Site, upstream: Server) -> Server:
    """nginx with the shipped config in front of ``upstream``, its files in the run's directory.

    The config keeps its pid file, temp files and access log beside the cache
    (``run_dir``), so everything nginx writes is under the run's directory.
    """
    if not os.access(NGINX, os.X_OK):
        raise StackError(f"{NGINX} is missing; run scripts/ensure-servers (as root)")
    prefix = site.root / "nginx"
    (prefix / "cache").mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(
        render_nginx_config(
            listen_port=port,
            upstreams=[f"127.0.0.1:{upstream.port}"],
            cache_dir=str(prefix / "cache"),
            static_root=str(site.static_root),
            user=nginx_user(),
        )
    )
    command = [str(NGINX), "-p", str(prefix), "-c", str(config), "-e", str(site.log("nginx"))]
    return started(site, "nginx", command, port, site.environment)


def nginx_user() -> str | None:
    """Run nginx's workers as ourselves: as root they would otherwise drop to ``nobody``,
    who can read neither the run's private directory nor write its cache."""
    return pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else None
