"""Admin forms for units, catalog (with its extra questions), non-working days and the
municipal contact details."""
from app.forms import BaseForm as FlaskForm
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, SelectField,
                     StringField, SubmitField, TextAreaField, TimeField)
from wtforms.validators import (AnyOf, DataRequired, Email, InputRequired, Length, NumberRange,
                                Optional)

from app.timeutil import WEEKDAYS_ES
from app.units.attributes import DATATYPES

REQUIRED = "Este campo es obligatorio."


class UnitForm(FlaskForm):
    name = StringField("Nombre", validators=[
        DataRequired(REQUIRED), Length(max=150, message="Máximo 150 caracteres.")])
    code = StringField("Clave", validators=[
        DataRequired(REQUIRED), Length(max=20, message="Máximo 20 caracteres.")])
    head_name = StringField("Titular", validators=[Optional(), Length(max=150)])
    email = EmailField("Correo de contacto", validators=[
        Optional(), Email("Correo electrónico no válido."), Length(max=254)])
    report_deadline_weekday = SelectField(
        "Día límite del informe semanal (si difiere del general)",
        choices=[("", "El general")] + [(str(i), d.capitalize()) for i, d in enumerate(WEEKDAYS_ES)],
        validators=[Optional()],
    )
    report_deadline_time = TimeField("Hora límite (si difiere de la general)",
                                     validators=[Optional()])
    active = BooleanField("Activa", default=True)
    submit = SubmitField("Guardar")


class CategoryForm(FlaskForm):
    code = StringField("Clave (código de servicio)", validators=[
        DataRequired(REQUIRED), Length(max=40, message="Máximo 40 caracteres.")])
    name = StringField("Nombre", validators=[
        DataRequired(REQUIRED), Length(max=150, message="Máximo 150 caracteres.")])
    description = TextAreaField("Descripción", validators=[Optional(), Length(max=2000)])
    default_unit_id = SelectField("Unidad responsable por defecto", coerce=int, choices=[])
    due_days = IntegerField("Plazo de atención (días hábiles)", default=10, validators=[
        InputRequired("Indique un número de días."),
        NumberRange(1, 365, "El plazo debe estar entre 1 y 365 días hábiles.")])
    active = BooleanField("Activa", default=True)
    public = BooleanField("Visible en el formulario público", default=True)
    submit = SubmitField("Guardar")


class AttributeForm(FlaskForm):
    """An extra question of a catalog entry (an Open311 service attribute)."""

    code = StringField("Clave (código del atributo en Open311)", validators=[
        DataRequired(REQUIRED), Length(max=40, message="Máximo 40 caracteres.")])
    description = TextAreaField("Pregunta", validators=[
        DataRequired(REQUIRED), Length(max=500, message="Máximo 500 caracteres.")])
    datatype = SelectField("Tipo de dato", choices=list(DATATYPES.items()))
    choices = TextAreaField("Opciones (solo listas; una por línea: clave = nombre)",
                            validators=[Optional(), Length(max=8000)], render_kw={"rows": 5})
    position = IntegerField("Orden", default=1, validators=[
        InputRequired("Indique un número."),
        NumberRange(1, 999, "El orden debe ser un número entre 1 y 999.")])
    required = BooleanField("Respuesta obligatoria", default=False)
    active = BooleanField("Activo", default=True)
    submit = SubmitField("Guardar")


class AttributeStatusForm(FlaskForm):
    """The deactivate/reactivate button of an extra question ("0" or "1")."""

    active = HiddenField(validators=[AnyOf(("0", "1"))])
    submit = SubmitField("Confirmar")


class NonWorkingDayForm(FlaskForm):
    """One day, or a period from ``day`` to ``last_day``."""

    day = DateField("Fecha (o primer día)", validators=[DataRequired("Indique una fecha válida.")])
    last_day = DateField("Hasta (opcional, último día del periodo)", validators=[Optional()])
    description = StringField("Motivo", validators=[
        DataRequired(REQUIRED), Length(max=150, message="Máximo 150 caracteres.")])
    submit = SubmitField("Agregar")


class ContactForm(FlaskForm):
    """The municipality's contact details shown to citizens (portal pages and acuses)."""

    phone = StringField("Teléfono", validators=[
        Optional(), Length(max=60, message="Máximo 60 caracteres.")])
    email = EmailField("Correo electrónico", validators=[
        Optional(), Email("Correo electrónico no válido."), Length(max=254)])
    address = StringField("Domicilio de atención", validators=[
        Optional(), Length(max=200, message="Máximo 200 caracteres.")])
    hours = StringField("Horario de atención", validators=[
        Optional(), Length(max=120, message="Máximo 120 caracteres.")])
    submit = SubmitField("Guardar")
