"""The image runs the Procfile's web process as a non-root user, with static files built in."""

from __future__ import annotations

import subprocess
import sys

from tests.deployment.files import ROOT, Stage, dockerfile_stages, procfile_argv

SECRETS = ("SECRET_KEY", "DATABASE_URL", "CACHE_URL", "EMAIL_URL", "PASSWORD", "TOKEN", "DSN")


def final() -> Stage:
    return dockerfile_stages()[-1]


def gunicorn_bind(environment: dict[str, str]) -> str:
    """The address config/gunicorn.conf.py binds with exactly this environment."""
    program = "import runpy; print(runpy.run_path('config/gunicorn.conf.py')['bind'])"
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PROMETHEUS_MULTIPROC_DIR": "/tmp", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_it_builds_on_python_slim() -> None:
    images = {stage.image for stage in dockerfile_stages() if stage.name != "uv"}

    assert images == {"python:3.13-slim"}


def test_it_installs_only_the_locked_production_dependencies() -> None:
    runs = " ".join(i.arguments for stage in dockerfile_stages() for i in stage.all("RUN"))

    assert "uv sync --frozen --no-dev" in runs


def test_it_runs_the_procfiles_web_command() -> None:
    assert final().last("CMD").exec_form() == procfile_argv("web")


def test_it_listens_on_every_interface_at_the_exposed_port() -> None:
    bind = gunicorn_bind(final().env())

    assert bind == f"0.0.0.0:{final().last('EXPOSE').arguments}"


def test_it_runs_as_a_user_other_than_root() -> None:
    user = final().last("USER").arguments.split(":")[0]

    assert user not in ("root", "0", "")


def test_its_health_check_asks_healthz_with_python() -> None:
    command = final().last("HEALTHCHECK").exec_form()

    assert command[0] == "python"
    assert "/healthz" in command[-1]


def test_it_collects_static_files_at_build_time() -> None:
    build = next(stage for stage in dockerfile_stages() if stage.name == "build")
    collect = [i for i in build.all("RUN") if "manage.py collectstatic --noinput" in i.arguments]
    copies = [i.arguments for i in final().all("COPY")]

    assert collect
    assert "--from=build /app /app" in copies
    assert build.env()["STATIC_ROOT"] == final().env()["STATIC_ROOT"]
    assert final().env()["STATIC_ROOT"].startswith("/app/")


def test_it_bakes_in_no_secret() -> None:
    names = [name for stage in dockerfile_stages() for name in stage.env()]
    names += [i.arguments.split("=")[0] for stage in dockerfile_stages() for i in stage.all("ARG")]

    assert [name for name in names if any(secret in name for secret in SECRETS)] == []
