"""Shared forms: the base form (Spanish messages, hostile input tamed for every field), the
confirm button and a faster select for long option lists."""
from typing import NamedTuple

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (Form, IntegerField, PasswordField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.fields.choices import SelectFieldBase
from wtforms.meta import DefaultMeta
from wtforms.widgets import Select

from app.validators import DB_INT_MAX, OUT_OF_RANGE, in_db_range, strip_controls

INVALID_CHOICE = "Elija una opción de la lista."


class InputMeta(DefaultMeta):
    """Spanish messages, and every field bound through ``harden_field``."""

    locales = ["es_MX", "es"]

    def bind_field(self, form, unbound_field, options):
        return harden_field(super().bind_field(form, unbound_field, options))


def harden_field(field):
    """Make a bound field safe for the database, whatever the form declares.

    Text loses its control characters (NUL included; tab and line breaks stay in multi-line
    text); integers and integer choices outside the database's INTEGER range are refused with a
    Spanish message. Passwords are left as typed: they are hashed, never stored.
    """
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        multiline = isinstance(field, TextAreaField)
        field.filters = (lambda value: strip_controls(value, multiline), *field.filters)
    elif isinstance(field, IntegerField):
        field.filters = (*field.filters, _check_range)
    elif isinstance(field, SelectFieldBase) and hasattr(field, "coerce"):
        field.coerce = _bounded(field.coerce)
        field.invalid_value_message = field.invalid_value_message or INVALID_CHOICE
    return field


def _check_range(value):
    if isinstance(value, int) and not in_db_range(value):
        raise ValueError(OUT_OF_RANGE)
    return value


def _bounded(coerce):
    def bounded(value):
        result = coerce(strip_controls(value))
        if isinstance(result, int) and not in_db_range(result):
            raise ValueError(OUT_OF_RANGE)
        return result

    return bounded


def clamp_page(value) -> int | None:
    """A page number kept between 1 and the largest one the database can offset to."""
    return None if value is None else min(max(1, value), DB_INT_MAX)


class ErrorItem(NamedTuple):
    anchor: str  # the id of the field's input, for the summary's link
    label: str
    message: str


def error_items(*forms) -> list[ErrorItem]:
    """Every error of ``forms`` in page order, nested forms included (the error summary)."""
    items = []
    for form in forms:
        if form is None:
            continue
        items += [ErrorItem("", "", str(m)) for m in getattr(form, "form_errors", [])]
        for field in form:
            items += _field_error_items(field)
    return items


def _field_error_items(field) -> list[ErrorItem]:
    if field.type in ("FormField", "FieldList"):
        return [item for sub in field for item in _field_error_items(sub)]
    if not isinstance(field.errors, (list, tuple)):
        return []
    if field.type in ("HiddenField", "CSRFTokenField"):  # nothing to link to
        return [ErrorItem("", "", str(m)) for m in field.errors]
    anchor = f"{field.id}-0" if field.type == "RadioField" else field.id  # its first option
    return [ErrorItem(anchor, field.label.text, str(m)) for m in field.errors]


def dropped_files(field, files) -> bool:
    """True when the request carried a file in ``field`` that the re-rendered page lost
    (browsers never refill a file input)."""
    if field.type not in ("FileField", "MultipleFileField"):
        return False
    return any(getattr(f, "filename", None) for f in files.getlist(field.name))


class BaseForm(FlaskForm):
    class Meta(InputMeta):
        pass


class SubForm(Form):
    """A form nested in another (``FormField``): no CSRF token of its own, same hardening."""

    class Meta(InputMeta):
        pass


class ConfirmForm(BaseForm):
    """An empty form that only carries the CSRF token of a POST button."""

    submit = SubmitField("Confirmar")


class FastSelect(Select):
    """Select whose plain options render with two escapes each instead of WTForms' generic
    attribute builder; same HTML. Used by the list filters rendered on every request."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')


class FastSelectField(SelectField):
    widget = FastSelect()
