"""Helpers for the flag suites: a flag named ``beta_feature`` and the pages that show it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from waffle import get_waffle_flag_model

pytestmark = pytest.mark.urls("tests.flags.urls")


def make_flag(**fields: Any) -> Any:
    """The ``beta_feature`` flag with ``fields`` (``everyone=None``: decided per request)."""
    return get_waffle_flag_model().objects.create(name="beta_feature", **fields)


def feature_shown(client: Client, url: str = "/feature/") -> bool:
    content = client.get(url).content
    assert content in (b"<p>beta on</p>", b"<p>beta off</p>")
    return content == b"<p>beta on</p>"
