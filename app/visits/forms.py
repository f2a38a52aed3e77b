"""Forms of the visits screens: they shape input only; rules live in the services."""
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SubmitField
from wtforms.validators import InputRequired, Optional

from app.forms import BaseForm


class MonthForm(BaseForm):
    visits = IntegerField("Visitas", validators=[InputRequired("Indique el número de visitas.")])
    unique_visitors = IntegerField("Visitantes únicos (opcional)", validators=[Optional()])
    page_views = IntegerField("Páginas vistas (opcional)", validators=[Optional()])
    submit = SubmitField("Guardar")


class WithdrawForm(BaseForm):
    """Only the CSRF token: withdraw a month's typed or imported figures."""

    submit = SubmitField("Retirar la cifra y volver al contador")


class ImportUploadForm(BaseForm):
    file = FileField("Archivo CSV exportado de Google Analytics 4 o Matomo",
                     validators=[FileRequired("Seleccione un archivo CSV.")])
    submit = SubmitField("Revisar")


class ImportConfirmForm(BaseForm):
    content = HiddenField()
    file_name = HiddenField()
    submit = SubmitField("Confirmar e importar")
