"""``GET /api/v1/search/``: the public search (Live stories only, whoever asks) as JSON.

The same ``SearchForm`` and ``search_stories`` as the site's page, so the
parameters, the validation messages, the ranking and the cache are the
same; invalid parameters are a 400 in the API's error format, naming each
parameter.  Staff are served Live stories here too: the API's search is a
public read (the newsroom's own search is the staff page).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from newsbudget.api.errors import error_responses
from newsbudget.api.views import JSONAPIView
from newsbudget.search.forms import SearchForm
from newsbudget.search.queries import SearchResults, search_stories


class FacetSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class HitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="story_id")
    headline_html = serializers.CharField(
        help_text="The headline, HTML-escaped, with each match in a <mark> element."
    )
    snippet_html = serializers.CharField(
        help_text="A passage of the body or summary around the matches, escaped, with <mark>s."
    )
    url = serializers.SerializerMethodField(help_text="The story's public page.")
    desk = serializers.SerializerMethodField()
    byline = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    published_at = serializers.DateTimeField(allow_null=True)
    word_count = serializers.IntegerField()
    location_name = serializers.CharField()
    distance_km = serializers.FloatField(allow_null=True, help_text="Given lat and lon.")
    score = serializers.FloatField(
        source="rank", allow_null=True, help_text="Relevance; higher is better. Given q."
    )

    def get_url(self, hit: Any) -> str:
        return str(self.context["request"].build_absolute_uri(hit.url))

    @extend_schema_field(
        {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}
    )
    def get_desk(self, hit: Any) -> dict[str, str]:
        return {"slug": hit.desk_slug, "name": hit.desk_name}


class FacetsSerializer(serializers.Serializer[Any]):
    desk = FacetSerializer(many=True, source="desks")
    tag = FacetSerializer(many=True, source="tags")


class SearchResultsSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(source="total")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.SerializerMethodField()
    previous = serializers.SerializerMethodField()
    results = HitSerializer(many=True, source="hits")
    facets = FacetsSerializer(source="*")

    def get_next(self, results: SearchResults) -> str | None:
        return self.page_link(results.page + 1) if results.page < results.pages else None

    def get_previous(self, results: SearchResults) -> str | None:
        return self.page_link(results.page - 1) if results.page > 1 else None

    def page_link(self, page: int) -> str:
        request = self.context["request"]
        query = request.query_params.copy()
        query["page"] = str(page)
        return str(request.build_absolute_uri(f"{request.path}?{query.urlencode()}"))


def parameter(name: str, kind: OpenApiTypes, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


PARAMETERS = [
    parameter(
        "q",
        OpenApiTypes.STR,
        'Words to find (all of them); "a phrase"; a OR b; -excluded. At most 200 characters.',
    ),
    parameter("desk", OpenApiTypes.STR, "A desk's slug."),
    parameter("tag", OpenApiTypes.STR, "A tag's slug."),
    parameter("published_from", OpenApiTypes.DATE, "Published on or after (YYYY-MM-DD)."),
    parameter("published_to", OpenApiTypes.DATE, "Published on or before (YYYY-MM-DD)."),
    parameter("min_words", OpenApiTypes.INT, "At least this many words."),
    parameter("max_words", OpenApiTypes.INT, "At most this many words."),
    parameter("lat", OpenApiTypes.DOUBLE, "Latitude of a point (with lon)."),
    parameter("lon", OpenApiTypes.DOUBLE, "Longitude of a point (with lat)."),
    parameter("radius_km", OpenApiTypes.DOUBLE, "Within this distance of lat/lon (default 25)."),
    parameter("sort", OpenApiTypes.STR, "relevance (default with q), newest, or distance."),
    parameter("page", OpenApiTypes.INT, "Page number, from 1."),
]


class SearchView(JSONAPIView):
    """Full-text search of Live stories, with filters, facets and distance."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search stories",
        description="Live stories matching words and filters, best first, with facet counts.",
        parameters=PARAMETERS,
        responses={200: SearchResultsSerializer, **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        params = form.params()
        if not params.has_criteria:
            raise serializers.ValidationError(
                {"q": ["Give words to search for (q), a filter, or a location (lat, lon)."]}
            )
        results = search_stories(params, staff=False)
        return Response(SearchResultsSerializer(results, context={"request": request}).data)


def form_errors(form: SearchForm) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if field == "__all__" else field): [str(error) for error in errors]
        for field, errors in form.errors.items()
    }
