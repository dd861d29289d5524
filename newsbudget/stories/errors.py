"""Domain errors of the newsroom, each mapped to one HTTP status by the pages and the API.

- ``NotPermitted`` (403): the person's role or desk does not allow the action.
- ``IllegalTransition`` (409): the move does not exist from the story's current status.
- ``django.core.exceptions.ValidationError`` (400): the data is wrong.
"""

from django.core.exceptions import PermissionDenied


class NotPermitted(PermissionDenied):
    """The actor may not do this to this story."""


class IllegalTransition(Exception):
    """The workflow does not allow this move from the story's current status (a conflict)."""

    status_code = 409
