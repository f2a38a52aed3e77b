"""The colonias catalogue as the ticket intake, the portal and Open311 read it: the list of
options, the typeahead, the chosen colonia, the pin's check and the map's settings. The
catalogue's own screens and writes (import, merge, figures) are app/places, a feature above
the tickets; this module sits beside the units' catalogue, below them.
"""
from functools import lru_cache

from flask import current_app
from sqlalchemy import case, select

from app.colonias import geo
from app.colonias.models import Colonia
from app.colonias.sepomex import name_key
from app.extensions import db
from app.validators import ValidationError, clean, db_int

SUGGESTION_LIMIT = 10
OTHER = "otra"  # the colonia choice «Otra (no está en la lista)»
UNKNOWN = "La colonia elegida no existe en el catálogo. Elíjala de la lista o escríbala en «Otra colonia»."


def municipality() -> tuple[str, str]:
    """(municipality, state) the catalogue is filtered to (configuration)."""
    return current_app.config["PLACES_MUNICIPALITY"], current_app.config["PLACES_STATE"]


def bounding_box() -> geo.BoundingBox:
    """The municipality's bounding box (configuration PLACES_BBOX)."""
    return _parse_bbox(current_app.config["PLACES_BBOX"])


@lru_cache(maxsize=4)
def _parse_bbox(text: str) -> geo.BoundingBox:
    return geo.parse_bbox(text)


def map_settings() -> dict | None:
    """What the map script needs (tile URL, attribution, the municipality's bounds), or None
    when no tile server is configured: then no map is shown and the forms work without it."""
    tiles = current_app.config.get("MAP_TILE_URL")
    if not tiles:
        return None
    return {"tiles": tiles, "attribution": current_app.config.get("MAP_TILE_ATTRIBUTION", ""),
            "bounds": bounding_box().as_list()}


def check_location(latitude, longitude) -> None:
    """A pin, when given, is inside the municipality (ValidationError otherwise)."""
    geo.check_point(latitude, longitude, bounding_box(), municipality()[0])


def resolve_colonia(choice, text) -> tuple[Colonia | None, str | None]:
    """(catalogue colonia, the ticket's colonia text) from a form's choice and free text.

    ``choice`` is a catalogue id, «otra» or empty. A merged colonia's id stands for the one
    that absorbed it. Free text that names exactly one catalogue colonia (accents, case and
    a leading «Col.» aside) is linked to it. An id not in the catalogue is a Spanish error.
    """
    choice = (str(choice).strip() if choice is not None else "")
    if choice and choice != OTHER:
        try:
            colonia = db.session.get(Colonia, db_int(choice))
        except (TypeError, ValueError):
            colonia = None
        colonia = surviving(colonia)
        if colonia is None:
            raise ValidationError(UNKNOWN, "colonia_id")
        return colonia, colonia.name
    text = clean(text)
    if not text:
        return None, None
    return find_by_name(text), text


def surviving(colonia: Colonia | None) -> Colonia | None:
    for _hop in range(10):  # merges are collapsed, so one hop is the rule
        if colonia is None or colonia.merged_into_id is None:
            break
        colonia = colonia.merged_into
    return colonia if colonia is not None and colonia.active else None


def find_by_name(text: str) -> Colonia | None:
    """The only active catalogue colonia with that name (by ``name_key``), else None."""
    key = name_key(text)
    if not key:
        return None
    rows = list(db.session.scalars(select(Colonia).where(
        Colonia.search_name == key, Colonia.active.is_(True)).limit(2)))
    return rows[0] if len(rows) == 1 else None


def list_colonia_options() -> list:
    """(id, name, kind, postal_code) of the active catalogue by name, for the forms' list."""
    return list(db.session.execute(
        select(Colonia.id, Colonia.name, Colonia.kind, Colonia.postal_code)
        .where(Colonia.active.is_(True)).order_by(Colonia.search_name, Colonia.postal_code)))


def suggest_colonias(term: str, limit: int = SUGGESTION_LIMIT) -> list[Colonia]:
    """Active colonias whose name holds the typed text (accents and case aside); names that
    start with it first."""
    key = name_key(term)
    if not key:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    starts = case((Colonia.search_name.startswith(key, autoescape=True), 0), else_=1)
    return list(db.session.scalars(
        select(Colonia).where(Colonia.active.is_(True),
                              Colonia.search_name.like(pattern, escape="\\"))
        .order_by(starts, Colonia.search_name, Colonia.postal_code).limit(limit)))
