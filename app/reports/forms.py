"""Forms of the weekly reports: they shape input; the rules are in the services."""
import json

from flask_wtf.file import FileField
from wtforms import (BooleanField, FieldList, FormField, SelectField, StringField, SubmitField,
                     TextAreaField, TimeField)
from wtforms.validators import DataRequired, Optional

from app.forms import BaseForm, SubForm
from app.reports.services import MAX_ACTIONS
from app.timeutil import WEEKDAYS_ES

WEEKDAY_CHOICES = [(str(i), day.capitalize()) for i, day in enumerate(WEEKDAYS_ES)]


class ActionRowForm(SubForm):
    """One planned action and its progress (a row of the repeated list)."""

    action = StringField("Acción planeada", validators=[Optional()])
    progress = StringField("% de avance", validators=[Optional()],
                           render_kw={"inputmode": "numeric", "type": "number", "min": 0,
                                      "max": 100})


class ReportForm(BaseForm):
    summary = TextAreaField("Resumen de las acciones de la semana", render_kw={"rows": 6})
    actions = FieldList(FormField(ActionRowForm), min_entries=MAX_ACTIONS,
                        max_entries=MAX_ACTIONS)
    file = FileField("Archivo (opcional): PDF, Word (DOCX) o Excel (XLSX), máximo 20 MB")
    remove_file = BooleanField("Quitar el archivo de la versión anterior")
    submit = SubmitField("Entregar informe")

    def load(self, report) -> None:
        """Fill the form with a report's current content (GET of a resubmission)."""
        self.summary.data = report.summary
        for entry, item in zip(self.actions.entries, json.loads(report.planned_actions or "[]")):
            entry.form.action.data = item["action"]
            entry.form.progress.data = str(item["progress"])

    def action_rows(self) -> list[tuple[str, str]]:
        return [(entry.form.action.data, entry.form.progress.data)
                for entry in self.actions.entries]


class DeadlineForm(BaseForm):
    weekday = SelectField("Día límite", choices=WEEKDAY_CHOICES,
                          validators=[DataRequired("Elija el día límite.")])
    time = TimeField("Hora límite (hora del centro de México)",
                     validators=[DataRequired("Indique la hora límite en formato HH:MM.")])
    submit = SubmitField("Guardar")


class ExcuseForm(BaseForm):
    reason = TextAreaField("Motivo de la justificación", render_kw={"rows": 3})
    submit = SubmitField("Justificar semana")
