"""The search parameters, validated once for the page, the staff page and the API.

``SearchForm`` turns a query string into ``SearchParams`` or into messages
that name the parameter at fault (the views answer 400 with them).  Every
value is bounded: the text by ``syntax.MAX_QUERY_LENGTH``, numbers by their
real ranges, dates by the calendar, the radius by ``MAX_RADIUS_KM``, pages by
``MAX_PAGE``; NaN and infinities are refused by Django's ``FloatField``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms

from newsbudget.search.syntax import MAX_QUERY_LENGTH, ParsedQuery, QueryError, parse
from newsbudget.stories.models import MAX_WORD_COUNT

MAX_RADIUS_KM = 500.0
DEFAULT_RADIUS_KM = 25.0
MAX_PAGE = 500
RELEVANCE, NEWEST, DISTANCE = "relevance", "newest", "distance"
ISO_DATE = ["%Y-%m-%d"]


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True)
class SearchParams:
    """One validated search: the parsed text (if any), the filters, the order and the page."""

    query: ParsedQuery | None = None
    desk: str = ""
    tag: str = ""
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    min_words: int | None = None
    max_words: int | None = None
    near: Near | None = None
    sort: str = NEWEST
    page: int = 1

    @property
    def has_criteria(self) -> bool:
        """Whether anything was asked for (an empty form shows no results, not every story)."""
        filters = (self.desk, self.tag, self.published_from, self.published_to, self.near)
        words = (self.min_words, self.max_words)
        return self.query is not None or any(filters) or any(n is not None for n in words)

    def cache_key_material(self) -> str:
        text = self.query.normalized() if self.query else ""
        return repr((text, *(value for name, value in vars(self).items() if name != "query")))


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, label="Search for")
    desk = forms.SlugField(required=False, max_length=50)
    tag = forms.SlugField(required=False, max_length=60)
    published_from = forms.DateField(required=False, input_formats=ISO_DATE, label="From")
    published_to = forms.DateField(required=False, input_formats=ISO_DATE, label="To")
    min_words = forms.IntegerField(required=False, min_value=0, max_value=MAX_WORD_COUNT)
    max_words = forms.IntegerField(required=False, min_value=0, max_value=MAX_WORD_COUNT)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, label="Latitude")
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, label="Longitude")
    radius_km = forms.FloatField(
        required=False, min_value=0.1, max_value=MAX_RADIUS_KM, label="Within (km)"
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Best first"),
            (RELEVANCE, "Relevance"),
            (NEWEST, "Newest"),
            (DISTANCE, "Nearest"),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self) -> ParsedQuery | None:
        text = self.cleaned_data["q"]
        if not text:
            return None
        try:
            return parse(text)
        except QueryError as error:
            raise forms.ValidationError(str(error), code="query") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        self.check_pair("published_from", "published_to", "The start date is after the end date.")
        self.check_pair("min_words", "max_words", "The minimum length is above the maximum.")
        self.check_location(data)
        self.check_sort(data)
        return data

    def check_pair(self, low: str, high: str, message: str) -> None:
        first, last = self.cleaned_data.get(low), self.cleaned_data.get(high)
        if first is not None and last is not None and first > last:
            self.add_error(high, message)

    def check_location(self, data: dict[str, Any]) -> None:
        given = [name for name in ("lat", "lon") if data.get(name) is not None]
        if len(given) == 1 and not self.has_error("lat") and not self.has_error("lon"):
            self.add_error(None, "Give both a latitude (lat) and a longitude (lon), or neither.")
        if data.get("radius_km") is not None and not given:
            self.add_error("radius_km", "A radius needs a latitude (lat) and a longitude (lon).")

    def check_sort(self, data: dict[str, Any]) -> None:
        if data.get("sort") == DISTANCE and data.get("lat") is None:
            self.add_error(
                "sort", "Sorting by distance needs a latitude (lat) and a longitude (lon)."
            )
        if data.get("sort") == RELEVANCE and not data.get("q") and not self.has_error("q"):
            self.add_error("sort", "Sorting by relevance needs words to search for (q).")

    def params(self) -> SearchParams:
        """The validated parameters; only after ``is_valid()`` returned True."""
        data = self.cleaned_data
        near = None
        if data.get("lat") is not None and data.get("lon") is not None:
            radius = data.get("radius_km") or DEFAULT_RADIUS_KM
            near = Near(latitude=data["lat"], longitude=data["lon"], radius_km=radius)
        return SearchParams(
            query=data.get("q"),
            desk=data.get("desk") or "",
            tag=data.get("tag") or "",
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            min_words=data.get("min_words"),
            max_words=data.get("max_words"),
            near=near,
            sort=data.get("sort") or default_sort(data.get("q"), near),
            page=data.get("page") or 1,
        )

    def error_message(self) -> str:
        """All the form's errors in one sentence per parameter, for a page or an API body."""
        parts = []
        for field, errors in self.errors.items():
            name = "search" if field == "__all__" else field
            parts.append(f"{name}: {' '.join(str(error) for error in errors)}")
        return "; ".join(parts)


def default_sort(query: ParsedQuery | None, near: Near | None) -> str:
    if near is not None:
        return DISTANCE
    return RELEVANCE if query is not None else NEWEST
