"""Forms of the places screens: they shape input only; rules live in app/places/services.py."""
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import BaseForm


class ColoniaForm(BaseForm):
    name = StringField("Nombre", validators=[
        DataRequired("Escriba el nombre de la colonia."),
        Length(max=120, message="Máximo 120 caracteres.")])
    kind = StringField("Tipo de asentamiento", default="Colonia", validators=[
        Optional(), Length(max=60, message="Máximo 60 caracteres.")])
    postal_code = StringField("Código postal", validators=[
        DataRequired("Escriba el código postal."), Length(max=5, message="Cinco dígitos.")])
    submit = SubmitField("Guardar")


class MergeForm(BaseForm):
    target_id = SelectField("Fusionar con", choices=[], validate_choice=False,
                            validators=[DataRequired("Elija la colonia que la absorbe.")])
    submit = SubmitField("Fusionar")


class MapTextForm(BaseForm):
    text = HiddenField(validators=[DataRequired("Falta el texto."), Length(max=120)])
    colonia_id = SelectField("Colonia del catálogo", choices=[], validate_choice=False,
                             validators=[DataRequired("Elija la colonia del catálogo.")])
    submit = SubmitField("Asignar")


class ImportUploadForm(BaseForm):
    file = FileField("Archivo TXT del catálogo de códigos postales de SEPOMEX",
                     validators=[FileRequired("Seleccione el archivo.")])
    submit = SubmitField("Revisar")


class ImportConfirmForm(BaseForm):
    content = HiddenField()
    file_name = HiddenField()
    submit = SubmitField("Confirmar e importar")
