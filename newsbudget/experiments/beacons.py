"""The front page's beacons: which headline each test shows this reader, and clicks through.

Fronts are cached whole (app page cache, nginx, CDNs), with every variant of a
running test in the page.  The front's script (``static/js/headline-test.js``)
POSTs here, past every cache, to learn this reader's variants — which counts
one impression of each — and sends a ``sendBeacon`` when the reader follows a
tested headline, which counts a click.  Both cost no query once the running
tests are cached, and never write the database (``services``).

The reader's bucket comes from the ``nb_reader`` first-party cookie, which this
endpoint sets (on a private, uncached POST response) when it is missing or
not one we could have issued.  Signed-in people get no variant and are not
counted: staff always see the real headline.  Like the page-view beacon these
are exempt from CSRF (they read no credential, and counting is open to
anyone; the rate limit bounds one client), refuse other sites' pages (403 on
``Sec-Fetch-Site: cross-site``) and count nothing for bots.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsbudget.experiments import bucketing, services
from ops.bots.agents import is_known_bot

CROSS_SITE = "Headline tests are counted from this site's pages only."


def counted_reader(request: HttpRequest) -> bool:
    """Whether this request is an anonymous reader's, from our own pages, not a bot's."""
    return not (
        request.user.is_authenticated or is_known_bot(request.headers.get("User-Agent", ""))
    )


def test_ids(values: list[str]) -> list[int]:
    """The well-formed test ids among ``values`` (at most the services' limit).

    >>> test_ids(["3", "x", "-1", "12", "9" * 30])
    [3, 12]
    """
    wanted = [int(value) for value in values if value.isdecimal() and len(value) <= 12]
    return wanted[: services.MAX_TESTS_PER_BEACON]


@csrf_exempt
@require_POST
def impressions(request: HttpRequest) -> HttpResponse:
    """Answer ``{"variants": {test id: variant}}`` for the POSTed ``tests``; count impressions."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse(CROSS_SITE, status=403, content_type="text/plain")
    if not counted_reader(request):
        return JsonResponse({"variants": {}})
    reader_id = bucketing.valid_reader_id(request.COOKIES.get(bucketing.READER_COOKIE))
    issued = reader_id is None
    reader_id = reader_id or bucketing.new_reader_id()
    assigned = services.count_impressions(
        reader_id=reader_id, test_ids=test_ids(request.POST.getlist("tests"))
    )
    response = JsonResponse({"variants": {str(test): v for test, v in assigned.items()}})
    if issued:
        response.set_cookie(
            bucketing.READER_COOKIE,
            reader_id,
            max_age=bucketing.READER_COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


@csrf_exempt
@require_POST
def click(request: HttpRequest, pk: int) -> HttpResponse:
    """Count a click through test ``pk``'s headline as this reader saw it; always 204."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse(CROSS_SITE, status=403, content_type="text/plain")
    reader_id = bucketing.valid_reader_id(request.COOKIES.get(bucketing.READER_COOKIE))
    if reader_id is not None and counted_reader(request):
        services.count_click(reader_id=reader_id, test_id=pk)
    return HttpResponse(status=204)
