"""The newsroom's user model: Django's user, named for bylines, knowing whether it has 2FA."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of staff (or an admin) who signs in."""

    has_2fa = models.BooleanField(
        "two-factor authentication",
        default=False,
        editable=False,
        help_text="Whether the account has an authenticator app (TOTP) enrolled. Kept in step "
        "with its authenticators by newsbudget.accounts.twofactor; every request reads it "
        "from the user row it loads anyway.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    @property
    def byline(self) -> str:
        """The name printed on a story: the full name, or the username when none is set."""
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.byline
