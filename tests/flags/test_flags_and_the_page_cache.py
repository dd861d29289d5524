"""Flags and the shared caches: a flag cookie never varies or privatises a cached public page.

A reader's ``dwf_*`` cookies are not "personal" (only the session, messages
and Authorization are), so they get the same cached page and ETag as anyone.
A public page must not decide a flag per reader (docs/flags.md); if one did,
``public_page`` refuses to store it, so no reader ever gets another's decision.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.flags.conftest import make_flag

pytestmark = pytest.mark.urls("tests.flags.urls")
ROOT = Path(__file__).resolve().parents[2]


def test_flag_cookies_get_the_shared_cached_page(db: None) -> None:
    first = Client().get("/public-plain/")
    reader = Client()
    reader.cookies["dwf_beta_feature"] = "True"
    reader.cookies["dwf_other"] = "False"

    second = reader.get("/public-plain/")

    assert (first["X-App-Cache"], second["X-App-Cache"]) == ("miss", "hit")
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"]
    assert not second.cookies


def test_a_public_page_that_decides_a_flag_per_reader_is_never_shared(db: None) -> None:
    make_flag(percent=50)
    inside = Client()
    inside.cookies["dwf_beta_feature"] = "True"

    responses = [inside.get("/public-feature/"), Client().get("/public-feature/")]

    assert all("private" in r["Cache-Control"] for r in responses)
    assert all("X-App-Cache" not in r for r in responses)
    assert b"beta on" in responses[0].content


def test_public_templates_decide_no_flag() -> None:
    """The rule behind the above: no flag in a template the page cache serves to everyone."""
    public = [*ROOT.glob("newsbudget/site/templates/**/*.html"), ROOT / "templates/base.html"]

    using = [str(p) for p in public if "waffle_tags" in p.read_text() or "{% flag" in p.read_text()]

    assert public
    assert using == []
