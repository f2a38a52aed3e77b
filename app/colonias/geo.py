"""Points and distances (pure functions): the municipality's bounding box, the pin check, the
distance between two pins and the box around a point that SQL prefilters with."""
import math
from dataclasses import dataclass
from decimal import Decimal

from app.validators import ValidationError

EARTH_RADIUS_M = 6_371_008.8
METERS_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def as_list(self) -> list[float]:
        """[[south, west], [north, east]], as Leaflet takes bounds."""
        return [[self.south, self.west], [self.north, self.east]]


def parse_bbox(text: str) -> BoundingBox:
    """«south,west,north,east» (the PLACES_BBOX setting) → a BoundingBox."""
    try:
        south, west, north, east = (float(part) for part in text.split(","))
    except (AttributeError, ValueError):
        raise ValueError(f"PLACES_BBOX no es «sur,oeste,norte,este»: {text!r}") from None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError(f"PLACES_BBOX no describe una caja válida: {text!r}")
    return BoundingBox(south, west, north, east)


def check_point(latitude: Decimal | None, longitude: Decimal | None, box: BoundingBox,
                place: str) -> None:
    """Both coordinates or none, and inside the municipality; ValidationError otherwise."""
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise ValidationError("Indique la latitud y la longitud juntas.", "latitude")
    if not box.contains(float(latitude), float(longitude)):
        raise ValidationError(f"La ubicación marcada está fuera del municipio de {place}. "
                              "Mueva el marcador dentro del municipio o quítelo.", "latitude")


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def degree_margins(lat, meters: float) -> tuple[float, float]:
    """(Δlat, Δlon) in degrees of a box that holds every point within ``meters`` of a point at
    latitude ``lat`` (a little wider, so the exact distance decides)."""
    dlat = meters / METERS_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(abs(float(lat)) + dlat)), 0.01)
    return dlat * 1.01, dlat / cos_lat * 1.01
