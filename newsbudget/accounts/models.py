"""The newsroom's user model: Django's user, named for bylines."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member of staff (or an admin) who signs in."""

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    @property
    def byline(self) -> str:
        """The name printed on a story: the full name, or the username when none is set."""
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.byline
