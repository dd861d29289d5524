"""compose.yaml runs the Procfile's processes behind a health-checked balancer, in order."""

from __future__ import annotations

from config.tests.test_configuration_is_documented import variables_read_by_the_code
from tests.deployment.files import (
    APP_SERVICES,
    ROOT,
    compose,
    procfile,
    procfile_argv,
    seconds,
    service_environment,
)

SITE = {"SITE_HOST": "news.example.org"}
LONG_RUNNING = ("lb", "web", "worker", "scheduler", "realtime", "db", "redis")


def services() -> dict[str, dict[str, object]]:
    found = compose()["services"]
    assert isinstance(found, dict)
    return found


def test_web_worker_scheduler_and_realtime_run_the_procfiles_commands() -> None:
    for name in ("web", "worker", "scheduler", "realtime"):
        assert services()[name]["command"] == procfile_argv(name), name


def test_release_runs_the_procfiles_release_line() -> None:
    assert services()["release"]["command"] == ["sh", "-c", procfile()["release"]]


def test_there_are_two_web_containers() -> None:
    assert services()["web"]["deploy"] == {"replicas": 2}


def test_every_variable_it_passes_is_one_the_site_reads() -> None:
    read = variables_read_by_the_code()
    for name in APP_SERVICES:
        passed = {key.removesuffix("_FILE") for key in service_environment(name, SITE)}
        assert passed - read == set(), name


def test_every_process_gets_what_production_requires() -> None:
    for name in APP_SERVICES:
        environment = service_environment(name, SITE)
        assert environment["NEWSBUDGET_ENV"] == "production"
        assert environment["SECRET_KEY_FILE"].startswith("/run/secrets/")
        assert environment["ALLOWED_HOSTS"] == "news.example.org"
        assert environment["SITE_URL"] == "https://news.example.org"
        # Shared services, never a container's own SQLite or diskcache.
        assert {"DATABASE_URL_FILE", "CACHE_URL_FILE"} <= environment.keys()


def test_the_processes_share_one_environment_and_web_adds_its_bind() -> None:
    worker = service_environment("worker", SITE)

    assert service_environment("scheduler", SITE) == worker
    assert service_environment("release", SITE) == worker
    assert service_environment("web", SITE) == worker | {"WEB_HOST": "0.0.0.0", "PORT": "8000"}  # noqa: S104
    assert service_environment("realtime", SITE) == worker | {
        "REALTIME_HOST": "0.0.0.0",  # noqa: S104
        "REALTIME_PORT": "8001",
        "REALTIME_GRACEFUL_TIMEOUT": "10",
    }


def test_secrets_come_from_files_outside_the_image_and_git() -> None:
    for secret in compose()["secrets"].values():
        assert secret["file"].startswith("./var/compose-secrets/")
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "var/" in ignored
    assert "/var/" in (ROOT / ".gitignore").read_text().splitlines()


def test_every_long_running_service_has_a_health_check() -> None:
    for name in LONG_RUNNING:
        check = services()[name]["healthcheck"]
        assert check["test"], name
        assert not check.get("disable"), name


def test_web_waits_for_the_release_and_the_release_for_its_services() -> None:
    conditions = {
        name: {dep: spec["condition"] for dep, spec in services()[name]["depends_on"].items()}
        for name in ("web", "worker", "scheduler", "realtime", "release", "lb")
    }

    for name in ("web", "worker", "scheduler", "realtime"):
        assert conditions[name]["release"] == "service_completed_successfully"
    assert conditions["release"] == {"db": "service_healthy", "redis": "service_healthy"}
    assert conditions["lb"] == {"web": "service_healthy"}
    assert services()["release"]["restart"] == "no"


def test_stop_grace_periods_outlast_the_processes_own() -> None:
    for name, variable in (
        ("web", "WEB_GRACEFUL_TIMEOUT"),
        ("worker", "WORKER_SHUTDOWN_GRACE_SECONDS"),
        ("realtime", "REALTIME_GRACEFUL_TIMEOUT"),
    ):
        grace = float(service_environment(name, SITE)[variable])
        assert seconds(services()[name]["stop_grace_period"]) > grace, name


def test_the_balancer_checks_readiness_of_the_web_containers() -> None:
    (mount,) = services()["lb"]["volumes"]
    config = (ROOT / mount.split(":")[0]).read_text()

    assert "uri /readyz" in config
    assert "server-template web- 10 web:8000" in config
    assert services()["web"]["environment"]["PORT"] == "8000"


def test_the_balancer_sends_websockets_to_the_realtime_containers() -> None:
    (mount,) = services()["lb"]["volumes"]
    config = (ROOT / mount.split(":")[0]).read_text()

    assert "use_backend realtime if { path_beg /ws/ }" in config
    assert "server-template realtime- 10 realtime:8001" in config
    assert "timeout tunnel 1h" in config
    assert services()["realtime"]["environment"]["REALTIME_PORT"] == "8001"
    assert "frontend" in services()["realtime"]["networks"]


def test_realtime_shares_the_caches_redis_as_its_channel_layer() -> None:
    environment = service_environment("realtime", SITE)
    assert environment["REALTIME_REDIS_URL_FILE"] == environment["CACHE_URL_FILE"]
