"""The 429 answer: JSON in the API's error envelope under the API prefixes, an HTML page elsewhere.

Both carry ``Retry-After`` (whole seconds) so well-behaved clients and
crawlers know when to come back.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import select_template

TEMPLATES = ["429.html", "throttle/429.html"]


def too_many_requests(
    request: HttpRequest, *, retry_after: int, message: str, reason: str, says_when: bool = False
) -> HttpResponse:
    """A 429 for ``request``, in the form its route speaks, telling when to retry.

    The HTML page adds "Please try again in …" unless ``says_when`` (the message already does).
    """
    response: HttpResponse
    if wants_json(request):
        body = {"error": {"status": 429, "code": "throttled", "message": message}}
        response = JsonResponse(body, status=429)
    else:
        page = select_template(TEMPLATES).render(
            {
                "message": message,
                "wait": "" if says_when or retry_after <= 0 else describe_wait(retry_after),
                "reason": reason,
            },
            request,
        )
        response = HttpResponse(page, status=429)
    if retry_after > 0:
        response["Retry-After"] = str(retry_after)
    return response


def wants_json(request: HttpRequest) -> bool:
    """Whether the request is for an API route (by path prefix) or asks only for JSON."""
    prefixes = tuple(getattr(settings, "THROTTLE_JSON_PATH_PREFIXES", ("/api/",)))
    if request.path.startswith(prefixes):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def describe_wait(seconds: int) -> str:
    """
    >>> describe_wait(1), describe_wait(45), describe_wait(900), describe_wait(3600)
    ('1 second', '45 seconds', '15 minutes', '60 minutes')
    """
    if seconds >= 120:
        minutes = round(seconds / 60)
        return f"{minutes} minutes"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
