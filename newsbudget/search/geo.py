"""Stories within a radius of a point, with their distance, on SQLite and PostgreSQL alike.

Distance is the haversine great-circle distance, computed with Django's math
functions (``Sin``, ``Cos``, ``ASin``, …), which both engines provide, so no
spatial extension (SpatiaLite, PostGIS) is needed for a newsroom's few
thousand located stories.  A bounding box on the plain latitude and longitude
columns comes first: a cheap range test that leaves the trigonometry to the
stories that could be in range.  The box widens with latitude (a degree of
longitude shrinks towards the poles), covers every longitude when it reaches
a pole, and wraps across the 180th meridian.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt

from newsbudget.search.forms import Near
from newsbudget.stories.models import Story

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
PLACES = Decimal("0.00001")


def floor5(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(PLACES, rounding=ROUND_FLOOR)


def ceil5(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(PLACES, rounding=ROUND_CEILING)


def bounding_box(near: Near) -> Q:
    """Stories whose coordinates fall in a box around the circle (a superset of it).

    >>> from newsbudget.search.forms import Near
    >>> bounding_box(Near(latitude=89.9, longitude=0, radius_km=50))
    <Q: (AND: ('latitude__gte', Decimal('89.45033')), ('latitude__lte', Decimal('90.00000')))>
    """
    spread = near.radius_km / KM_PER_DEGREE
    south, north = max(-90.0, near.latitude - spread), min(90.0, near.latitude + spread)
    box = Q(latitude__gte=floor5(south), latitude__lte=ceil5(north))
    if south <= -90 or north >= 90:
        return box
    width = spread / math.cos(math.radians(near.latitude))
    if width >= 180:
        return box
    west, east = near.longitude - width, near.longitude + width
    if west < -180:
        return box & (Q(longitude__gte=floor5(west + 360)) | Q(longitude__lte=ceil5(east)))
    if east > 180:
        return box & (Q(longitude__gte=floor5(west)) | Q(longitude__lte=ceil5(east - 360)))
    return box & Q(longitude__gte=floor5(west), longitude__lte=ceil5(east))


def distance_km(near: Near) -> ExpressionWrapper:
    """The haversine distance from ``near`` to a story's coordinates, in kilometres."""
    latitude = Radians(Cast(F("latitude"), FloatField()))
    longitude = Radians(Cast(F("longitude"), FloatField()))
    origin_latitude = math.radians(near.latitude)
    half_dlat = (latitude - Value(origin_latitude)) / Value(2.0)
    half_dlon = (longitude - Value(math.radians(near.longitude))) / Value(2.0)
    chord = Power(Sin(half_dlat), 2) + Cos(latitude) * Value(math.cos(origin_latitude)) * Power(
        Sin(half_dlon), 2
    )
    angle = ASin(Least(Value(1.0), Sqrt(chord)))
    return ExpressionWrapper(Value(2 * EARTH_RADIUS_KM) * angle, output_field=FloatField())


def within(stories: QuerySet[Story], near: Near) -> QuerySet[Story]:
    """``stories`` within ``near.radius_km`` of the point, annotated with ``distance_km``."""
    return (
        stories.filter(bounding_box(near))
        .annotate(distance_km=distance_km(near))
        .filter(distance_km__lte=near.radius_km)
    )
