"""Duplicates by catalogue colonia and by distance: the same category within 150 m, open,
in the last 30 days; the box is prefiltered in SQL, the exact distance decides."""
from datetime import timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.colonias.geo import distance_m
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.duplicates import list_duplicate_candidates, list_duplicates_of_page
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_user
from tests.places.helpers import make_colonia

LAT, LONG = Decimal("23.174700"), Decimal("-102.870000")
NORTH_149 = Decimal("0.001340")  # ≈ 149 m north
NORTH_152 = Decimal("0.001370")  # ≈ 152 m north
EAST_148 = Decimal("0.001450")   # ≈ 148 m east at this latitude


def _pinned(category, dlat=Decimal(0), dlong=Decimal(0), **overrides):
    return make_ticket(category, colonia=overrides.pop("colonia", "Sin nombre"),
                       latitude=LAT + dlat, longitude=LONG + dlong, **overrides)


def test_the_test_offsets_are_on_either_side_of_150_m():
    assert distance_m(LAT, LONG, LAT + NORTH_149, LONG) < 150 < distance_m(
        LAT, LONG, LAT + NORTH_152, LONG)
    assert 145 < distance_m(LAT, LONG, LAT, LONG + EAST_148) < 150


def test_pins_within_150_m_of_the_same_category_open_and_recent_are_candidates(app):
    category, other = make_category(), make_category()
    near_north = _pinned(category, NORTH_149, colonia="A")
    near_east = _pinned(category, dlong=EAST_148, colonia="B")
    _pinned(category, NORTH_152, colonia="C")                    # 152 m: too far
    _pinned(other, colonia="D")                                  # other category
    _pinned(category, colonia="E", now=utcnow() - timedelta(days=31))  # too old
    closed = _pinned(category, colonia="F")
    workflow.transition(closed, c.REJECTED, make_user(role="secretary"), note="No procede.",
                        now=utcnow())
    db.session.commit()
    found = list_duplicate_candidates(category.id, "Otra", now=utcnow(), latitude=str(LAT),
                                      longitude=str(LONG))
    assert {t.id for t in found} == {near_north.id, near_east.id}


def test_the_same_catalogue_colonia_is_a_candidate_whatever_its_text(app):
    category = make_category()
    colonia = make_colonia("Centro")
    same = make_ticket(category, colonia_id=colonia.id)
    same.colonia = "Zona Centro"  # e.g. recorded before a rename
    db.session.commit()
    found = list_duplicate_candidates(category.id, "Centro Histórico", now=utcnow(),
                                      colonia_id=colonia.id)
    assert [t.id for t in found] == [same.id]
    assert list_duplicate_candidates(category.id, "Centro Histórico", now=utcnow()) == []


def test_the_triage_page_suggests_by_distance_and_by_colonia(app):
    category = make_category()
    colonia = make_colonia("Esparza", postal_code="99040")
    web = _pinned(category, colonia="Algún lugar", channel="web", kind="denuncia",
                  auto_channel=False)
    near = _pinned(category, NORTH_149, colonia="Otro texto")
    far = _pinned(category, NORTH_152, colonia="Tercer texto")
    by_colonia = make_ticket(category, colonia_id=colonia.id)
    web2 = make_ticket(category, colonia_id=colonia.id, channel="web", kind="denuncia",
                       auto_channel=False)
    result = list_duplicates_of_page([web, web2], now=utcnow())
    assert [row.id for row in result[web.id]] == [near.id]
    assert [row.id for row in result[web2.id]] == [by_colonia.id]
    assert far.id not in {row.id for rows in result.values() for row in rows}


@pytest.mark.parametrize("lat, long", [("abc", "1"), ("", ""), (None, "-102.87"), ("NaN", "1")])
def test_bad_coordinates_in_the_lookup_are_ignored(app, lat, long):
    category = make_category()
    _pinned(category)
    assert list_duplicate_candidates(category.id, "", now=utcnow(), latitude=lat,
                                     longitude=long) == []


def test_the_intake_lookup_finds_pins_nearby(client, login_as):
    login_as(make_user(role="frontdesk"))
    category = make_category()
    near = _pinned(category, NORTH_149)
    rows = client.get(f"/tickets/duplicados.json?categoria={category.id}&colonia="
                      f"&lat={LAT}&long={LONG}").get_json()
    assert [r["folio"] for r in rows] == [near.folio]
