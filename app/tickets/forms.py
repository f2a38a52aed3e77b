"""Ticket forms: they shape input only; the rules live in services and the workflow."""
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import (DataRequired, Email, InputRequired, Length, Optional,
                                ValidationError)

from app.forms import BaseForm, FastSelectField, clamp_page
from app.tickets import constants as c
from app.tickets.constants import MIN_SEARCH_CHARS
from app.tickets.queries import CHANNEL_GROUPS, DATE_FIELDS, RECEIVED_ON

REQUIRED = "Este campo es obligatorio."
PER_CITIZEN_MAX_DAYS = 366  # the statistics' longest range


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank(label):
    return [("", label)]


class IntakeForm(BaseForm):
    citizen_id = HiddenField()
    citizen_name = StringField("Nombre del ciudadano", validators=[
        DataRequired(REQUIRED), Length(max=150, message="Máximo 150 caracteres.")])
    citizen_phone = StringField("Teléfono (10 dígitos)", validators=[DataRequired(REQUIRED)])
    citizen_email = EmailField("Correo electrónico (opcional)", validators=[
        Optional(), Email("Correo electrónico no válido."), Length(max=254)])
    citizen_address = StringField("Domicilio del ciudadano", validators=[Optional(), Length(max=255)])
    citizen_colonia = StringField("Colonia", validators=[Optional(), Length(max=120)])
    citizen_localidad = StringField("Localidad", default="Fresnillo",
                                    validators=[Optional(), Length(max=120)])
    channel = SelectField("Canal", choices=[(k, c.CHANNEL_LABELS[k]) for k in c.DESK_CHANNELS],
                          validators=[DataRequired(REQUIRED)])
    kind = SelectField("Tipo", choices=list(c.KIND_LABELS.items()), validators=[DataRequired(REQUIRED)])
    category_id = SelectField("Categoría del catálogo", coerce=int, choices=[],
                              validate_choice=False)
    unit_id = SelectField("Canalizar a", coerce=int, choices=[], validate_choice=False)
    description = TextAreaField("Descripción", validators=[
        DataRequired(REQUIRED), Length(max=c.MAX_DESCRIPTION_CHARS,
                                       message=f"Máximo {c.MAX_DESCRIPTION_CHARS} caracteres.")])
    address = StringField("Ubicación del problema (calle y número)",
                          validators=[Optional(), Length(max=255)])
    colonia_id = SelectField("Colonia del problema", choices=[], validate_choice=False)
    colonia = StringField("Colonia del problema", validators=[Optional(), Length(max=120)])
    # The pin of the optional map (app/places): filled by the map's script.
    latitude = HiddenField(validators=[Optional(), Length(max=20)])
    longitude = HiddenField(validators=[Optional(), Length(max=20)])
    localidad = StringField("Localidad del problema", default="Fresnillo",
                            validators=[Optional(), Length(max=120)])
    duplicate_of = StringField("Es duplicado del folio (opcional)",
                               validators=[Optional(), Length(max=20)])
    attachments = MultipleFileField("Adjuntos (imágenes o PDF, 10 MB cada uno)")
    submit = SubmitField("Registrar solicitud")


class TransitionForm(BaseForm):
    to_status = HiddenField(validators=[DataRequired("Acción no válida.")])
    version = HiddenField()
    unit_id = SelectField("Unidad", coerce=int, choices=[], validate_choice=False)
    duplicate_folio = StringField("Folio original", validators=[Optional(), Length(max=20)])
    note = TextAreaField("Nota", validators=[Optional(), Length(max=c.MAX_NOTE_CHARS)])
    # Unticked unless the status's facts say the citizen is told (see templates/tickets/
    # _transition_form.html, which sends it then).
    public = BooleanField("Visible para el ciudadano")
    submit = SubmitField("Aplicar")


class AssignForm(BaseForm):
    # 0 releases the ticket; the service checks the person is of the ticket's unit.
    assignee_id = SelectField("Asignar a", coerce=int, choices=[], validate_choice=False,
                              validators=[InputRequired("Elija a quién asignar el ticket.")])
    version = HiddenField()
    submit = SubmitField("Asignar")


class NoteForm(BaseForm):
    note = TextAreaField("Nota", validators=[
        DataRequired("Escriba la nota."), Length(max=c.MAX_NOTE_CHARS)])
    public = BooleanField("Actualización pública (el ciudadano la verá)")
    submit = SubmitField("Agregar nota")


class AttachmentForm(BaseForm):
    file = FileField("Archivo (imagen o PDF, máximo 10 MB)")
    public = BooleanField("Visible para el ciudadano")
    submit = SubmitField("Adjuntar")


FIGURE_UNIT_MAX_DAYS = 731


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("Buscar (folio, ciudadano, descripción)", filters=[_strip], validators=[
        Optional(), Length(min=MIN_SEARCH_CHARS, max=100, message=(
            f"Escriba al menos {MIN_SEARCH_CHARS} caracteres para buscar (máximo 100)."))])
    status = FastSelectField("Estado", choices=_blank("Todos") + list(c.STATUS_LABELS.items()),
                         validators=[Optional()])
    unit_id = FastSelectField("Unidad", coerce=lambda v: int(v) if v not in (None, "") else None,
                          choices=[], validators=[Optional()])
    category_id = FastSelectField("Categoría", coerce=lambda v: int(v) if v not in (None, "") else None,
                              choices=[], validators=[Optional()])
    channel = FastSelectField("Canal", choices=_blank("Todos") + list(c.CHANNEL_LABELS.items()),
                          validators=[Optional()])
    kind = FastSelectField("Tipo", choices=_blank("Todos") + list(c.KIND_LABELS.items()),
                       validators=[Optional()])
    date_from = DateField("Desde", validators=[Optional()])
    date_to = DateField("Hasta", validators=[Optional()])
    overdue = BooleanField("Solo vencidos")
    # The statistics dashboard's figures (its links fill these).
    channel_group = FastSelectField("Grupo de canales", choices=_blank("Todos") + list(
        CHANNEL_GROUPS.items()), validators=[Optional()])
    date_field = FastSelectField("El rango de fechas es de", choices=list(DATE_FIELDS.items()),
                                 default=RECEIVED_ON, validators=[Optional()])
    backlog_on = DateField("Rezago al cierre del día", validators=[Optional()])
    overdue_on = DateField("Vencidas al cierre del día", validators=[Optional()])
    unit_on = DateField("Unidad que tenía al cierre del día", validators=[Optional()])
    unit_of_figure = BooleanField("Unidad de la estadística (la del día de recepción, la "
                                  "primera canalización o la conclusión)")
    colonia = StringField("Colonia (exacta)", filters=[_strip], validators=[
        Optional(), Length(max=120, message="Máximo 120 caracteres.")])
    per_citizen = BooleanField("Una por ciudadano (su primera)")
    sort = FastSelectField("Orden", choices=[("recientes", "Más recientes"),
                                         ("vencimiento", "Fecha límite")], validators=[Optional()])
    # The tickets of one citizen (the link of the citizen's history on a ticket's page).
    ciudadano = IntegerField(validators=[Optional()])
    page = IntegerField(filters=[clamp_page], validators=[Optional()])

    def validate_per_citizen(self, field):
        start, end = self.date_from.data, self.date_to.data
        days = (end - start).days + 1 if start and end else 0
        if field.data and not 1 <= days <= PER_CITIZEN_MAX_DAYS:
            raise ValidationError("«Una por ciudadano» necesita «Desde» y «Hasta», "
                                  "de un año como máximo.")

    def validate_unit_of_figure(self, field):
        start, end = self.date_from.data, self.date_to.data
        days = (end - start).days + 1 if start and end else 0
        if field.data and not 1 <= days <= FIGURE_UNIT_MAX_DAYS:
            raise ValidationError("«Unidad de la estadística» necesita «Desde» y «Hasta», "
                                  "de dos años como máximo.")

    def validate_date_to(self, field):
        if self.date_from.data and field.data and self.date_from.data > field.data:
            raise ValidationError("La fecha «Desde» no puede ser posterior a «Hasta».")
