"""A unit's activity periods: creating it opens one, deactivating closes it, reactivating opens
another; ``active`` and ``deactivated_at`` keep describing the current state."""
from datetime import datetime, timedelta, timezone

import pytest

from app.extensions import db
from app.units import services
from app.units.queries import get_unit_periods
from tests.factories import make_unit

UTC = timezone.utc
CREATED = datetime(2025, 6, 2, 15, tzinfo=UTC)
OFF = datetime(2026, 3, 4, 17, tzinfo=UTC)  # Wednesday of week 10 of 2026
ON = datetime(2026, 4, 2, 15, tzinfo=UTC)  # Thursday of week 14


def periods_of(unit):
    return [(p.started_at, p.ended_at) for p in get_unit_periods(unit.id)]


def create(active=True, now=CREATED):
    unit = services.save_unit(None, name="Obras Públicas", code="OBRAS", head_name=None,
                              email=None, active=active, now=now)
    db.session.commit()
    return unit


def toggle(unit, active, now):
    services.set_unit_active(unit, active, now)
    db.session.commit()


def test_creating_a_unit_opens_a_period_at_its_creation(app):
    unit = create()
    assert periods_of(unit) == [(CREATED, None)]
    assert (unit.active, unit.created_at, unit.deactivated_at) == (True, CREATED, None)


def test_a_unit_created_inactive_has_no_period(app):
    unit = create(active=False)
    assert periods_of(unit) == []
    assert (unit.active, unit.deactivated_at) == (False, None)


def test_deactivating_closes_the_period_and_reactivating_opens_another(app):
    unit = create()
    toggle(unit, False, OFF)
    assert periods_of(unit) == [(CREATED, OFF)]
    assert (unit.active, unit.deactivated_at) == (False, OFF)
    toggle(unit, True, ON)
    assert periods_of(unit) == [(CREATED, OFF), (ON, None)]
    assert (unit.active, unit.deactivated_at) == (True, None)
    later = ON + timedelta(days=40)
    toggle(unit, False, later)
    assert periods_of(unit) == [(CREATED, OFF), (ON, later)]


def test_saving_a_unit_without_toggling_it_leaves_its_periods_alone(app):
    unit = create()
    for when in (OFF, ON):
        services.save_unit(unit, name="Obras", code="OBRAS", head_name="Ing. Pérez", email=None,
                           active=True, now=when)
        db.session.commit()
    toggle(unit, False, OFF)
    services.save_unit(unit, name="Obras", code="OBRAS", head_name=None, email=None,
                       active=False, now=ON)
    db.session.commit()
    assert periods_of(unit) == [(CREATED, OFF)]
    assert unit.deactivated_at == OFF


@pytest.mark.parametrize("overrides,expected", [
    ({"created_at": CREATED}, [(CREATED, None)]),
    ({"created_at": CREATED, "active": False, "deactivated_at": OFF}, [(CREATED, OFF)]),
    ({"created_at": CREATED, "active": False}, []),  # inactive without a date: owes nothing
])
def test_factory_units_get_the_period_their_columns_describe(app, overrides, expected):
    assert periods_of(make_unit(**overrides)) == expected


def test_factory_units_without_a_creation_date_are_active_from_now(app):
    before = datetime.now(UTC)
    unit = make_unit()
    [(started_at, ended_at)] = periods_of(unit)
    assert started_at == unit.created_at and before <= started_at and ended_at is None
