"""GeoReport v2 endpoints under /open311/v2/ and the developer page /open311/.

Reads are public and rate-limited per IP; POST requests needs an api_key and is
rate-limited per key (and per IP). The blueprint is CSRF-exempt: clients are programs
that authenticate with their api_key, not browser sessions.
"""
import hashlib

from flask import Blueprint, Response, current_app, render_template, request
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import DataError

from app.auth.decorators import public
from app.extensions import csrf, db, limiter
from app.open311 import documents, queries, services
from app.open311.formats import render
from app.open311.params import (ApiError, attribute_answers, checked, optional,
                                parse_request_filters)
from app.timeutil import utcnow
from app.units import queries as unit_queries

bp = Blueprint("open311", __name__, url_prefix="/open311")
csrf.exempt(bp)
FMT = "<any(json, xml):fmt>"
POST_ARGS = ("service_code", "description", "lat", "long", "address_string", "address_id",
             "first_name", "last_name", "email", "phone")


def _key_bucket() -> str:
    """Rate-limit bucket of a POST: its api_key (hashed), or the IP without one."""
    raw = (request.values.get("api_key") or "").strip()
    if not raw:
        return f"open311-ip:{get_remote_address()}"
    return "open311-key:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


read_limit = limiter.limit(lambda: current_app.config.get("OPEN311_READ_LIMIT", "120/minute"))
post_limit_key = limiter.limit(lambda: current_app.config.get("OPEN311_POST_LIMIT", "30/minute;1000/day"),
                               key_func=_key_bucket)
post_limit_ip = limiter.limit(lambda: current_app.config.get("OPEN311_POST_IP_LIMIT", "60/minute"))


def _answer(fmt: str, root: str, document, status: int = 200) -> Response:
    body, content_type = render(fmt, root, document)
    return Response(body, status=status, content_type=content_type)


def _error_format() -> str:
    fmt = (request.view_args or {}).get("fmt")
    return fmt if fmt in ("json", "xml") else ("json" if request.path.endswith(".json") else "xml")


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    db.session.rollback()
    return _answer(_error_format(), "errors", documents.errors(exc.status, exc.description),
                   exc.status)


@bp.errorhandler(DataError)
@bp.errorhandler(OverflowError)
def _bad_data(_exc):
    """What the argument checks missed and the database refused is still the client's error."""
    return _api_error(ApiError(400, "Algún parámetro no tiene un formato válido o excede lo "
                                    "permitido."))


@bp.url_value_preprocessor
def _check_path(_endpoint, values):
    """Path segments (service code, request id, token) are checked like the arguments."""
    for name, value in (values or {}).items():
        if isinstance(value, str):
            checked(value, name)


@bp.errorhandler(429)
def _too_many(_exc):
    return _api_error(ApiError(429, "Demasiadas solicitudes: espere un momento e intente de nuevo."))


@bp.before_app_request
def _unknown_api_path():
    """Unknown resources and methods under /open311/v2/ answer in the API's error format."""
    exc = request.routing_exception
    if exc is None or not request.path.startswith(f"{bp.url_prefix}/v2/"):
        return None
    if getattr(exc, "code", None) == 405:
        return _api_error(ApiError(405, f"Método {request.method} no permitido en este recurso."))
    return _api_error(ApiError(404, "Recurso no encontrado: use discovery, services, requests o "
                                    "tokens con la extensión .json o .xml."))


@bp.route("/")
@public
def docs():
    return render_template("open311/docs.html", api_url=_api_url(),
                           lookup_url=_lookup_url())


@bp.route(f"/v2/discovery.{FMT}")
@public
@read_limit
def discovery(fmt):
    return _answer(fmt, "discovery", documents.discovery(_api_url(), _public_url("/open311/")))


@bp.route(f"/v2/services.{FMT}")
@public
@read_limit
def services_list(fmt):
    return _answer(fmt, "services", [documents.service(category, has_attributes)
                                     for category, has_attributes in queries.list_services()])


@bp.route(f"/v2/services/<code>.{FMT}")
@public
@read_limit
def service_definition(code, fmt):
    category = queries.get_service(code)
    if category is None:
        raise ApiError(404, f"No existe el service_code «{code}».")
    return _answer(fmt, "service_definition", documents.service_definition(
        category, unit_queries.list_attributes(category.id, active_only=True)))


@bp.route(f"/v2/requests.{FMT}", methods=["GET"])
@public
@read_limit
def list_requests(fmt):
    filters = parse_request_filters(request.args, utcnow())
    category_ids = None
    if filters.service_codes:
        by_code = queries.list_public_categories_by_code(filters.service_codes)
        unknown = [code for code in filters.service_codes if code not in by_code]
        if unknown:
            raise ApiError(404, f"No existe el service_code «{unknown[0]}».")
        category_ids = list(by_code.values())
    rows = queries.list_requests(filters, category_ids)
    return _answer(fmt, "service_requests", [documents.request(row) for row in rows])


@bp.route(f"/v2/requests.{FMT}", methods=["POST"])
@public
@post_limit_ip
@post_limit_key
def create_request(fmt):
    now = utcnow()
    key = services.authenticate(optional(request.values, "api_key"))
    data = services.RequestInput(**{name: optional(request.values, name) for name in POST_ARGS},
                                 attributes=attribute_answers(request.values))
    ticket = services.create_service_request(key, data, now=now)
    db.session.commit()
    return _answer(fmt, "service_requests", [documents.created(ticket, _lookup_url())])


@bp.route(f"/v2/requests/<request_id>.{FMT}")
@public
@read_limit
def request_detail(request_id, fmt):
    row = queries.get_request(request_id)
    if row is None:
        raise ApiError(404, f"No existe la solicitud «{request_id}».")
    return _answer(fmt, "service_requests", [documents.request(row)])


@bp.route(f"/v2/tokens/<token>.{FMT}")
@public
@read_limit
def token(token, fmt):
    row = queries.get_request_by_token(token)
    if row is None:
        raise ApiError(404, f"No existe el token «{token}».")
    return _answer(fmt, "service_requests", [documents.token(row)])


def _public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _api_url() -> str:
    return _public_url("/open311/v2")


def _lookup_url() -> str:
    return _public_url("/consulta")
