"""The systemd units run the Procfile's commands from the current release, as a user, gracefully.

``systemd-analyze verify`` needs systemd as PID 1, which test machines lack,
so the units are read as INI files and checked against the Procfile and the
grace periods the processes honour after SIGTERM.
"""

from __future__ import annotations

import configparser
import shlex

import pytest
from django.conf import settings

from config.tests.test_configuration_is_documented import variables_read_by_the_code
from tests.deployment.files import (
    ROOT,
    environment_file,
    procfile_argv,
    release_steps,
    seconds,
    systemd_unit,
    unit_environment,
    unit_values,
)

CURRENT = "/srv/newsbudget/current"
VENV_BIN = f"{CURRENT}/.venv/bin/"
ENVIRONMENT_FILE = ROOT / "deploy/systemd/newsbudget.env"
UNITS = {
    "web": "newsbudget-web@.service",
    "worker": "newsbudget-worker@.service",
    "scheduler": "newsbudget-scheduler.service",
    "realtime": "newsbudget-realtime@.service",
    "release": "newsbudget-release.service",
}
LONG_RUNNING = ("web", "worker", "scheduler", "realtime")
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
}
PER_INSTANCE = {"PORT", "DRAIN_FILE", "WEB_BIND", "REALTIME_PORT"}


def unit(process: str) -> configparser.RawConfigParser:
    return systemd_unit(UNITS[process])


def commands(process: str) -> list[list[str]]:
    """Each ExecStart, its program named as the Procfile names it (from the release's venv)."""
    argvs = []
    for line in unit_values(unit(process), "Service", "ExecStart"):
        argv = shlex.split(line)
        assert argv[0].startswith(VENV_BIN), line
        argvs.append([argv[0].removeprefix(VENV_BIN), *argv[1:]])
    return argvs


def grace_seconds(process: str) -> float:
    """How long the process may take after SIGTERM, with the environment file's values."""
    configured = environment_file(ENVIRONMENT_FILE)
    if process == "web":
        return float(configured.get("WEB_GRACEFUL_TIMEOUT", 20))  # gunicorn.conf.py's default
    if process == "worker":
        default = settings.WORKER_SHUTDOWN_GRACE_SECONDS
        return float(configured.get("WORKER_SHUTDOWN_GRACE_SECONDS", default))
    if process == "realtime":
        return float(configured.get("REALTIME_GRACEFUL_TIMEOUT", 10))  # config/realtime.py's
    # It releases its lease at once; past a lease, a standby would have taken over anyway.
    return settings.SCHEDULER_LEASE_SECONDS


@pytest.mark.parametrize("process", LONG_RUNNING)
def test_it_runs_the_procfiles_command(process: str) -> None:
    assert commands(process) == [procfile_argv(process)]


def test_the_release_unit_runs_the_procfiles_release_steps_in_order() -> None:
    assert commands("release") == release_steps()
    assert unit("release").get("Service", "Type") == "oneshot"


@pytest.mark.parametrize("process", UNITS)
def test_it_runs_the_current_release_as_a_user_with_the_environment_file(process: str) -> None:
    service = unit(process)["Service"]

    assert service["WorkingDirectory"] == CURRENT
    assert service["User"] not in ("root", "0", "")
    assert service["EnvironmentFile"] == "/etc/newsbudget/newsbudget.env"


@pytest.mark.parametrize("process", LONG_RUNNING)
def test_it_stops_gracefully_and_restarts_on_failure(process: str) -> None:
    service = unit(process)["Service"]

    assert service["KillSignal"] == "SIGTERM"
    assert seconds(service["TimeoutStopSec"]) > grace_seconds(process)
    assert service["Restart"] == "on-failure"


@pytest.mark.parametrize("process", UNITS)
def test_it_is_hardened(process: str) -> None:
    service = unit(process)["Service"]

    assert {key: service.get(key) for key in HARDENING} == HARDENING
    writable = service["ReadWritePaths"].split()
    assert "/var/lib/newsbudget" in writable
    assert not any(path.startswith("/srv/newsbudget") for path in writable)


def test_realtime_instances_differ_by_port() -> None:
    environment = unit_environment(unit("realtime"))

    assert environment["REALTIME_PORT"] == "%i"
    assert environment["REALTIME_REDIS_URL_FILE"] == "%d/realtime_redis_url"


def test_web_instances_differ_by_port_and_drain_file() -> None:
    environment = unit_environment(unit("web"))

    assert environment["PORT"] == "%i"
    assert "%i" in environment["DRAIN_FILE"]


@pytest.mark.parametrize("process", UNITS)
def test_secrets_come_as_credentials(process: str) -> None:
    environment = unit_environment(unit(process))
    credentials = unit_values(unit(process), "Service", "LoadCredential")

    assert environment["SECRET_KEY_FILE"] == "%d/secret_key"
    assert any(line.startswith("secret_key:") for line in credentials)


def test_the_environment_file_sets_only_what_the_site_reads() -> None:
    configured = environment_file(ENVIRONMENT_FILE)

    assert set(configured) - variables_read_by_the_code() == set()
    assert set(configured) & PER_INSTANCE == set()
    assert configured["NEWSBUDGET_ENV"] == "production"
    assert not any("SECRET" in name or "PASSWORD" in name for name in configured)
