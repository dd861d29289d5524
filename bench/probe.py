"""One request before and after each run, to prove a scenario measures the layer it names.

wrk counts responses but does not look at them; a run that silently measured
the wrong layer (a MISS where a HIT was meant, a 200 where a 304 was meant)
would be a wrong number with a right label.  Each scenario states what its
response must show, and the benchmark checks it on either side of the load.
"""

from __future__ import annotations

import http.client
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    """A response as a check needs it: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Expectation:
    """What the response of a scenario must be: a status and some header values."""

    status: int
    headers: Mapping[str, str]
    body: bytes | None = None

    def problems(self, answer: Answer) -> list[str]:
        """How ``answer`` differs from this expectation; empty when it matches.

        >>> hit = Expectation(200, {"x-app-cache": "hit"})
        >>> hit.problems(Answer(200, {"x-app-cache": "hit"}, b"page"))
        []
        >>> hit.problems(Answer(200, {"x-app-cache": "miss"}, b"page"))
        ["x-app-cache is 'miss', not 'hit'"]
        """
        found = []
        if answer.status != self.status:
            found.append(f"status is {answer.status}, not {self.status}")
        for name, value in self.headers.items():
            if answer.headers.get(name) != value:
                found.append(f"{name} is {answer.headers.get(name)!r}, not {value!r}")
        if self.body is not None and answer.body != self.body:
            found.append(f"body differs ({len(answer.body)} bytes, not {len(self.body)})")
        return found


def fetch(url: str, headers: Sequence[str] = ()) -> Answer:
    """GET ``url`` with ``headers`` (``"Name: value"`` strings), as wrk would send them."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        sent = dict(header.split(": ", 1) for header in headers)
        connection.request("GET", parts.path or "/", headers=sent)
        response = connection.getresponse()
        body = response.read()
        received = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, received, body)
    finally:
        connection.close()
