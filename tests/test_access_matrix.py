"""Every route × every role: who gets in, who is refused (never a 500).

A new route must be listed, or test_every_route_is_in_the_matrix fails. Each feature lists its
routes in ``tests/<feature>/access.py`` as ``ROUTES`` (same shape as below) and, when its URLs
need objects, a ``make_objects(unit)`` returning the extra ``{placeholder: value}`` pairs.
"""
import importlib
import pkgutil
from datetime import date

import pytest

import tests

from app.extensions import db
from app.units.models import NonWorkingDay

from tests.factories import make_category, make_unit, make_user
from tests.roles import ADMIN, ANONYMOUS, ANYONE_LOGGED, PUBLIC, ROLES

# endpoint: (method, url template, roles allowed). {unit}, {user}, {category} are filled in.
ROUTES = {
    "main.index": ("GET", "/", PUBLIC),
    "auth.login": ("GET", "/cuenta/entrar", PUBLIC),
    "auth.logout": ("POST", "/cuenta/salir", ANYONE_LOGGED),
    "auth.change_password": ("GET", "/cuenta/contrasena", ANYONE_LOGGED),
    "admin.units": ("GET", "/admin/unidades", ADMIN),
    "admin.unit_form": ("GET", "/admin/unidades/{unit}/editar", ADMIN),
    "admin.users": ("GET", "/admin/usuarios", ADMIN),
    "admin.user_form": ("GET", "/admin/usuarios/{user}/editar", ADMIN),
    "admin.user_password": ("GET", "/admin/usuarios/{user}/contrasena", ADMIN),
    "admin.categories": ("GET", "/admin/catalogo", ADMIN),
    "admin.category_form": ("GET", "/admin/catalogo/{category}/editar", ADMIN),
    "admin.non_working_days": ("GET", "/admin/dias-inhabiles", ADMIN),
    "admin.contact": ("GET", "/admin/contacto", ADMIN),
    "admin.delete_non_working_day": ("POST", "/admin/dias-inhabiles/{day}/eliminar", ADMIN),
}
FEATURE_ACCESS = []
for _info in pkgutil.walk_packages(tests.__path__, "tests."):
    if _info.name.endswith(".access"):
        _module = importlib.import_module(_info.name)
        ROUTES.update(_module.ROUTES)
        FEATURE_ACCESS.append(_module)

# Routes not meant for a role check (static files).
EXEMPT = {"static", "bootstrap.static"}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - EXEMPT
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES"
    assert set(ROUTES) - endpoints == set()


def test_every_view_declares_its_access(app):
    for endpoint, view in app.view_functions.items():
        if endpoint not in EXEMPT:
            assert hasattr(view, "access"), f"{endpoint} has no access decorator"


def _make_day() -> int:
    row = NonWorkingDay(day=date(2026, 12, 12), description="Día inhábil")
    db.session.add(row)
    db.session.commit()
    return row.id


def make_route_objects():
    """(unit, ids) of one object per URL argument of the routes, for the matrix and the
    hostile-input test."""
    unit = make_unit()
    objects = {"unit": unit.id, "user": make_user(role="frontdesk").id,
               "category": make_category(unit=unit).id, "day": _make_day()}
    for module in FEATURE_ACCESS:
        if hasattr(module, "make_objects"):
            objects.update(module.make_objects(unit))
    return unit, objects


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_role_matrix(app, client, login_as, role, endpoint):
    unit, objects = make_route_objects()
    if role != ANONYMOUS:
        login_as(make_user(role=role, unit=unit if role == "unit" else None))
    method, template, allowed = ROUTES[endpoint]
    response = client.open(template.format(**objects), method=method)
    if role in allowed:
        assert response.status_code in (200, 302)
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert "/cuenta/entrar" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404)
