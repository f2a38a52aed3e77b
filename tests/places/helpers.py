"""Factories of the places tests."""
from app.extensions import db
from app.colonias.models import Colonia
from app.colonias.sepomex import name_key


def make_colonia(name="Centro", *, kind="Colonia", postal_code="99000", **overrides) -> Colonia:
    colonia = Colonia(name=name, kind=kind, postal_code=postal_code, search_name=name_key(name),
                      **overrides)
    db.session.add(colonia)
    db.session.commit()
    return colonia
