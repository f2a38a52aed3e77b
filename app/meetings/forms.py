"""Forms of the meetings feature: they shape input; the rules live in the services."""
from flask_wtf.file import FileField
from wtforms import (DateField, SelectField, SelectMultipleField, StringField, SubmitField,
                     TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import BaseForm
from app.meetings.models import KIND_LABELS
from app.meetings.services import MAX_TEXT

DATE_MESSAGE = "Escriba una fecha válida (AAAA-MM-DD)."
TEXT_LENGTH = Length(max=MAX_TEXT, message=f"Máximo {MAX_TEXT} caracteres.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MeetingForm(BaseForm):
    held_on = DateField("Fecha", validators=[InputRequired(DATE_MESSAGE)])
    at = TimeField("Hora", validators=[InputRequired("Escriba la hora (HH:MM).")])
    kind = SelectField("Tipo", choices=list(KIND_LABELS.items()))
    submit = SubmitField("Registrar reunión")


class AttendanceForm(BaseForm):
    units = MultiCheckboxField("Unidades presentes", coerce=int, validate_choice=False)
    items = MultiCheckboxField("Puntos tratados", coerce=int, validate_choice=False)
    save = SubmitField("Guardar asistencia y puntos tratados")


class AgendaItemForm(BaseForm):
    point = StringField("Nuevo punto", validators=[
        DataRequired("Escriba el punto del orden del día."),
        TEXT_LENGTH])
    add = SubmitField("Agregar punto")


class AgreementForm(BaseForm):
    text = TextAreaField("Acuerdo", validators=[TEXT_LENGTH], render_kw={"rows": 3})
    units = SelectMultipleField("Unidades responsables", coerce=int, validate_choice=False,
                                render_kw={"size": 6})
    due_date = DateField("Fecha límite", validators=[Optional()])
    create = SubmitField("Registrar acuerdo")


class AgreementStatusForm(BaseForm):
    to_status = SelectField("Nuevo estado", choices=[])
    note = TextAreaField("Nota", validators=[TEXT_LENGTH], render_kw={"rows": 3})
    evidence = StringField("Evidencia: enlace o referencia (opcional)", validators=[
        Length(max=500, message="Máximo 500 caracteres.")])
    evidence_file = FileField("Archivo de evidencia (opcional)")
    change = SubmitField("Guardar")
