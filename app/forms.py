"""Base form: WTForms' own messages in Spanish."""
from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    class Meta:
        locales = ["es_MX", "es"]
