"""A throwaway migrations package for the command, written per test.

``MIGRATION_MODULES`` points ``humanize`` (installed, with no models or
migrations of its own) at it, so the command sees an app with exactly the
migrations a test wrote, among the real ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

APP = "humanize"
INITIAL = """
from django.db import migrations, models

class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel("Thing", fields=[
            ("id", models.BigAutoField(primary_key=True)),
            ("note", models.TextField(null=True)),
        ]),
    ]
"""
REMOVE_NOTE = """
from django.db import migrations

class Migration(migrations.Migration):
    dependencies = [("humanize", "0001_initial")]
    operations = [migrations.RemoveField("thing", "note")]
{marker}
"""
_numbers = itertools.count()


class SampleApp:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, source: str) -> None:
        (self.root / f"{name}.py").write_text(source)

    def record_applied(self, *names: str) -> None:
        for name in names:
            MigrationRecorder(connection).record_applied(APP, name)


@pytest.fixture
def sample_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleApp]:
    package = f"sample_migrations_{next(_numbers)}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    app = SampleApp(tmp_path / package)
    app.write("0001_initial", INITIAL)
    with override_settings(MIGRATION_MODULES={APP: package}):
        yield app
