"""Open311 routes for the access matrix (tests/test_access_matrix.py)."""
from app.extensions import db
from app.open311.services import issue_api_key
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket
from tests.roles import ADMIN, PUBLIC

V2 = "/open311/v2"

ROUTES = {
    "open311.docs": ("GET", "/open311/", PUBLIC),
    "open311.discovery": ("GET", f"{V2}/discovery.json", PUBLIC),
    "open311.services_list": ("GET", f"{V2}/services.xml", PUBLIC),
    "open311.service_definition": ("GET", f"{V2}/services/{{service_code}}.json", PUBLIC),
    "open311.list_requests": ("GET", f"{V2}/requests.xml", PUBLIC),
    "open311.create_request": (
        "POST", f"{V2}/requests.json?api_key={{api_key}}&service_code={{service_code}}"
                "&description=Bache+profundo&lat=23.17&long=-102.87", PUBLIC),
    "open311.request_detail": ("GET", f"{V2}/requests/{{folio}}.json", PUBLIC),
    "open311.token": ("GET", f"{V2}/tokens/{{token}}.xml", PUBLIC),
    "api_keys.index": ("GET", "/admin/claves-api/", ADMIN),
    "api_keys.issue": ("POST", "/admin/claves-api/nueva", ADMIN),
    "api_keys.revoke": ("POST", "/admin/claves-api/{api_key_id}/revocar", ADMIN),
}


def make_objects(unit) -> dict:
    """A public category, an API key and a web complaint with its token."""
    category = make_category(unit=unit)
    key, raw_key = issue_api_key("Sitio municipal", None, now=utcnow())
    ticket = make_ticket(category, channel="api", kind="denuncia", api_token="tok-matrix")
    db.session.commit()
    return {"service_code": category.code, "api_key": raw_key, "api_key_id": key.id,
            "folio": ticket.folio, "token": ticket.api_token}
