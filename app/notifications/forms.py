"""Forms of the outbox screens and of each user's mail preferences."""
from wtforms import BooleanField, EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import BaseForm


class SenderForm(BaseForm):
    name = StringField("Nombre del remitente", validators=[
        Optional(), Length(max=100, message="Máximo 100 caracteres.")])
    address = EmailField("Correo del remitente", validators=[
        DataRequired("Este campo es obligatorio."), Email("Correo electrónico no válido."),
        Length(max=254, message="Máximo 254 caracteres.")])
    submit = SubmitField("Guardar remitente")


class PreferencesForm(BaseForm):
    digest = BooleanField("Resumen diario de tickets por vencer y vencidos de mi unidad")
    reminders = BooleanField("Recordatorios del informe semanal (y lista de unidades que no lo "
                             "entregaron, para la Secretaría Técnica)")
    submit = SubmitField("Guardar preferencias")
