"""A steady, bounded load on a site, recording every answer: for deploy and fault tests, and soaks.

``SteadyLoad`` runs a few threads, each sending requests from a list in turn
at a fixed pace (never faster: a load *below* capacity, so a failure means
something broke, not that the machine was saturated) until it is stopped or
its time is up.  Each answer is kept: when it was sent, the method and path,
the status or the error, the ``X-Release`` and ``X-Served-By`` headers.
``Summary`` counts them; ``failures`` are the answers a reader would notice
(an error, or a status of 500 and up), by method.

It targets one base URL, which the caller chooses: the tests and ``make
soak`` only ever point it at the local cluster on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Request:
    """One kind of request; ``json`` may be a function, called for a fresh body each time."""

    method: str
    path: str
    json: dict[str, object] | Callable[[], dict[str, object]] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, object] | None:
        return self.json() if callable(self.json) else self.json


@dataclass(frozen=True)
class Answer:
    sent: float  # time.monotonic() when sent
    method: str
    path: str
    status: int | None
    error: str | None
    release: str
    served_by: str
    body: bytes = b""

    @property
    def failed(self) -> bool:
        return self.status is None or self.status >= 500


@dataclass
class Summary:
    answers: list[Answer]

    @property
    def statuses(self) -> Counter[str]:
        return Counter(str(a.status or a.error) for a in self.answers)

    def failures(self, method: str | None = None) -> list[Answer]:
        return [a for a in self.answers if a.failed and method in (None, a.method)]

    def releases_seen_by(self, node: str) -> list[str]:
        """The releases a node answered with, in order, consecutive repeats collapsed."""
        sequence = [a.release for a in sorted(self.answers, key=lambda a: a.sent)
                    if a.served_by == node and a.status is not None]  # fmt: skip
        return [release for release, _run in itertools.groupby(sequence)]

    def describe(self) -> str:
        failed = Counter(f"{a.method} {a.status or a.error}" for a in self.failures())
        return f"{len(self.answers)} requests: {dict(self.statuses)}; failed: {dict(failed)}"


class SteadyLoad:
    """``threads`` clients, each sending one request every ``interval`` seconds at most."""

    def __init__(
        self,
        base_url: str,
        requests: Sequence[Request],
        *,
        threads: int = 4,
        interval: float = 0.05,
        duration: float = 600,
        verify: str | bool | ssl.SSLContext = True,
        timeout: float = 30,
        keep_body: Callable[[Request], bool] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.requests = list(requests)
        self.threads = threads
        self.interval = interval
        self.duration = duration
        # A path is a CA file to trust (the cluster's self-signed certificate).
        self.verify = (
            ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        )
        self.timeout = timeout
        self.keep_body = keep_body or (lambda _request: False)
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.workers: list[threading.Thread] = []

    def send(self, client: httpx.Client, request: Request) -> Answer:
        sent = time.monotonic()
        try:
            response = client.request(request.method, self.base_url + request.path,
                                      json=request.body(), headers=request.headers)  # fmt: skip
        except httpx.HTTPError as error:
            return Answer(sent, request.method, request.path, None, type(error).__name__, "", "")
        body = response.content if self.keep_body(request) else b""
        return Answer(
            sent, request.method, request.path, response.status_code, None,
            response.headers.get("X-Release", ""), response.headers.get("X-Served-By", ""), body,
        )  # fmt: skip

    def run(self, offset: int) -> None:
        deadline = time.monotonic() + self.duration
        turns = itertools.islice(itertools.cycle(self.requests), offset, None)
        with httpx.Client(verify=self.verify, timeout=self.timeout) as client:
            for request in turns:
                if self.stopping.is_set() or time.monotonic() > deadline:
                    return
                began = time.monotonic()
                answer = self.send(client, request)
                with self.lock:
                    self.answers.append(answer)
                self.stopping.wait(max(0.0, self.interval - (time.monotonic() - began)))

    def __enter__(self) -> SteadyLoad:
        for offset in range(self.threads):
            worker = threading.Thread(target=self.run, args=(offset,), daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> Summary:
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=self.timeout + 5)
        return self.summary()

    def summary(self) -> Summary:
        with self.lock:
            return Summary(list(self.answers))
