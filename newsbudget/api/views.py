"""The API's endpoints: each parses the request, calls one query or service, renders the result.

Authentication is by token first, then a partner's API key (reads only, as an
anonymous reader, see ``ops.apikeys``), then session: an anonymous write is a
401 whose ``WWW-Authenticate: Token`` tells the client how to sign in (with the
session first, DRF would have to answer 403).  Session requests keep Django's
CSRF protection.  The API speaks JSON only, in and out, so every request body
has one documented shape and anything else is a clear 415.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, NoReturn, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from newsbudget.accounts.models import User
from newsbudget.api.authentication import TokenAuthentication
from newsbudget.api.errors import error_responses
from newsbudget.api.filters import StoryFilter
from newsbudget.api.permissions import ViewsNewsroom
from newsbudget.api.serializers import (
    BudgetSerializer,
    DeskListSerializer,
    StoryInputSerializer,
    StorySerializer,
    TransitionInputSerializer,
)
from newsbudget.budget.queries import budget_for
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Story
from newsbudget.stories.queries import visible_stories, with_relations
from ops.apikeys.authentication import APIKeyAuthentication

STORY_ID = re.compile(r"[0-9]{1,18}")
"""Ids the database can hold; anything else is a 404 before it reaches a query."""

STORY_ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The story's id."
)


class JSONAPIView(APIView):
    """Defaults shared by every endpoint: token, API key or session authentication, JSON only."""

    authentication_classes = [TokenAuthentication, APIKeyAuthentication, SessionAuthentication]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request}


def validated(serializer: BaseSerializer[Any]) -> dict[str, Any]:
    """The serializer's validated data; a 400 in the API's error format otherwise."""
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="List stories",
        description="Live stories for everyone; every status for newsroom staff. "
        "Most recently published first (staff: most recently updated first).",
        responses={200: StorySerializer(many=True), **error_responses(400, 401, 404)},
    ),
    create=extend_schema(
        summary="Create a story",
        description="Starts a story as an Idea on a desk you work on.",
        request=StoryInputSerializer,
        responses={201: StorySerializer, **error_responses(400, 401, 403, 415)},
    ),
    retrieve=extend_schema(
        summary="Show a story",
        parameters=[STORY_ID_PARAMETER],
        description="A Live story for everyone; a story in any status for newsroom staff.",
        responses={200: StorySerializer, **error_responses(401, 404)},
    ),
    update=extend_schema(
        summary="Replace a story's editable fields",
        parameters=[STORY_ID_PARAMETER],
        description="desk, headline and budget_date are required; other fields left out "
        "keep their value.",
        request=StoryInputSerializer,
        responses={200: StorySerializer, **error_responses(400, 401, 403, 404, 415)},
    ),
    partial_update=extend_schema(
        summary="Change some of a story's fields",
        parameters=[STORY_ID_PARAMETER],
        description="Only the fields sent change; `location` is replaced as a whole.",
        request=StoryInputSerializer,
        responses={200: StorySerializer, **error_responses(400, 401, 403, 404, 415)},
    ),
    transition=extend_schema(
        summary="Move a story along the workflow",
        parameters=[STORY_ID_PARAMETER],
        description="Makes one workflow move, such as publish, recorded with who and when.",
        request=TransitionInputSerializer,
        responses={200: StorySerializer, **error_responses(400, 401, 403, 404, 409, 415)},
    ),
)
class StoryViewSet(JSONAPIView, GenericViewSet[Story]):
    """Stories: list, create, show, edit, and move along the workflow."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = StorySerializer
    filterset_class = StoryFilter
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self) -> QuerySet[Story]:
        return visible_stories(self.request.user)

    def get_object(self) -> Story:
        """A story the user may see; filters from the query string do not apply here."""
        if not STORY_ID.fullmatch(self.kwargs["id"]):
            raise NotFound("No story has that id.")
        story = self.get_queryset().filter(pk=int(self.kwargs["id"])).first()
        if story is None:
            raise NotFound("No story has that id.")
        return story

    def list(self, request: Request) -> Response:
        stories = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(stories)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def create(self, request: Request) -> Response:
        fields = validated(StoryInputSerializer(data=request.data))
        story = services.create_story(by=actor(request), **fields)
        location = reverse("api:story-detail", kwargs={"id": story.pk}, request=request)
        return Response(
            self.rendered(story), status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request: Request, id: str) -> Response:
        return self.edit(request, partial=False)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.edit(request, partial=True)

    @action(detail=True, methods=["post"], url_path="transitions")
    def transition(self, request: Request, id: str) -> Response:
        story = self.get_object()
        fields = validated(TransitionInputSerializer(data=request.data))
        services.transition_story(story=story, name=fields["transition"], by=actor(request))
        return Response(self.rendered(story))

    def edit(self, request: Request, *, partial: bool) -> Response:
        story = self.get_object()
        changes = validated(StoryInputSerializer(data=request.data, partial=partial))
        services.update_story(story=story, by=actor(request), **changes)
        return Response(self.rendered(story))

    def rendered(self, story: Story) -> dict[str, Any]:
        """``story`` as saved, read back with its relations."""
        fresh = with_relations(Story.objects.filter(pk=story.pk)).get()
        return dict(self.get_serializer(fresh).data)


@extend_schema(
    summary="The budget for a day",
    description="Every desk, in newsroom order, with the stories planned for the day "
    "in workflow order. Newsroom staff only.",
    parameters=[
        OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD.")
    ],
    responses={200: BudgetSerializer, **error_responses(401, 403, 404)},
)
class BudgetView(JSONAPIView):
    """The daily plan, grouped by desk."""

    permission_classes = [ViewsNewsroom]

    def get(self, request: Request, day: str) -> Response:
        date = parse_day(day)
        budget = {"date": date, "desks": budget_for(date)}
        return Response(BudgetSerializer(budget, context=self.get_serializer_context()).data)


def parse_day(day: str) -> datetime.date:
    """A YYYY-MM-DD path segment as a date; an impossible day (2026-02-30) is a 404."""
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        raise NotFound(f"There is no day {day}; give a date as YYYY-MM-DD.") from None


@extend_schema(
    summary="List desks",
    description="Every desk, in newsroom order.",
    responses={200: DeskListSerializer(many=True), **error_responses(401)},
)
class DeskListView(JSONAPIView, ListAPIView[Desk]):
    """The newsroom's desks; few enough to need no pagination."""

    permission_classes = [AllowAny]
    serializer_class = DeskListSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self) -> QuerySet[Desk]:
        return Desk.objects.order_by("position", "name", "pk")


@extend_schema(exclude=True)
class NoSuchEndpoint(JSONAPIView):
    """Any other URL under /api/v1/: a 404 in the API's format, whatever the method."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> NoReturn:
        raise NotFound("There is no such API endpoint; see /api/v1/docs/.")

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> NoReturn:
        self.http_method_not_allowed(request)


def actor(request: Request) -> User:
    """The signed-in user making a write; the permission classes ensured there is one."""
    return cast(User, request.user)
