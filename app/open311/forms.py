"""Forms of the API keys screen."""
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm


class ApiKeyForm(BaseForm):
    name = StringField("Para quién es (sistema, dependencia o grupo)", validators=[
        DataRequired("Este campo es obligatorio."), Length(max=120, message="Máximo 120 caracteres.")])
    submit = SubmitField("Emitir clave")


class RevokeForm(BaseForm):
    submit = SubmitField("Revocar")
