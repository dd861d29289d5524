"""nginx with the shipped config (deploy/nginx) in front of the real gunicorn, and the real worker.

Everything is a real process on loopback: gunicorn as the Procfile starts it,
nginx from the rendered config, the ``worker`` running the purge task with
``PURGE_BACKEND=nginx``.  The tests prove what the upstream cache promises: a
second anonymous request is a HIT, a signed-in editor neither gets nor leaves
a cached page, and publishing (or unpublishing) purges the affected pages so
the very next anonymous request shows the change.  Publishing is done as an
editor would, through nginx: sign in, open the story, press the button.  Last,
``nginx -t`` accepts the rendered config, and the renderer refuses values that
would change its meaning.
"""

from __future__ import annotations

import base64
import http.cookiejar
import json
import re
import secrets
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deploy.nginx.render import ConfigError, render_config
from tests.factories import current_totp_code
from tests.servers import NGINX, NginxServer, free_port, nginx_server
from tests.system.conftest import copy_static
from tests.system.processes import Running, manage, process_env, procfile_command, running

pytestmark = pytest.mark.system

PASSWORD = "night-shift-password-42"
# The night editor's authenticator app: every account signs in with a TOTP code too.
TOTP_SECRET = base64.b32encode(secrets.token_bytes(20)).decode()
SECOND_STEP = "/accounts/2fa/authenticate/"
LIVE_HEADLINE = "Harbour bridge reopens after two years"
NEW_HEADLINE = "Council agrees to rebuild the old pier"

SEED = f"""
import json
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsbudget.accounts.roles import EDITOR, assign_role
from newsbudget.desks.models import Desk
from newsbudget.stories import services

editor = get_user_model().objects.create_user(
    "night-editor", "night-editor@newsroom.test", {PASSWORD!r}
)
assign_role(editor, EDITOR)
TOTP.activate(editor, {TOTP_SECRET!r})
desk = Desk.objects.create(name="News", slug="news")
desk.staff.add(editor)
stories = {{}}
for headline, moves in [
    ({LIVE_HEADLINE!r}, ["draft", "file", "publish"]),
    ({NEW_HEADLINE!r}, ["draft", "file"]),
]:
    story = services.create_story(
        by=editor, desk=desk, headline=headline, budget_date=timezone.localdate(),
        body="<p>It happened this morning.</p>", word_count=300,
    )
    for move in moves:
        services.transition_story(story=story, name=move, by=editor)
    stories[headline] = {{"id": story.pk, "slug": story.slug}}
print(json.dumps(stories))
"""


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache-Status", "")


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Show each response as it is (a login's 302 included) instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> Page:
    try:
        with opener.open(request, timeout=15) as response:
            body = response.read().decode(errors="replace")  # a gzipped file stays bytes-ish
            return Page(response.status, dict(response.headers), body)
    except urllib.error.HTTPError as error:
        with error:
            return Page(error.code, dict(error.headers), error.read().decode(errors="replace"))


class Reader:
    """An anonymous reader: no cookies, ever."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(KeepRedirects())

    def get(self, path: str, **headers: str) -> Page:
        return fetch(self.opener, urllib.request.Request(self.base + path, headers=headers))


class Editor(Reader):
    """A browser that keeps cookies: signs in and presses buttons, all through nginx."""

    def __init__(self, base: str) -> None:
        super().__init__(base)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            KeepRedirects(), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def post(self, path: str, fields: dict[str, str]) -> Page:
        data = urllib.parse.urlencode(fields).encode()
        return fetch(self.opener, urllib.request.Request(self.base + path, data=data))

    def submit(self, form_path: str, action: str, fields: dict[str, str]) -> Page:
        """Open the page holding the form, then post it with that page's CSRF token."""
        form = self.get(form_path)
        assert form.status == 200, form.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token, f"no CSRF token on {form_path}"
        return self.post(action, {"csrfmiddlewaretoken": token.group(1), **fields})

    def sign_in(self) -> None:
        page = self.submit(
            "/accounts/login/",
            "/accounts/login/",
            {"login": "night-editor", "password": PASSWORD},
        )
        assert page.status == 302, page.text[:500]
        code = current_totp_code(TOTP_SECRET)
        page = self.submit(SECOND_STEP, SECOND_STEP, {"code": code})
        assert page.status == 302, page.text[:500]
        assert any(cookie.name == "sessionid" for cookie in self.jar)


@dataclass
class Stack:
    site: str
    stories: dict[str, dict[str, Any]]
    nginx: NginxServer
    web: Running
    worker: Running

    def story(self, headline: str) -> dict[str, Any]:
        return self.stories[headline]

    def diagnostics(self) -> str:
        return f"web:\n{self.web.output()[-3000:]}\nnginx:\n{self.nginx.log()[-3000:]}"


def wait_for_site(reader: Reader, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    # A query string, so the probe never fills the cache; 502 until gunicorn is up.
    while reader.get("/?probe=1").status == 502:
        if time.monotonic() > deadline:
            raise AssertionError(f"The site did not answer through nginx within {timeout}s")
        time.sleep(0.2)


@pytest.fixture
def stack(tmp_path: Path, process_database_url: str, collected_static: Path) -> Iterator[Stack]:
    nginx_port, web_port = free_port(), free_port()
    site = f"http://127.0.0.1:{nginx_port}"
    env = process_env(
        tmp_path,
        process_database_url,
        PORT=str(web_port),
        WEB_CONCURRENCY="2",
        SITE_URL=site,
        PURGE_BACKEND="nginx",
        PURGE_NGINX_URL=site,
    )
    manage(env, "migrate", "--noinput")
    copy_static(collected_static, env)
    # Seeding purges nothing (no nginx yet): the only purges are the ones under test.
    seeded = manage({**env, "PURGE_BACKEND": "none"}, "shell", "--no-imports", "-c", SEED)
    stories = json.loads(seeded.strip().splitlines()[-1])

    with (
        running(procfile_command("web"), env, tmp_path / "web.log") as web,
        nginx_server(
            port=nginx_port,
            upstreams=[f"127.0.0.1:{web_port}"],
            static_root=str(tmp_path / "static"),
        ) as nginx,
        running(procfile_command("worker"), env, tmp_path / "worker.log") as worker,
    ):
        web.wait_for(r"Listening at: http://127\.0\.0\.1:\d+", timeout=30)
        worker.wait_for(r"Starting worker", timeout=30)
        wait_for_site(Reader(site), timeout=30)
        yield Stack(site, stories, nginx, web, worker)


def test_a_second_anonymous_request_is_a_hit(stack: Stack) -> None:
    reader = Reader(stack.site)
    path = f"/stories/{stack.story(LIVE_HEADLINE)['slug']}/"

    first, second = reader.get(path), reader.get(path)

    assert (first.status, first.cache) == (200, "MISS"), stack.diagnostics()
    assert "s-maxage=" in first.headers["Cache-Control"]
    assert (second.status, second.cache) == (200, "HIT")
    assert second.text == first.text
    assert LIVE_HEADLINE in second.text
    assert reader.get(path + "?utm_source=newsletter").cache == "HIT"


def test_query_strings_cannot_fill_the_cache_with_variants(stack: Stack) -> None:
    reader = Reader(stack.site)

    for junk in ("?x=1", "?x=2", "?page=2", "?page=1&page=2"):
        assert reader.get("/" + junk).cache == "BYPASS", junk
    assert reader.get("/").cache == "MISS"  # none of them was stored as the home page


def test_nginx_and_the_app_log_the_same_request_id(stack: Stack) -> None:
    reader = Reader(stack.site)

    given = reader.get("/?page=1", **{"X-Request-ID": "edge-lb-77"})
    made = reader.get("/?page=1")
    hostile = reader.get("/?page=1", **{"X-Request-ID": "<script>"})
    cached = [reader.get("/sitemap.xml") for _ in range(2)]
    time.sleep(0.5)  # the log lines reach their files

    assert given.headers["X-Request-ID"] == "edge-lb-77"
    assert len(made.headers["X-Request-ID"]) == 32, "nginx's own $request_id"
    assert hostile.headers["X-Request-ID"] != "<script>"
    access_log = (stack.nginx.root / "access.log").read_text()
    for page in (given, made, hostile):
        request_id = page.headers["X-Request-ID"]
        assert f"id={request_id}" in access_log
        assert f"request_id={request_id}" in stack.web.output()
    # A page served from the cache carries this request's id, not the stored one.
    assert cached[1].cache == "HIT"
    assert cached[0].headers["X-Request-ID"] != cached[1].headers["X-Request-ID"]
    assert f"id={cached[1].headers['X-Request-ID']}" in access_log


def test_metrics_are_not_served_through_the_public_edge(stack: Stack) -> None:
    assert Reader(stack.site).get("/metrics").status == 404


def test_hashed_static_files_come_from_disk_with_far_future_headers(stack: Stack) -> None:
    reader = Reader(stack.site)
    home = reader.get("/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, home.text[:1000]

    css = reader.get(stylesheet.group(1), **{"Accept-Encoding": "gzip"})

    assert css.status == 200
    assert css.headers["Cache-Control"] == "public, max-age=315360000, immutable"
    assert css.headers.get("Content-Encoding") == "gzip"  # collectstatic's .gz, via gzip_static
    assert "X-Cache-Status" not in css.headers  # nginx read the file; gunicorn never saw it


def test_a_signed_in_editor_never_gets_or_leaves_a_cached_page(stack: Stack) -> None:
    reader, editor = Reader(stack.site), Editor(stack.site)
    story = f"/stories/{stack.story(LIVE_HEADLINE)['slug']}/"
    reader.get(story)
    assert reader.get(story).cache == "HIT"

    editor.sign_in()
    for path in (story, story, "/desks/news/", "/newsroom/budget/"):
        page = editor.get(path)
        assert (page.status, page.cache) == (200, "BYPASS"), (path, stack.diagnostics())
        assert "private" in page.headers["Cache-Control"], path
        assert "no-store" in page.headers["Cache-Control"], path
        assert "Log out night-editor" in page.text, path

    anonymous_story = reader.get(story)
    assert anonymous_story.cache == "HIT"
    assert "Log out" not in anonymous_story.text
    anonymous_front = reader.get("/desks/news/")  # only the editor had asked for it before
    assert anonymous_front.cache == "MISS"
    assert "Log out" not in anonymous_front.text
    assert reader.get("/newsroom/budget/").status == 302  # to the login page, never a copy


def wait_for_purges(worker: Running, count: int, timeout: float = 30) -> None:
    """Wait until the worker has logged ``count`` completed purges."""
    deadline = time.monotonic() + timeout
    while len(re.findall(r"Purged \d+ URL\(s\) from the upstream cache", worker.output())) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} purge(s) not done in {timeout}s:\n{worker.output()}")
        time.sleep(0.2)


def test_publishing_purges_so_the_next_anonymous_request_shows_the_change(stack: Stack) -> None:
    reader, editor = Reader(stack.site), Editor(stack.site)
    new = stack.story(NEW_HEADLINE)
    pages = ["/", "/desks/news/", "/desks/news/feed.rss", "/api/v1/stories/"]
    for path in pages:
        reader.get(path)
        stale = reader.get(path)
        assert stale.cache == "HIT" or path.startswith("/api/"), (path, stale.cache)
        assert NEW_HEADLINE not in stale.text, path

    editor.sign_in()
    published = editor.submit(
        f"/newsroom/stories/{new['id']}/",
        f"/newsroom/stories/{new['id']}/transition/",
        {"transition": "publish"},
    )
    assert published.status == 302, published.text[:1000]
    wait_for_purges(stack.worker, count=1)

    for path in pages:
        fresh = reader.get(path)
        assert NEW_HEADLINE in fresh.text, (path, fresh.cache, stack.diagnostics())
        if not path.startswith("/api/"):
            assert fresh.cache == "MISS", path
            assert reader.get(path).cache == "HIT", path
    story = f"/stories/{new['slug']}/"
    assert reader.get(story).cache == "MISS"
    assert reader.get(story).cache == "HIT"

    unpublished = editor.submit(
        f"/newsroom/stories/{new['id']}/",
        f"/newsroom/stories/{new['id']}/transition/",
        {"transition": "unpublish"},
    )
    assert unpublished.status == 302, unpublished.text[:1000]
    wait_for_purges(stack.worker, count=2)

    gone = reader.get(story)
    assert gone.status == 404, (gone.cache, stack.diagnostics())
    assert NEW_HEADLINE not in reader.get("/").text


@pytest.mark.parametrize(
    ("static_root", "realtime"),
    [(None, ()), ("/srv/newsbudget/static", ()), (None, ("127.0.0.1:8001", "10.0.0.6:8001"))],
)
def test_nginx_accepts_the_rendered_config(
    tmp_path: Path, static_root: str | None, realtime: tuple[str, ...]
) -> None:
    config = tmp_path / "nginx.conf"
    config.write_text(
        render_config(
            listen_port=free_port(),
            upstreams=["127.0.0.1:8000", "10.0.0.6:8000"],
            cache_dir=str(tmp_path / "cache"),
            static_root=static_root,
            realtime_upstreams=realtime,
        )
    )

    checked = subprocess.run(
        [str(NGINX), "-t", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip

    assert checked.returncode == 0, checked.stderr
    assert ("location /ws/" in config.read_text()) == bool(realtime)


@pytest.mark.parametrize(
    "arguments",
    [
        {"upstreams": ["127.0.0.1:8000; return 200"]},
        {"upstreams": []},
        {"realtime_upstreams": ["127.0.0.1:8001; return 200"]},
        {"cache_dir": "/tmp/cache; deny all"},
        {"cache_dir": "relative/cache"},
        {"static_root": "/srv/static }"},
        {"listen_port": 70000},
    ],
)
def test_the_renderer_refuses_values_that_would_change_the_configs_meaning(
    arguments: dict[str, Any],
) -> None:
    values: dict[str, Any] = {
        "listen_port": 8080,
        "upstreams": ["127.0.0.1:8000"],
        "cache_dir": "/srv/newsbudget/nginx/cache",
        **arguments,
    }

    with pytest.raises(ConfigError):
        render_config(**values)
