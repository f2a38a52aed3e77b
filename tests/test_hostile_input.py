"""Hostile input on every route and every form: never a 5xx, on SQLite and on PostgreSQL.

The routes come from ``app.url_map``; the URL that reaches each one with real objects, and the
roles allowed on it, from the access matrix (which fails when a route is missing from it). The
forms come from the pages themselves: each route's blueprint pages are fetched as an allowed
role and every ``<form>`` posting to the route gives the field names and a valid submission.
Each field is then replaced, one at a time, by values of the corpus, the others staying valid
so that the hostile value reaches the services and the database. Query strings get the
argument names read in ``app/`` (``args.get("…")``) and the form fields' names.
"""
import importlib
import pkgutil
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.routing import AnyConverter, IntegerConverter

import app as app_package
from app import create_app
from app.converters import DbIntConverter
from app.extensions import db
from app.forms import InputMeta
from config import TestConfig
from tests.factories import PASSWORD, make_user
from tests.test_access_matrix import EXEMPT, ROUTES, make_route_objects

# Checked here independently of app/validators.py: C0 and C1 controls and DEL.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DB_INT_RANGE = range(-2**31, 2**31)
HUGE = "99999999999999999999"
LONG = "x" * 100_000
CORPUS = (HUGE, "-" + HUGE, "-1", "2147483648", "a\x00b", "\x00", "\u202egnp.exe\u202c",
          "🚧 bache 🔥👍🏽", LONG, "2026-02-31", "31/12/99999", "../../etc/passwd", "%00",
          "1e309", "²", "\x1b[31m\x7f\x85")
# Corpus values every single field receives (the rest rotate over the fields).
ALWAYS = ("a\x00b", HUGE)
PREFERRED_ROLES = ("admin", "secretary", "frontdesk", "unit", "anonymous")
APP_ROOT = Path(app_package.__file__).resolve().parent
# Leave the honeypot empty (it is the field hidden from people, with tabindex -1).
HONEYPOT_TABINDEX = "-1"
NO_LIMITS = pytest.mark.config(RATELIMIT_ENABLED=False, PORTAL_MIN_FILL_SECONDS=0)


def _url_map_rules():
    config = type("HostileConfig", (TestConfig,), {"UPLOAD_DIR": "/tmp/hostile-uploads"})
    return list(create_app(config).url_map.iter_rules())


RULES = [rule for rule in _url_map_rules() if rule.endpoint not in EXEMPT]
ENDPOINTS = sorted({rule.endpoint for rule in RULES})


def _query_names() -> set[str]:
    """Query-string and API argument names read anywhere in app/."""
    pattern = re.compile(r"""(?:args|values|form)(?:\.get\(|\[)\s*["'](\w+)["']"""
                         r"""|(?:optional\(\s*\w+(?:\.\w+)?,|text_arg\()\s*["'](\w+)["']""")
    names = set()
    for path in APP_ROOT.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    from app.open311.views import POST_ARGS
    # Plus the keyword names url_for reserves, which a page repeating its query string in its
    # links must not pass on.
    return names | set(POST_ARGS) | {"attribute[tamano]", "_scheme", "_external", "_anchor"}


def _form_classes():
    from wtforms import Form

    for info in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(info.name)
    seen, stack = [], list(Form.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("app.") and cls not in seen:
            seen.append(cls)
    return sorted(seen, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


FORM_CLASSES = _form_classes()
def _field_names_of(form_class):
    return [name for name in dir(form_class)
            if hasattr(getattr(form_class, name, None), "field_class")]


FIELD_NAMES = sorted({name for cls in FORM_CLASSES for name in _field_names_of(cls)})
QUERY_NAMES = sorted(_query_names() | set(FIELD_NAMES))


class _Forms(HTMLParser):
    """Every ``<form>`` of a page: method, action and a valid value per field."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").upper(),
                               "action": attrs.get("action") or "", "fields": MultiDict()})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else None
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            value = _valid_value(name, kind, attrs)
            if value is not None and not (kind == "radio" and name in fields):
                fields.add(name, value)
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if "selected" in attrs:
                self._select[1] = value
            if self._select[2] is None and value not in ("", "0"):
                self._select[2] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = "Descripción de prueba con suficiente detalle."

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, selected, first = self._select
            self.forms[-1]["fields"][name] = selected if selected not in (None, "", "0") else (
                first or selected or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and data.strip():
            self.forms[-1]["fields"][self._textarea] = data


def _valid_value(name, kind, attrs):
    if attrs.get("tabindex") == HONEYPOT_TABINDEX:
        return ""
    if kind in ("submit", "button", "file", "reset", "image"):
        return None
    if kind in ("checkbox", "radio"):
        return attrs.get("value", "y")
    if kind == "password":
        return PASSWORD
    if attrs.get("value"):
        return attrs["value"]
    return {"email": "persona@example.com", "number": "5", "date": "2026-03-02",
            "time": "10:00", "week": "2026-W10", "month": "2026-03",
            "tel": "4931234567"}.get(kind, "4931234567" if "phone" in name else "Texto de prueba")


@pytest.fixture
def world(app):
    """The access matrix's objects, one user per role, and a login for each."""
    unit, objects = make_route_objects()
    users = {role: make_user(role=role, unit=unit if role == "unit" else None)
             for role in PREFERRED_ROLES if role != "anonymous"}
    db.session.commit()
    return objects, users


def _login(client, users, role):
    client.post("/cuenta/salir")
    if role != "anonymous":
        response = client.post("/cuenta/entrar", data={"username": users[role].username,
                                                        "password": PASSWORD})
        assert response.status_code == 302, "login failed"


def _role_for(endpoint):
    """Public routes are driven as anonymous visitors; the others as the first allowed role."""
    allowed = ROUTES[endpoint][2]
    return next(role for role in ("anonymous", *PREFERRED_ROLES) if role in allowed)


def _hostile_paths(rule, view_args):
    """The rule's path with one argument at a time replaced by corpus values."""
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            continue
        values = (HUGE, "2147483648", "0", "-1") if isinstance(converter, IntegerConverter) else (
            CORPUS)
        for value in values:
            args = {**{k: str(v) for k, v in view_args.items()}, name: value}
            yield re.sub(r"<(?:[^:<>]+:)?([^<>]+)>",
                         lambda m: quote(args.get(m.group(1), ""), safe=""), rule.rule)


def _rotations(names, values=CORPUS):
    """``len(values)`` argument sets where every name meets every value once."""
    names = list(names)
    for shift in range(len(values)):
        yield {name: values[(i + shift) % len(values)] for i, name in enumerate(names)
               if values[(i + shift) % len(values)] is not LONG or i % 7 == 0}


def _single_field_variants(baseline: MultiDict):
    """The valid submission with one field replaced: by ALWAYS, then by one rotating value."""
    for i, name in enumerate(baseline.keys()):
        for value in (*ALWAYS, CORPUS[i % len(CORPUS)]):
            data = baseline.copy()
            data.setlist(name, [value])
            yield data


def _forms_posting_to(client, endpoint, role, path, objects):
    """Forms on the GET pages of the endpoint's blueprint (the role's view) that post to path."""
    blueprint = endpoint.split(".")[0]
    found = []
    for other in ENDPOINTS:
        method, template, allowed = ROUTES[other]
        if other.split(".")[0] != blueprint or method != "GET" or role not in allowed:
            continue
        page_url = template.format(**objects)
        response = client.get(page_url)
        if not response.mimetype == "text/html":
            continue
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = urlsplit(form["action"] or page_url).path
            if form["method"] == "POST" and action == path:
                found.append(form["fields"])
    return found


def _send(client, failures, method, url, **kwargs):
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as exc:  # a 500 under TESTING propagates: record it with the input
        failures.append((method, url[:160], repr(kwargs.get("data"))[:300], repr(exc)[:300]))
        db.session.rollback()
        return None
    if response.status_code >= 500:
        failures.append((method, url[:160], repr(kwargs.get("data"))[:300], response.status_code))
    return response


@NO_LIMITS
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_input_never_gets_a_server_error(app, client, world, endpoint):
    objects, users = world
    role = _role_for(endpoint)
    _login(client, users, role)
    template = ROUTES[endpoint][1].format(**objects)
    split = urlsplit(template)
    adapter = app.url_map.bind("localhost")
    failures = []
    for rule in (r for r in RULES if r.endpoint == endpoint):
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        try:
            _, view_args = adapter.match(split.path, method=methods[0])
        except Exception:
            view_args = {}
        for method in methods:
            for path in _hostile_paths(rule, view_args):
                _send(client, failures, method, path)
        if "GET" in methods:
            for args in _rotations(QUERY_NAMES):
                _send(client, failures, "GET", f"{split.path}?{urlencode(args)}")
        if "POST" in methods:
            baselines = _forms_posting_to(client, endpoint, role, split.path, objects)
            query = MultiDict(parse_qsl(split.query))
            if not baselines:
                baselines = [query]
            for baseline in baselines[:2]:
                for data in _single_field_variants(baseline):
                    _login_again_if_logged_out(client, users, role, endpoint)
                    _send(client, failures, "POST", split.path, data=data)
            for data in _rotations(sorted(set(FIELD_NAMES) | set(query))):
                _login_again_if_logged_out(client, users, role, endpoint)
                _send(client, failures, "POST", split.path, data=data)
    assert failures == []


def _login_again_if_logged_out(client, users, role, endpoint):
    if endpoint == "auth.logout":
        _login(client, users, role)


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__name__)
def test_every_form_strips_control_characters_and_bounds_integers(app, form_class):
    for values in _rotations(_field_names_of(form_class)):
        formdata = MultiDict(values)
        with app.test_request_context(method="POST", data=formdata):
            form = form_class(formdata=formdata, meta={"csrf": False})
            form.validate()
            assert isinstance(form.meta, InputMeta), f"{form_class.__name__} is not hardened"
            for field in _all_fields(form):
                _assert_tame(field)


def _all_fields(form):
    for field in form:
        if hasattr(field, "entries"):
            for entry in field.entries:
                yield from _all_fields(entry.form) if hasattr(entry, "form") else [entry]
        elif hasattr(field, "form") and hasattr(field.form, "_fields"):
            yield from _all_fields(field.form)
        else:
            yield field


def _assert_tame(field):
    from wtforms import PasswordField, TextAreaField

    data = field.data
    if isinstance(data, str) and not isinstance(field, PasswordField):
        assert not CONTROLS.search(data), f"{field.name} kept a control character"
        if not isinstance(field, TextAreaField):
            assert not re.search(r"[\t\n\r]", data), f"{field.name} kept a line break"
    if isinstance(data, int) and not isinstance(data, bool) and not field.errors:
        assert data in DB_INT_RANGE, f"{field.name} accepted {data}"


def test_every_integer_in_a_url_is_bounded_to_the_database_range():
    for rule in RULES:
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, DbIntConverter), f"{rule.rule}: {name}"
