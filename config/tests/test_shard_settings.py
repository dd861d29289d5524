"""SHARD_DATABASE_URLS in a fresh interpreter: shards become databases, bad values stop start-up."""

from __future__ import annotations

from pathlib import Path

from config.tests.fresh_process import run_django

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SHARD_DATABASES, settings.SHARD_DRAINING_DATABASES, "
    "sorted(settings.DATABASES), settings.DATABASE_ROUTERS[0])"
)


def test_the_settings_add_each_shard_to_the_databases(tmp_path: Path) -> None:
    ran = run_django(
        tmp_path,
        SHOW,
        SHARD_DATABASE_URLS=f"default,u1=sqlite:///{tmp_path}/u1.db",
        SHARD_DRAINING_DATABASE_URLS=f"old=sqlite:///{tmp_path}/old.db",
    )

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[0] == (
        "['default', 'u1'] ['old'] ['default', 'old', 'u1'] ops.sharding.router.ShardRouter"
    )


def test_without_shards_there_is_only_default(tmp_path: Path) -> None:
    ran = run_django(tmp_path, SHOW)

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("[] [] ['default'] ")


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    ran = run_django(tmp_path, SHOW, SHARD_DATABASE_URLS="u1=mysql://u:secret@h/db")

    assert ran.returncode != 0
    assert "SHARD_DATABASE_URLS: the shard 'u1' must be SQLite or PostgreSQL" in ran.stderr
    assert "secret" not in ran.stderr
