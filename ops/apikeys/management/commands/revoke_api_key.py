"""``manage.py revoke_api_key PREFIX``: stop a key from working, from its next request on.

The prefix is the public start of the key (``nbk_3f9a2c1d``), as the admin
and the logs show it; the whole key is accepted too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.apikeys import keys, services
from ops.apikeys.models import APIKey


class Command(BaseCommand):
    help = "Revoke an API key by its prefix (e.g. nbk_3f9a2c1d)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="The key's prefix, as the admin shows it.")

    def handle(self, *args: Any, prefix: str, **options: Any) -> None:
        key = find(prefix)
        if services.revoke_key(key=key):
            self.stdout.write(f"Revoked {key.prefix} ({key.partner}).")
        else:
            assert key.revoked_at is not None  # noqa: S101 - revoke_key refreshed it
            self.stdout.write(
                f"{key.prefix} ({key.partner}) was already revoked on {key.revoked_at:%Y-%m-%d}."
            )


def find(prefix: str) -> APIKey:
    """The key with this prefix (or this whole key); ``CommandError`` if there is none."""
    if keys.well_formed(prefix):
        prefix = keys.prefix_of(prefix)
    key = APIKey.objects.filter(prefix=prefix).first() if len(prefix) <= 20 else None
    if key is None:
        raise CommandError(f"No API key has the prefix {prefix!r}")
    return key
