"""Schemathesis fuzzes every operation of the live OpenAPI schema: no 5xx, answers as documented.

The schema is fetched from ``/api/v1/schema/`` of the WSGI application itself
(in-process: no server, same database transaction as the test), so an
endpoint added later is fuzzed without touching this file.  Each operation
gets a bounded number of generated requests, valid and invalid, derandomised
so a failure reproduces (the seed is printed; ``FUZZ_SEED`` and
``FUZZ_EXAMPLES`` change it).  Reads are fuzzed as an anonymous reader and as
a partner with an API key; every operation again as an editor signed in with
``Authorization: Token …`` (so write bodies get past the 401 to validation
and the services).  Every response must be below 500 and match the schema:
status code, content type, headers and body; a request that breaks the schema
must be refused.

Two checks are left out:

- "schema-valid data must be accepted".  The schema cannot say that ``desk``
  must name an existing desk, ``bylines`` existing staff, or that a location
  needs both coordinates or neither, so valid-looking bodies are rightly
  refused with a 400 (or a 403/409 from the workflow).
- "a query parameter the schema does not declare must be refused".  The API
  ignores unknown parameters on purpose (``?utm_source=…`` must share the one
  cached copy, docs/caching.md), so ``?=true`` is answered like no parameter.
  Invalid values are still generated and must never get a 5xx; the 400s for
  invalid values of declared parameters are pinned by the endpoint tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.conf import Settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, seed, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from ops.apikeys.services import issue_key
from tests.factories import StoryFactory, TagFactory

SEED = int(os.environ.get("FUZZ_SEED", "20261123"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS_LEFT_OUT = [positive_data_acceptance, negative_data_rejection]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
"""Fetched once, at collection, from the application itself: no database needed for it."""
# Each test sends its own credentials; generated Authorization headers would only replace them.
schema.config.generation.update(with_security_parameters=False)
# A page size that is not a positive whole number falls back to the default by design
# (test_story_list.py), which "invalid data must be refused" would count against it.
schema.config.update(parameters={"query.page_size": "5"})


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Stop Django closing the test's database connection after each fuzzed request.

    A WSGI request ends with ``close_old_connections``, which closes a connection
    inside a transaction, such as the test's own (on PostgreSQL, where
    connections persist); Django's test client unhooks it in the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def newsroom(db: None, settings: Settings, desk: Desk, other_desk: Desk, editor: User) -> None:
    """A few stories to read and edit; rate limits off (hundreds of requests are the point)."""
    settings.RATE_LIMITS = {}
    tag = TagFactory(name="Council", slug="council")
    StoryFactory(desk=desk, status=Status.LIVE, tags=[tag], bylines=[editor])
    StoryFactory(desk=desk, status=Status.DRAFT, bylines=[editor])
    StoryFactory(desk=other_desk, status=Status.LIVE)
    print(f"schemathesis: seed {SEED} (FUZZ_SEED), {EXAMPLES} examples per operation")


@pytest.fixture
def token(editor: User) -> str:
    key: str = Token.objects.get_or_create(user=editor)[0].key
    return key


@pytest.fixture
def api_key() -> str:
    return issue_key(partner="Fuzzing Partner").secret


@schema.include(method="GET").parametrize()
@seed(SEED)
@FUZZ
def test_reads_as_a_reader(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=CHECKS_LEFT_OUT)


@schema.include(method="GET").parametrize()
@seed(SEED)
@FUZZ
def test_reads_as_a_partner(case: schemathesis.Case, api_key: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Api-Key {api_key}"}, excluded_checks=CHECKS_LEFT_OUT
    )


@schema.parametrize()
@seed(SEED)
@FUZZ
def test_every_operation_as_an_editor(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"}, excluded_checks=CHECKS_LEFT_OUT
    )
