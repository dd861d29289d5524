"""``manage.py create_api_key --partner NAME``: issue a partner API key and print it, once.

$ manage.py create_api_key --partner "Acme News" --email api@acme.test --expires-days 365
Issued nbk_3f9a2c1d to Acme News (expires 2027-03-02; daily quota: 10,000 (default); …).
The key is shown once; store it now:
nbk_3f9a2c1d_…
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.apikeys import services
from ops.apikeys.authentication import describe, rate_of
from ops.apikeys.models import APIKey
from ops.apikeys.quotas import DAILY, MONTHLY, limits


class Command(BaseCommand):
    help = "Issue an API key to a partner and print it (it is shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", required=True, help="Who the key is for.")
        parser.add_argument("--email", default="", help="The partner's contact address.")
        parser.add_argument("--expires-days", type=int, help="Expire after this many days.")
        parser.add_argument(
            "--daily-quota", type=int, help="Requests per UTC day (0: unlimited; default: site's)."
        )
        parser.add_argument(
            "--monthly-quota", type=int, help="Requests per month (0: unlimited; default: site's)."
        )
        parser.add_argument("--rate", default="", help="Own rate limit, e.g. 600/m.")
        parser.add_argument("--created-by", help="Username recorded as the issuer.")

    def handle(self, *args: Any, **options: Any) -> None:
        expires_days = options["expires_days"]
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be 1 or more")
        for name in ("daily_quota", "monthly_quota"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be 0 (unlimited) or more")
        try:
            issued = services.issue_key(
                partner=options["partner"],
                contact_email=options["email"],
                created_by=issuer(options["created_by"]),
                expires_at=timezone.now() + datetime.timedelta(days=expires_days)
                if expires_days
                else None,
                daily_quota=options["daily_quota"],
                monthly_quota=options["monthly_quota"],
                rate=options["rate"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        key = issued.key
        self.stdout.write(f"Issued {key.prefix} to {key.partner} ({terms(key)}).")
        self.stdout.write("The key is shown once; store it now:")
        self.stdout.write(issued.secret)


def issuer(username: str | None) -> Any:
    if username is None:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No user is called {username!r}") from None


def terms(key: APIKey) -> str:
    """``expires …; daily quota: …; monthly quota: …; rate: …``."""
    expiry = f"expires {key.expires_at:%Y-%m-%d}" if key.expires_at else "no expiry"
    quota = limits(key)
    own = {DAILY: key.daily_quota, MONTHLY: key.monthly_quota}
    parts = [expiry]
    for period in (DAILY, MONTHLY):
        amount = f"{quota[period]:,}" if quota[period] else "unlimited"
        parts.append(f"{period} quota: {amount}{'' if own[period] is not None else ' (default)'}")
    rate = describe(rate_of(key))
    parts.append(f"rate: {rate}{'' if key.rate else ' (default)'}")
    return "; ".join(parts)
