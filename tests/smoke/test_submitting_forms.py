"""The crawler submits each form empty and hostile, as a browser would, and fails only on a 5xx."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx

from tests.hostile.payloads import XSS_PAYLOADS
from tests.smoke.fakesite import Reply, html, site
from tests.smoke.inputs import VARIANTS

CONTACT_FORM = (
    '<form method="post" action="/contact/">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    '<input name="name"><input type="email" name="email"><textarea name="message"></textarea>'
    "</form>"
)
SEARCH_FORM = '<form action="/search/" method="get"><input type="search" name="q"></form>'


def contact_page(request: httpx.Request) -> Reply:
    """A contact page that hands out a new CSRF token (and cookie) on every visit."""
    token = f"token-{len(request.url.path)}-{id(request)}"
    return Reply(
        html("Contact", CONTACT_FORM.format(token=token)),
        headers={"set-cookie": f"csrftoken={token}; Path=/"},
    )


def checks_csrf(request: httpx.Request) -> Reply:
    """A view behind CSRF protection: the posted token must be the cookie's."""
    posted = parse_qs(request.content.decode()).get("csrfmiddlewaretoken", [""])[0]
    cookie = request.headers.get("cookie", "")
    if not posted or f"csrftoken={posted}" not in cookie:
        return Reply(html("Forbidden", "CSRF verification failed."), status=403)
    return Reply(status=302, headers={"location": "/thanks/"})


def test_it_submits_a_form_empty_and_with_every_hostile_variant() -> None:
    fake = site(
        {
            "/": Reply(html("Home", SEARCH_FORM)),
            "/search/": Reply(html("Results")),
        }
    )
    report = fake.crawl()
    assert report.ok, report.summary()
    searches = [r for r in fake.requests if r.url.path == "/search/"]
    assert len(searches) == len(VARIANTS)
    assert searches[0].url.params["q"] == ""
    assert searches[1].url.params["q"] == XSS_PAYLOADS[0]
    assert any(len(r.url.params["q"]) == 10_240 for r in searches)
    assert [s["variant"] for s in report.forms[0]["submissions"]] == [v.label for v in VARIANTS]


def test_it_posts_with_the_csrf_token_of_a_fresh_visit_and_follows_to_the_thank_you_page() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<a href="/contact/">Contact</a>')),
            "/contact/": lambda r: contact_page(r) if r.method == "GET" else checks_csrf(r),
            "/thanks/": Reply(html("Thank you")),
        }
    )
    report = fake.crawl()
    assert report.ok, report.summary()
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == len(VARIANTS)
    assert all(r.headers["origin"] == "http://site.test" for r in posts)
    assert all(r.headers["referer"] == "http://site.test/contact/" for r in posts)
    assert {s["status"] for s in report.forms[0]["submissions"]} == {200}


def test_it_fails_a_post_refused_for_its_csrf_token() -> None:
    fake = site(
        {
            "/": Reply(html("Home", CONTACT_FORM.format(token="stale"))),
            "/contact/": checks_csrf,  # no page hands out the cookie: every POST is refused
        }
    )
    report = fake.crawl()
    assert {f.kind for f in report.failures} == {"form-csrf"}


def test_it_fails_a_form_that_answers_500_to_hostile_input_but_not_to_a_4xx() -> None:
    def fragile(request: httpx.Request) -> Reply:
        query = request.url.params.get("q", "")
        if "\x00" in query:
            return Reply(html("Bad request"), status=400)
        if "'" in query:
            return Reply("Server Error", status=500)
        return Reply(html("Results"))

    report = site({"/": Reply(html("Home", SEARCH_FORM)), "/search/": fragile}).crawl()
    statuses = {s["variant"]: s["status"] for s in report.forms[0]["submissions"]}
    assert [label for label, status in statuses.items() if status == 500] == ["sql", "sql-union"]
    assert statuses["nul-byte"] == 400
    assert [f.kind for f in report.failures] == ["form-5xx", "form-5xx"]
    assert "(sql)" in report.failures[0].detail


def test_it_fails_a_form_that_renders_hostile_input_as_markup() -> None:
    def reflects(request: httpx.Request) -> Reply:
        return Reply(html("Results", f"You searched for {request.url.params.get('q', '')}"))

    report = site({"/": Reply(html("Home", SEARCH_FORM)), "/search/": reflects}).crawl()
    assert "form-unsafe-markup" in {f.kind for f in report.failures}


def test_it_submits_a_sign_in_form_only_a_couple_of_times() -> None:
    sign_in = (
        '<form method="post" action="/login/"><input name="login">'
        '<input type="password" name="password"></form>'
    )
    fake = site({"/": Reply(html("Home", sign_in)), "/login/": Reply(html("Sign in"))})
    report = fake.crawl(sign_in_submissions=2)
    assert len(fake.paths("POST")) == 2
    assert report.forms[0]["sign_in"] is True


def test_it_never_submits_a_form_to_another_origin() -> None:
    elsewhere = '<form action="https://elsewhere.example/subscribe" method="post"><input name="e">'
    fake = site({"/": Reply(html("Home", elsewhere + "</form>"))})
    report = fake.crawl()
    assert fake.paths("POST") == []
    assert report.forms[0]["skipped"] == "action is not on this origin"


def test_it_submits_nothing_when_told_not_to() -> None:
    fake = site({"/": Reply(html("Home", SEARCH_FORM)), "/search/": Reply(status=500)})
    assert fake.crawl(forms=False).ok
    assert "/search/" not in {r.url.path for r in fake.requests}
