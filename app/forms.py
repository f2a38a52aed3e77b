"""Shared forms: the base form (WTForms' own messages in Spanish), the confirm button and a
faster select for long option lists."""
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField, SubmitField
from wtforms.widgets import Select


class BaseForm(FlaskForm):
    class Meta:
        locales = ["es_MX", "es"]


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
